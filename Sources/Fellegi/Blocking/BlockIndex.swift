import Comparators
import Kernels

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
    private(set) var keys = FlatColumn<UInt32>()
    private(set) var entities = FlatColumn<Int32>()
    private(set) var directory = FlatColumn<UInt32>([0, 0])
    private(set) var shift: UInt64 = 63
    /// Distinct keys with more rows than the cap, and the rows they hold (skipped, reported).
    package private(set) var oversizedBlocks = 0
    package private(set) var oversizedRows = 0
    /// The largest blocks kept (right rows per key), descending, at most ten.
    package private(set) var largestBlocks: [Int] = []

    package init(rule: ResolvedRule, table: RecordTable, maxBlockSize: Int, threads: Int = 1) {
        self.rule = rule
        // Two radix passes, so that no pass scatters across the whole index (at 100M rows, a scatter
        // into ~10⁷ buckets misses the cache and the TLB on every row): rows are first spread into
        // 256 partitions by the key's top 8 bits, then each partition (a few MB) is bucketed in cache.
        var (fullKeys, entities, partitionStart) = Self.partition(rule: rule, table: table, threads: threads)
        let keyed = fullKeys.count
        var bits = UInt64(Self.partitionBits)
        while (16 << bits) < keyed, bits < 30 { bits += 1 }
        let shift = 64 - bits
        self.shift = shift
        let bucketCount = 1 << Int(bits)

        var start = [UInt32](repeating: 0, count: bucketCount + 1)
        var keys = [UInt32](repeating: 0, count: keyed)
        let blocks = keys.withDisjointWrites { keysOut in
            entities.withDisjointWrites { entitiesOut in
                start.withDisjointWrites { startOut in
                    ParallelChunks.map(count: 1 << Self.partitionBits, threads: threads) { partition in
                        Self.bucket(partition: partition, region: partitionStart[partition]..<partitionStart[partition + 1],
                                    fullKeys: fullKeys, shift: shift, bucketsPerPartition: bucketCount >> Self.partitionBits,
                                    keys: keysOut, entities: entitiesOut, starts: startOut, maxBlockSize: maxBlockSize)
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
        if sizes.oversizedBlocks > 0 {
            Self.dropBlocks(over: maxBlockSize, keys: &keys, entities: &entities, directory: &start)
        }
        // Copied once into columns of their own: the type an index read from a file shares (`HESIndex`).
        directory = FlatColumn(start)
        self.keys = FlatColumn(keys)
        self.entities = FlatColumn(entities)
    }

    /// An index built before (`HESIndex`): `directory` holds `(1 << (64 − shift)) + 1` ascending bucket
    /// starts ending at `keys.count`, one entity per key. Nil when the parts do not fit together.
    init?(rule: ResolvedRule, keys: FlatColumn<UInt32>, entities: FlatColumn<Int32>, directory: FlatColumn<UInt32>, shift: UInt64,
          oversizedBlocks: Int, oversizedRows: Int, largestBlocks: [Int]) {
        guard (34...56).contains(shift), directory.count == (1 << (64 - Int(shift))) + 1, keys.count == entities.count,
              directory.first == 0, directory.last.map(Int.init) == keys.count,
              zip(directory, directory.dropFirst()).allSatisfy({ $0 <= $1 }) else { return nil }
        self.rule = rule
        self.keys = keys
        self.entities = entities
        self.directory = directory
        self.shift = shift
        self.oversizedBlocks = oversizedBlocks
        self.oversizedRows = oversizedRows
        self.largestBlocks = largestBlocks
    }

    /// Partitions of the first pass: by the key's top 8 bits.
    private static let partitionBits = 8

    /// Pass 1: every keyed row's full key and entity, grouped by partition (the key's top 8 bits) and
    /// in row order within it, with each partition's start (`partitionStart[256]` = rows keyed).
    ///
    /// Each worker counts a contiguous share of the rows per partition, then scatters them into its
    /// own slots of each partition (a prefix sum over (partition, share)); keys are computed twice
    /// (count, then scatter) rather than stored per row.
    ///
    /// - Complexity: O(n) over two passes of the rows.
    private static func partition(rule: ResolvedRule, table: RecordTable, threads: Int)
        -> (keys: [UInt64], entities: [Int32], partitionStart: [Int]) {
        let shares = ParallelChunks.shares(table.rowCount, threads: threads)
        let partitionShift = UInt64(64 - partitionBits)
        let partitionCount = 1 << partitionBits
        let counts = ParallelChunks.map(count: shares.count, threads: threads) { share -> [Int] in
            var count = [Int](repeating: 0, count: partitionCount)
            for row in shares[share] {
                if let key = rule.key(in: table, row: row) { count[Int(key >> partitionShift)] += 1 }
            }
            return count
        }
        // Prefix over (partition, share): each share's first slot in each partition.
        var starts = counts
        var partitionStart = [Int](repeating: 0, count: partitionCount + 1)
        var keyed = 0
        for partition in 0..<partitionCount {
            partitionStart[partition] = keyed
            for share in counts.indices {
                starts[share][partition] = keyed
                keyed += counts[share][partition]
            }
        }
        partitionStart[partitionCount] = keyed
        var keys = [UInt64](repeating: 0, count: keyed)
        var entities = [Int32](repeating: 0, count: keyed)
        keys.withDisjointWrites { keysOut in
            entities.withDisjointWrites { entitiesOut in
                _ = ParallelChunks.map(count: shares.count, threads: threads) { share in
                    let ends = (0..<partitionCount).map { starts[share][$0] + counts[share][$0] }
                    keysOut.withScatter(pairedWith: entitiesOut, starts: starts[share], ends: ends) { scatter in
                        for row in shares[share] {
                            guard let key = rule.key(in: table, row: row) else { continue }
                            scatter.append(key, table.entityOfRow[row], to: Int(key >> partitionShift))
                        }
                    }
                }
            }
        }
        return (keys, entities, partitionStart)
    }

    /// Pass 2, for one partition (its rows at `region` of pass 1's output): buckets its rows in place
    /// (through a copy of its entities) by the key's top `64 − shift` bits, writes each bucket's
    /// start, sorts each bucket by (key, entity), and measures its blocks (sizes, those over the cap).
    ///
    /// - Complexity: O(rows of the partition) plus the per-bucket insertion sorts.
    private static func bucket(
        partition: Int, region: Range<Int>, fullKeys: [UInt64], shift: UInt64, bucketsPerPartition: Int,
        keys keysOut: DisjointWrites<UInt32>, entities entitiesOut: DisjointWrites<Int32>, starts startOut: DisjointWrites<UInt32>,
        maxBlockSize: Int
    ) -> BlockSizes {
        let keys = keysOut.share(region)
        let entities = entitiesOut.share(region)
        let firstBucket = partition * bucketsPerPartition
        let starts = startOut.share(firstBucket..<firstBucket + bucketsPerPartition)
        let ownEntities = entities.copied()
        var fill = [Int](repeating: 0, count: bucketsPerPartition + 1)
        for position in region { fill[Int(fullKeys[position] >> shift) - firstBucket + 1] += 1 }
        fill[0] = region.lowerBound
        for bucket in 0..<bucketsPerPartition { fill[bucket + 1] += fill[bucket] }
        for bucket in 0..<bucketsPerPartition { starts[firstBucket + bucket] = UInt32(fill[bucket]) }
        for (offset, position) in region.enumerated() {
            let bucket = Int(fullKeys[position] >> shift) - firstBucket
            keys[fill[bucket]] = UInt32(truncatingIfNeeded: fullKeys[position])
            entities[fill[bucket]] = ownEntities[offset]
            fill[bucket] += 1
        }
        var blocks = BlockSizes()
        for bucket in firstBucket..<(firstBucket + bucketsPerPartition) {
            let range = Int(starts[bucket])..<(bucket + 1 < firstBucket + bucketsPerPartition
                ? Int(starts[bucket + 1]) : region.upperBound)
            sortBucket(keys, entities, range)
            var index = range.lowerBound
            while index < range.upperBound {
                var end = index + 1
                while end < range.upperBound, keys[end] == keys[index] { end += 1 }
                blocks.add(size: end - index, maxBlockSize: maxBlockSize)
                index = end
            }
        }
        return blocks
    }

    /// Drops the blocks of more than `maxBlockSize` rows, keeping the bucket directory consistent.
    ///
    /// - Complexity: O(rows indexed).
    private static func dropBlocks(over maxBlockSize: Int, keys: inout [UInt32], entities: inout [Int32],
                                   directory start: inout [UInt32]) {
        let bucketCount = start.count - 1
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

    /// Insertion sort of one bucket (about 16 entries) by (key, entity).
    @inline(__always)
    private static func sortBucket(_ keys: DisjointWrites<UInt32>.Share, _ entities: DisjointWrites<Int32>.Share,
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
