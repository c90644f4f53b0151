import Dispatch

/// Runs `background` on another thread while `body` runs on this one, and returns both results once
/// both have finished: for I/O that can overlap computation (writing one part of a file while the
/// next is computed). `background` may capture what `body` does not change; nothing else is shared.
///
/// - Throws: `body`'s error, else `background`'s — always after both have finished.
public func concurrently<A, B>(_ background: () throws -> A, while body: () throws -> B) throws -> (A, B) {
    try withoutActuallyEscaping(background) { background in
        // The other thread takes the closure out of the box and lets go of it before it signals:
        // `withoutActuallyEscaping` checks that nothing holds it when this call returns.
        let work = Locked<(() throws -> A)?>(background)
        let outcome = Locked<Result<A, any Error>?>(nil)
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            func run() -> Result<A, any Error> {
                let job = work.withLock { box in
                    defer { box = nil }
                    return box!
                }
                return Result { try job() }
            }
            let result = run()
            outcome.withLock { $0 = result }
            done.signal()
        }
        let mine = Result { try body() }
        done.wait()  // `background` must not outlive this call
        let theirs = outcome.withLock { $0 }!
        let b = try mine.get()
        return (try theirs.get(), b)
    }
}
