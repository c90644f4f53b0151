import Dispatch
import Foundation

/// The one ordered parallel map: runs `count` chunks of work on `threads` workers and returns their
/// results **in chunk order**, so merged output is identical whatever the thread count.
///
/// Chunks are fixed by the data (never by the thread count); workers take the next chunk from a
/// shared counter, and each result goes into its chunk's own slot (`OrderedSlots`). A chunk that
/// throws stops the taking of new chunks; the chunks already taken finish, and `map` throws the error
/// of the **earliest** chunk that failed (every earlier chunk was taken before it, so it is the error
/// a serial loop would have met first). The error type is the body's (`throws(E)`): a body that
/// cannot throw gives a `map` that cannot either.
///
/// - Complexity: `count` calls of `body`, spread over `min(threads, count)` workers; one lock
///   round-trip per chunk.
public enum ParallelChunks {
    /// Worker threads to use when not told: the machine's active cores.
    public static var defaultThreads: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }

    /// `[body(0), body(1), …, body(count − 1)]`, computed on up to `threads` workers.
    ///
    /// - Throws: the error of the earliest chunk that threw.
    public static func map<T, E: Error>(count: Int, threads: Int, _ body: (Int) throws(E) -> T) throws(E) -> [T] {
        guard count > 0 else { return [] }
        let workers = max(1, min(threads, count))
        if workers == 1 {
            var results: [T] = []
            results.reserveCapacity(count)
            for chunk in 0..<count { results.append(try body(chunk)) }
            return results
        }
        let slots = OrderedSlots<T, E>(count: count)
        withoutActuallyEscaping(body) { body in
            // Workers only read what the body captures and write their own chunk's slot.
            let work = UncheckedSendable(body)
            DispatchQueue.concurrentPerform(iterations: workers) { _ in
                while let chunk = slots.take() {
                    slots.store(Result { () throws(E) -> T in try work.value(chunk) }, at: chunk)
                }
            }
        }
        return try slots.values()
    }

    /// Splits `0..<total` into chunks of about `size` (the last one shorter); none when `total` is 0.
    public static func ranges(total: Int, size: Int) -> [Range<Int>] {
        stride(from: 0, to: total, by: max(1, size)).map { $0..<min(total, $0 + max(1, size)) }
    }

    /// Contiguous shares of `0..<count`, one per worker, with no more than `count / minimumShare + 1`
    /// workers (a small array is not worth splitting).
    public static func shares(_ count: Int, threads: Int, minimumShare: Int = 65_536) -> [Range<Int>] {
        let workers = max(1, min(threads, count / max(1, minimumShare) + 1))
        return ranges(total: count, size: max(1, (count + workers - 1) / workers))
    }
}

/// A value shared by the workers of one `ParallelChunks.map` (the chunk body, which is not
/// `Sendable`: it may capture buffers; the map's contract is that chunks write only their own slots).
struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
