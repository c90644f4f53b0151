import Kernels
import LinkIO

/// Compares every candidate pair once: for each left row, its candidates (union over blocking
/// rules) and each candidate's level per comparison (the strongest over the entity's rows).
///
/// Work is split into fixed chunks of left rows; each chunk's accumulator is returned in chunk
/// order, so any merge of them is identical whatever the thread count.
package struct PairScan: Sendable {
    package let left: RecordTable
    package let right: RecordTable
    package let comparisons: [FieldComparison]
    package let blocker: Blocker
    /// Left rows per chunk (fixed: never derived from the thread count).
    package var chunkSize = 8_192

    package init(left: RecordTable, right: RecordTable, comparisons: [FieldComparison], blocker: Blocker) {
        self.left = left
        self.right = right
        self.comparisons = comparisons
        self.blocker = blocker
    }

    /// The candidates of one left row with their levels: `levels[c * K + k]` for candidate c.
    package struct Row {
        package var leftRow: Int
        /// Bit k set when comparison k is missing on the left row (`leftMissingMask`).
        package var leftMissing: Int = 0
        package var candidates: [Candidate]
        package var levels: [UInt8]
    }

    /// Runs `visit` on every left row (with its candidates, possibly none), accumulating per chunk.
    /// `progress` counts the left rows done, once per chunk.
    ///
    /// - Complexity: O(pairs × K × rows per entity) comparisons, plus the blocking lookups.
    package func run<Accumulator>(
        threads: Int, progress: WorkCounter? = nil, makeAccumulator: (Range<Int>) -> Accumulator, visit: (inout Accumulator, Row) -> Void
    ) -> [Accumulator] {
        let chunks = ParallelChunks.ranges(total: left.rowCount, size: chunkSize)
        let K = comparisons.count
        let comparators = comparisons.map(\.comparator)
        return ParallelChunks.map(count: chunks.count, threads: threads) { chunk in
            var accumulator = makeAccumulator(chunks[chunk])
            var row = Row(leftRow: 0, candidates: [], levels: [])
            var typoKeys: [UInt64] = []
            for leftRow in chunks[chunk] {
                row.leftRow = leftRow
                row.leftMissing = Self.leftMissingMask(left, row: leftRow, comparisons: K)
                blocker.candidates(left: left, leftRow: leftRow, right: right, into: &row.candidates, typoKeys: &typoKeys)
                row.levels.removeAll(keepingCapacity: true)
                for candidate in row.candidates {
                    for k in 0..<K {
                        let level = comparators[k].level(k, left: left, leftRow: leftRow, right: right, entity: Int(candidate.entity))
                        row.levels.append(UInt8(level))
                    }
                }
                visit(&accumulator, row)
            }
            progress?.add(chunks[chunk].count)
            return accumulator
        }
    }

    /// Bit k set when comparison k is missing on `row` of `left` (beyond 62 comparisons, none).
    @inline(__always)
    package static func leftMissingMask(_ left: RecordTable, row: Int, comparisons K: Int) -> Int {
        var mask = 0
        for k in 0..<min(K, 62) where left.isMissing(k, row: row) { mask |= 1 << k }
        return mask
    }

    /// The levels of one (left row, right entity) pair.
    package func levels(leftRow: Int, entity: Int) -> [Int] {
        comparisons.indices.map { k in comparisons[k].level(k, left: left, leftRow: leftRow, right: right, entity: entity) }
    }
}
