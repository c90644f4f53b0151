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
        let results = UnsafeMutableBufferPointer<T?>.allocate(capacity: count)
        results.initialize(repeating: nil)
        defer { results.deinitialize().deallocate() }
        let lock = NSLock()
        var next = 0
        var failure: Error?
        let workers = max(1, min(threads, count))
        withoutActuallyEscaping(body) { body in
            DispatchQueue.concurrentPerform(iterations: workers) { _ in
                while true {
                    lock.lock()
                    let chunk = next
                    next += 1
                    let stop = failure != nil
                    lock.unlock()
                    if chunk >= count || stop { return }
                    do {
                        results[chunk] = try body(chunk)
                    } catch {
                        lock.lock()
                        if failure == nil { failure = error }
                        lock.unlock()
                    }
                }
            }
        }
        if let failure { throw failure }
        let finished = results.compactMap { $0 }
        precondition(finished.count == count, "every chunk runs once")
        return finished
    }

    /// Splits `0..<total` into chunks of about `size` (the last one shorter).
    public static func ranges(total: Int, size: Int) -> [Range<Int>] {
        stride(from: 0, to: total, by: max(1, size)).map { $0..<min(total, $0 + max(1, size)) }
    }
}
