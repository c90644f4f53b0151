import Kernels

/// Runs `produce` over chunks 0..<count on `threads` workers and hands each result to `consume`
/// in chunk order, so the output never depends on the thread count. Work goes in batches of
/// 2 × threads chunks (`ParallelChunks.map` over each): memory holds at most one batch of results.
///
/// - Complexity: O(count) calls of `produce`, with `threads`-way parallelism within each batch.
func runChunksInOrder<Output: Sendable>(
    count: Int, threads: Int, produce: @escaping @Sendable (Int) -> Output, consume: (Output) throws -> Void
) throws {
    let batch = max(1, threads) * 2
    var batchStart = 0
    while batchStart < count {
        let size = min(batch, count - batchStart)
        let start = batchStart
        for output in ParallelChunks.map(count: size, threads: threads, { produce(start + $0) }) { try consume(output) }
        batchStart += size
    }
}
