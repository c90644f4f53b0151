extension StringInterner {
    /// Interns every string of `batches` (file order: batch by batch, row by row) on `threads`
    /// workers, one shard at a time each.
    ///
    /// - Returns: the interner, each string's index (rows numbered across batches in order), and the
    ///   earliest row that repeats an earlier row's string, with that earlier row (nil when none).
    /// - Complexity: O(total length) expected, parallel over shards.
    /// - Parameter findRepeats: report the earliest repeated string (costs 8 bytes per string).
    public static func build(_ batches: [Batch], shardBits: Int, findRepeats: Bool, threads: Int)
        -> (interner: StringInterner, indexOfRow: [Int32], repeated: (row: Int, first: Int)?) {
        precondition(shardBits >= 0 && shardBits <= 16, "shards are numbered in 16 bits")
        let built = ParallelChunks.map(count: 1 << shardBits, threads: threads) { s in
            internShard(s, of: batches, findRepeats: findRepeats)
        }
        let interner = StringInterner(shards: built.map(\.shard), shardBits: shardBits)
        let rowBase = batches.reduce(into: [0]) { $0.append($0[$0.count - 1] + $1.count) }
        let (indexOfRow, repeats) = numberRows(
            batches, rowBase: rowBase, shardBases: interner.bases, localIndices: built.map(\.localIndices),
            firstOccurrence: findRepeats ? built.map(\.firstOccurrence) : nil, threads: threads)
        // The earliest repeat, and the row where its string first occurred.
        let repeated = repeats.compactMap { $0 }.first.map { found -> (row: Int, first: Int) in
            let (b, position) = (found.first >> 32, found.first & 0xFFFF_FFFF)
            var seen = 0
            for (row, shard16) in batches[b].shardOfRow.enumerated() where Int(shard16) == found.shard {
                if seen == position { return (found.row, rowBase[b] + row) }
                seen += 1
            }
            preconditionFailure("a first occurrence lies in its batch")
        }
        return (interner, indexOfRow, repeated)
    }

    /// Where a shard's string occurs: batch << 32 | its position among the shard's strings there.
    @inline(__always)
    private static func occurrence(batch: Int, position: Int) -> Int { batch << 32 | position }

    /// Pass 1, for shard `s`: interns the shard's strings in file order, noting each one's index
    /// within the shard (per batch, in the order of the shard's rows there) and, to find repeats,
    /// where each distinct string first occurs.
    private static func internShard(_ s: Int, of batches: [Batch], findRepeats: Bool)
        -> (shard: Shard, localIndices: [[Int32]], firstOccurrence: [Int]) {
        let expected = batches.reduce(0) { $0 + $1.lengths[s].count }
        var shard = Shard(capacity: findRepeats ? expected : expected * 3 / 4)
        var firstOccurrence: [Int] = []
        var localIndices: [[Int32]] = []
        localIndices.reserveCapacity(batches.count)
        for (b, batch) in batches.enumerated() {
            var indices: [Int32] = []
            indices.reserveCapacity(batch.lengths[s].count)
            var start = 0
            batch.bytes[s].withUnsafeBufferPointer { all in
                for (position, length) in batch.lengths[s].enumerated() {
                    let end = start + Int(length)
                    let bytes = UnsafeBufferPointer(rebasing: all[start..<end])
                    let (index, isNew) = shard.intern(bytes, hash: KeyHash.hash(bytes))
                    start = end
                    if findRepeats && isNew { firstOccurrence.append(occurrence(batch: b, position: position)) }
                    indices.append(Int32(index))
                }
            }
            localIndices.append(indices)
        }
        return (shard, localIndices, firstOccurrence)
    }

    /// Pass 2, one worker per batch, each writing its own rows (`rowBase[b]..<rowBase[b + 1]`): a
    /// row's index is its shard's base plus its index within the shard, read from that shard's list
    /// for the batch in order; a row whose string first occurred elsewhere is a repeat (the batch's
    /// first is kept, with its shard and first occurrence).
    private static func numberRows(
        _ batches: [Batch], rowBase: [Int], shardBases: [Int], localIndices: [[[Int32]]], firstOccurrence: [[Int]]?,
        threads: Int
    ) -> (indexOfRow: [Int32], repeats: [(row: Int, shard: Int, first: Int)?]) {
        let shardCount = shardBases.count - 1
        var indexOfRow = [Int32](unfilledCount: rowBase[rowBase.count - 1])
        let repeats = indexOfRow.withDisjointWrites { output in
            ParallelChunks.map(count: batches.count, threads: threads) { b -> (row: Int, shard: Int, first: Int)? in
                let rows = output.share(rowBase[b]..<rowBase[b + 1])
                var cursor = [Int](repeating: 0, count: shardCount)
                var repeated: (row: Int, shard: Int, first: Int)?
                for (row, shard16) in batches[b].shardOfRow.enumerated() {
                    let s = Int(shard16)
                    let local = Int(localIndices[s][b][cursor[s]])
                    rows[rowBase[b] + row] = Int32(shardBases[s] + local)
                    if let firstOccurrence, repeated == nil,
                       firstOccurrence[s][local] != occurrence(batch: b, position: cursor[s]) {
                        repeated = (rowBase[b] + row, s, firstOccurrence[s][local])
                    }
                    cursor[s] += 1
                }
                return repeated
            }
        }
        return (indexOfRow, repeats)
    }
}
