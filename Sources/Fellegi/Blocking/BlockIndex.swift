import Comparators

/// The right side's rows grouped by one rule's key, for O(1) lookup of a left row's block.
///
/// Keys are 64-bit hashes, so their top bits are uniform: rows are bucketed by the top `bits` bits
/// (a counting sort, O(n)), each bucket sorted by (key, row), and a directory of bucket starts
/// finds a key's bucket in one step; a bucket holds about 16 rows on average (one or two cache
/// lines of keys). Only the key's low 32 bits are stored (the bucket fixes the top bits), with the
/// row's entity (what a lookup wants): 8 bytes per indexed row, plus 0.25 for the directory.
///
/// Built in parallel, by two radix passes: each worker counts and scatters a contiguous share of the
/// rows into its own slots of 256 partitions (the key's top 8 bits), then each partition is bucketed
/// and its buckets sorted by (key, entity). That order is total, so the index is the same whatever
/// the thread count.
///
/// - Complexity: building is O(n) plus tiny per-bucket sorts; a lookup is O(1) expected.
package struct BlockIndex: Sendable {
    package let rule: ResolvedRule
    private(set) var keys: [UInt32] = []
    private(set) var entities: [Int32] = []
    private(set) var directory: [UInt32] = [0, 0]
    private var shift: UInt64 = 63
    /// Distinct keys with more rows than the cap, and the rows they hold (skipped, reported).
    package private(set) var oversizedBlocks = 0
    package private(set) var oversizedRows = 0
    /// The largest blocks kept (right rows per key), descending, at most ten.
    package private(set) var largestBlocks: [Int] = []

    package init(rule: ResolvedRule, table: RecordTable, maxBlockSize: Int, threads: Int = 1) {
        self.rule = rule
        let rowCount = table.rowCount
        // Two radix passes, so that no pass scatters across the whole index (at 100M rows, a scatter
        // into ~10⁷ buckets misses the cache and the TLB on every row): rows are first spread into
        // 256 partitions by the key's top 8 bits, then each partition (a few MB) is bucketed in cache.
        // Keys are computed twice (count, then scatter) rather than stored per row.
        let workers = max(1, min(threads, rowCount / 65_536 + 1))
        let shares = ParallelChunks.ranges(total: rowCount, size: max(1, (rowCount + workers - 1) / workers))
        let partitionBits = 8
        let partitionShift = UInt64(64 - partitionBits)
        let partitionCount = 1 << partitionBits
        var fills = try! ParallelChunks.map(count: shares.count, threads: threads) { share -> [Int] in
            var count = [Int](repeating: 0, count: partitionCount)
            for row in shares[share] {
                if let key = rule.key(in: table, row: row) { count[Int(key >> partitionShift)] += 1 }
            }
            return count
        }
        // Prefix over (partition, share): each share's first slot in each partition.
        var partitionStart = [Int](repeating: 0, count: partitionCount + 1)
        var keyed = 0
        for partition in 0..<partitionCount {
            partitionStart[partition] = keyed
            for share in fills.indices {
                let count = fills[share][partition]
                fills[share][partition] = keyed
                keyed += count
            }
        }
        partitionStart[partitionCount] = keyed
        var bits = UInt64(partitionBits)
        while (16 << bits) < keyed, bits < 30 { bits += 1 }
        let shift = 64 - bits
        self.shift = shift
        let bucketCount = 1 << Int(bits)
        let bucketsPerPartition = bucketCount >> partitionBits

        var fullKeys = [UInt64](repeating: 0, count: keyed)
        var entities = [Int32](repeating: 0, count: keyed)
        fullKeys.withUnsafeMutableBufferPointer { keysOut in
            entities.withUnsafeMutableBufferPointer { entitiesOut in
                fills.withUnsafeMutableBufferPointer { fills in
                    let (keysOut, entitiesOut, fills) = (keysOut, entitiesOut, fills)
                    _ = try? ParallelChunks.map(count: shares.count, threads: threads) { share in
                        fills[share].withUnsafeMutableBufferPointer { fill in
                            for row in shares[share] {
                                guard let key = rule.key(in: table, row: row) else { continue }
                                let partition = Int(key >> partitionShift)
                                keysOut[fill[partition]] = key
                                entitiesOut[fill[partition]] = table.entityOfRow[row]
                                fill[partition] += 1
                            }
                        }
                    }
                }
            }
        }
        fills = []

        // Per partition: bucket its rows in place (through a copy of its entities), sort each bucket
        // by (key, entity), and find its blocks: sizes, and those over the cap.
        var start = [UInt32](repeating: 0, count: bucketCount + 1)
        var keys = [UInt32](repeating: 0, count: keyed)
        let blocks = keys.withUnsafeMutableBufferPointer { keysOut in
            entities.withUnsafeMutableBufferPointer { entitiesOut in
                start.withUnsafeMutableBufferPointer { startOut in
                    let (keysOut, entitiesOut, startOut) = (keysOut, entitiesOut, startOut)
                    return try! ParallelChunks.map(count: partitionCount, threads: threads) { partition in
                        let region = partitionStart[partition]..<partitionStart[partition + 1]
                        let firstBucket = partition * bucketsPerPartition
                        let ownEntities = Array(entitiesOut[region])
                        var fill = [Int](repeating: 0, count: bucketsPerPartition + 1)
                        for position in region { fill[Int(fullKeys[position] >> shift) - firstBucket + 1] += 1 }
                        fill[0] = region.lowerBound
                        for bucket in 0..<bucketsPerPartition { fill[bucket + 1] += fill[bucket] }
                        for bucket in 0..<bucketsPerPartition { startOut[firstBucket + bucket] = UInt32(fill[bucket]) }
                        for (offset, position) in region.enumerated() {
                            let bucket = Int(fullKeys[position] >> shift) - firstBucket
                            keysOut[fill[bucket]] = UInt32(truncatingIfNeeded: fullKeys[position])
                            entitiesOut[fill[bucket]] = ownEntities[offset]
                            fill[bucket] += 1
                        }
                        var blocks = BlockSizes()
                        for bucket in firstBucket..<(firstBucket + bucketsPerPartition) {
                            let range = Int(startOut[bucket])..<(bucket + 1 < firstBucket + bucketsPerPartition
                                ? Int(startOut[bucket + 1]) : region.upperBound)
                            Self.sortBucket(keysOut, entitiesOut, range)
                            var index = range.lowerBound
                            while index < range.upperBound {
                                var end = index + 1
                                while end < range.upperBound, keysOut[end] == keysOut[index] { end += 1 }
                                blocks.add(size: end - index, maxBlockSize: maxBlockSize)
                                index = end
                            }
                        }
                        return blocks
                    }
                }
            }
        }
        start[bucketCount] = UInt32(keyed)
        fullKeys = []
        let sizes = blocks.reduce(BlockSizes()) { $0.merging($1) }
        oversizedBlocks = sizes.oversizedBlocks
        oversizedRows = sizes.oversizedRows
        largestBlocks = sizes.largest

        // Drop oversized blocks, keeping the bucket directory consistent (only when there are any).
        if sizes.oversizedBlocks > 0 {
            var kept = 0
            var index = 0
            for bucket in 0..<bucketCount {
                let end = Int(start[bucket + 1])
                start[bucket] = UInt32(kept)
                while index < end {
                    var blockEnd = index + 1
                    while blockEnd < end, keys[blockEnd] == keys[index] { blockEnd += 1 }
                    if blockEnd - index <= maxBlockSize {
                        for position in index..<blockEnd {
                            keys[kept] = keys[position]
                            entities[kept] = entities[position]
                            kept += 1
                        }
                    }
                    index = blockEnd
                }
            }
            start[bucketCount] = UInt32(kept)
            keys.removeLast(keys.count - kept)
            entities.removeLast(entities.count - kept)
        }
        directory = start
        self.keys = keys
        self.entities = entities
    }

    /// Insertion sort of one bucket (about 16 entries) by (key, entity).
    @inline(__always)
    private static func sortBucket(_ keys: UnsafeMutableBufferPointer<UInt32>, _ entities: UnsafeMutableBufferPointer<Int32>,
                                   _ range: Range<Int>) {
        guard range.count > 1 else { return }
        for index in (range.lowerBound + 1)..<range.upperBound {
            let (key, entity) = (keys[index], entities[index])
            var position = index
            while position > range.lowerBound,
                  keys[position - 1] > key || (keys[position - 1] == key && entities[position - 1] > entity) {
                keys[position] = keys[position - 1]
                entities[position] = entities[position - 1]
                position -= 1
            }
            keys[position] = key
            entities[position] = entity
        }
    }

    /// Block sizes seen while sorting buckets, mergeable across chunks.
    struct BlockSizes {
        var oversizedBlocks = 0
        var oversizedRows = 0
        /// The ten largest kept, descending.
        var largest: [Int] = []

        mutating func add(size: Int, maxBlockSize: Int) {
            if size > maxBlockSize {
                oversizedBlocks += 1
                oversizedRows += size
            } else if largest.count < 10 || size > largest[largest.count - 1] {
                largest.append(size)
                largest.sort(by: >)
                if largest.count > 10 { largest.removeLast() }
            }
        }

        func merging(_ other: BlockSizes) -> BlockSizes {
            var merged = BlockSizes(oversizedBlocks: oversizedBlocks + other.oversizedBlocks,
                                    oversizedRows: oversizedRows + other.oversizedRows, largest: largest)
            merged.largest = Array((largest + other.largest).sorted(by: >).prefix(10))
            return merged
        }
    }

    /// Index positions of the right rows whose key is `key`.
    @inline(__always)
    func block(_ key: UInt64) -> Range<Int> {
        let bucket = Int(key >> shift)
        let low32 = UInt32(truncatingIfNeeded: key)
        var low = Int(directory[bucket])
        let high = Int(directory[bucket + 1])
        while low < high, keys[low] < low32 { low += 1 }
        var end = low
        while end < high, keys[end] == low32 { end += 1 }
        return low..<end
    }

    @inline(__always)
    func entity(at position: Int) -> Int32 { entities[position] }

    /// Number of right rows indexed (not counting oversized blocks).
    package var indexedRows: Int { entities.count }
}
