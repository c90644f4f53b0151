import Dispatch
import Foundation

/// Runs `count` chunks of work on `threads` workers and returns their results **in chunk order**,
/// so merged output is identical whatever the thread count. Chunks are fixed by the data (never by
/// the thread count); workers take the next chunk from a shared counter.
public enum ParallelChunks {
    /// Worker threads to use when not told: the machine's active cores.
    public static var defaultThreads: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }

    public static func map<T>(count: Int, threads: Int, _ body: (Int) throws -> T) throws -> [T] {
        guard count > 0 else { return [] }
        let state = State<T>(count: count)
        defer { state.results.deinitialize().deallocate() }
        let workers = max(1, min(threads, count))
        try withoutActuallyEscaping(body) { body in
            let work = UncheckedBox(body)
            DispatchQueue.concurrentPerform(iterations: workers) { _ in
                while let chunk = state.take() {
                    do {
                        state.results[chunk] = try work.value(chunk)
                    } catch {
                        state.fail(error)
                    }
                }
            }
            if let failure = state.failure { throw failure }
        }
        let finished = state.results.compactMap { $0 }
        precondition(finished.count == count, "every chunk runs once")
        return finished
    }

    /// Splits `0..<total` into chunks of about `size` (the last one shorter).
    public static func ranges(total: Int, size: Int) -> [Range<Int>] {
        stride(from: 0, to: total, by: max(1, size)).map { $0..<min(total, $0 + max(1, size)) }
    }

    /// The shared counter, first failure and result slots (each slot written by one worker only).
    private final class State<T>: @unchecked Sendable {
        let lock = NSLock()
        let count: Int
        var next = 0
        var failure: Error?
        let results: UnsafeMutableBufferPointer<T?>

        init(count: Int) {
            self.count = count
            results = .allocate(capacity: count)
            results.initialize(repeating: nil)
        }

        func take() -> Int? {
            lock.lock()
            defer { lock.unlock() }
            guard failure == nil, next < count else { return nil }
            next += 1
            return next - 1
        }

        func fail(_ error: Error) {
            lock.lock()
            if failure == nil { failure = error }
            lock.unlock()
        }
    }

    /// The chunk body, shared by workers: it only reads shared state and writes its own chunk.
    private struct UncheckedBox<Value>: @unchecked Sendable {
        let value: Value
        init(_ value: Value) { self.value = value }
    }
}
