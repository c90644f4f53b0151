import Dispatch

/// Runs `produce` over chunks 0..<count on `threads` workers and hands each result to `consume`
/// in chunk order, so the output never depends on the thread count. Work goes in batches of
/// 2 × threads chunks: memory holds at most one batch of results.
///
/// - Complexity: O(count) calls of `produce`, with `threads`-way parallelism within each batch.
func runChunksInOrder<Output: Sendable>(
    count: Int, threads: Int, produce: @escaping @Sendable (Int) -> Output, consume: (Output) throws -> Void
) throws {
    let workers = max(1, threads)
    let batch = workers * 2
    var batchStart = 0
    while batchStart < count {
        let size = min(batch, count - batchStart)
        let slots = ResultSlots<Output>(count: size)
        let lanes = min(workers, size)
        let start = batchStart
        DispatchQueue.concurrentPerform(iterations: lanes) { lane in
            var k = lane
            while k < size {
                slots.store(produce(start + k), at: k)
                k += lanes
            }
        }
        for k in 0..<size {
            if let output = slots.take(k) { try consume(output) }
        }
        batchStart += size
    }
}

/// Fixed slots that workers fill by index (each index written by exactly one worker, read after
/// `concurrentPerform` returns, which orders the writes before the reads).
private final class ResultSlots<Output>: @unchecked Sendable {
    private let pointer: UnsafeMutablePointer<Output?>
    private let count: Int

    init(count: Int) {
        self.count = count
        pointer = .allocate(capacity: count)
        pointer.initialize(repeating: nil, count: count)
    }

    deinit {
        pointer.deinitialize(count: count)
        pointer.deallocate()
    }

    func store(_ output: Output, at index: Int) {
        precondition(index < count)
        pointer[index] = output
    }

    func take(_ index: Int) -> Output? {
        precondition(index < count)
        let output = pointer[index]
        pointer[index] = nil
        return output
    }
}
