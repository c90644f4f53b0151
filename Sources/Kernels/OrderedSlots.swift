import Foundation

/// One result slot per chunk of a `ParallelChunks.map`, with the shared counter that hands chunks
/// out. Each slot is written by the one worker that took its chunk, and read only after
/// `concurrentPerform` has returned (which orders every write before the reads).
final class OrderedSlots<T, E: Error>: @unchecked Sendable {
    private let lock = NSLock()
    private let count: Int
    private var next = 0
    private var stopped = false
    private let slots: UnsafeMutablePointer<Result<T, E>?>

    init(count: Int) {
        precondition(count >= 0, "a slot count is not negative")
        self.count = count
        slots = .allocate(capacity: count)
        slots.initialize(repeating: nil, count: count)
    }

    deinit {
        slots.deinitialize(count: count)
        slots.deallocate()
    }

    /// The next chunk to run, or nil when all are taken or one has failed.
    func take() -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard !stopped, next < count else { return nil }
        next += 1
        return next - 1
    }

    /// Records chunk `index`'s result; a failure stops the handing out of chunks.
    func store(_ result: Result<T, E>, at index: Int) {
        assert(index >= 0 && index < count, "a chunk index lies inside the slots")
        assert(slots[index].map { _ in false } ?? true, "each chunk runs once")
        slots[index] = result
        if case .failure = result {
            lock.lock()
            stopped = true
            lock.unlock()
        }
    }

    /// The results in chunk order, or the error of the earliest chunk that failed.
    func values() throws(E) -> [T] {
        var values: [T] = []
        values.reserveCapacity(count)
        for index in 0..<count {
            switch slots[index] {
            case .success(let value): values.append(value)
            case .failure(let error): throw error
            case nil: preconditionFailure("chunk \(index) did not run although no earlier chunk failed")
            }
        }
        return values
    }
}
