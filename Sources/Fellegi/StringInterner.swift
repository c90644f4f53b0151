import LinkIO

/// Interns byte strings (record ids such as HESIDs) into dense indices 0, 1, 2…, without a `String`
/// per record: the bytes live in one arena, and open-addressing tables map them to their index.
///
/// The tables are split into shards by the top bits of each string's hash, so that `build` can
/// intern a whole file's ids in parallel, one shard per worker at a time, each shard's table small
/// enough to stay in cache. Indices are numbered shard by shard, and within a shard in order of first
/// appearance; the shard count is fixed by the caller (never by the thread count), so the numbering
/// is the same whatever the thread count. `intern` one at a time numbers in order of first appearance.
///
/// - Complexity: `intern` is O(length) expected; memory is the bytes plus about 16 bytes per entry.
public struct StringInterner: Sendable {
    private var arena: [UInt8] = []
    private var offsets: [Int] = [0]
    private var shards: [Shard]
    /// Shard of a hash: `hash >> shardShift` (64 for one shard: always 0).
    private let shardShift: UInt64

    /// One open-addressing table: indices, -1 for empty; slot from the hash's low bits.
    struct Shard: Sendable {
        var slots: [Int32]
        var mask: Int
        var count = 0

        init(capacity: Int) {
            var size = 16
            while size < capacity * 2 { size <<= 1 }
            slots = Array(repeating: -1, count: size)
            mask = size - 1
        }

        /// The slot holding `bytes` (with its index), or the empty slot where it would go.
        @inline(__always)
        func find(_ bytes: UnsafeBufferPointer<UInt8>, hash: UInt64, arena: [UInt8], offsets: [Int]) -> (slot: Int, index: Int?) {
            var slot = Int(truncatingIfNeeded: hash) & mask
            return arena.withUnsafeBufferPointer { all in
                while true {
                    let existing = Int(slots[slot])
                    if existing < 0 { return (slot, nil) }
                    let start = offsets[existing]
                    if offsets[existing + 1] - start == bytes.count,
                       (0..<bytes.count).allSatisfy({ all[start + $0] == bytes[$0] }) {
                        return (slot, existing)
                    }
                    slot = (slot + 1) & mask
                }
            }
        }

        /// The index of `bytes` in `arena`/`offsets` (whose strings this table indexes), appending it
        /// there when new.
        @inline(__always)
        mutating func intern(_ bytes: UnsafeBufferPointer<UInt8>, hash: UInt64, arena: inout [UInt8], offsets: inout [Int])
            -> (index: Int, isNew: Bool) {
            let (slot, found) = find(bytes, hash: hash, arena: arena, offsets: offsets)
            if let found { return (found, false) }
            let index = offsets.count - 1
            slots[slot] = Int32(index)
            count += 1
            arena.append(contentsOf: bytes)
            offsets.append(arena.count)
            if count * 2 > slots.count { grow(arena: arena, offsets: offsets) }
            return (index, true)
        }

        private mutating func grow(arena: [UInt8], offsets: [Int]) {
            var fresh = Shard(capacity: slots.count)
            arena.withUnsafeBufferPointer { all in
                for index in slots where index >= 0 {
                    let bytes = UnsafeBufferPointer(rebasing: all[offsets[Int(index)]..<offsets[Int(index) + 1]])
                    var slot = Int(truncatingIfNeeded: StringInterner.hash(bytes)) & fresh.mask
                    while fresh.slots[slot] >= 0 { slot = (slot + 1) & fresh.mask }
                    fresh.slots[slot] = index
                }
            }
            fresh.count = count
            self = fresh
        }
    }

    /// - Parameters:
    ///   - capacity: expected strings (tables grow past it).
    ///   - shardBits: log2 of the shard count.
    public init(capacity: Int = 1024, shardBits: Int = 0) {
        precondition((0...16).contains(shardBits), "0…16 shard bits")
        shardShift = UInt64(64 - shardBits)
        shards = (0..<(1 << shardBits)).map { _ in Shard(capacity: capacity >> shardBits) }
    }

    /// How many distinct strings.
    public var count: Int { offsets.count - 1 }

    @inline(__always)
    private func shard(of hash: UInt64) -> Int { Int(truncatingIfNeeded: hash >> shardShift) }

    /// The index of `bytes`, adding it when new; `isNew` says which.
    public mutating func intern(_ bytes: UnsafeBufferPointer<UInt8>) -> (index: Int, isNew: Bool) {
        let hash = Self.hash(bytes)
        return shards[shard(of: hash)].intern(bytes, hash: hash, arena: &arena, offsets: &offsets)
    }

    /// The index of `bytes`, if interned.
    public func index(of bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        let hash = Self.hash(bytes)
        return shards[shard(of: hash)].find(bytes, hash: hash, arena: arena, offsets: offsets).index
    }

    public mutating func intern(_ text: String) -> Int {
        var copy = text
        return copy.withUTF8 { intern($0).index }
    }

    public func index(of text: String) -> Int? {
        var copy = text
        return copy.withUTF8 { index(of: $0) }
    }

    /// The string at `index`.
    public subscript(index: Int) -> String {
        String(decoding: arena[offsets[index]..<offsets[index + 1]], as: UTF8.self)
    }

    /// Calls `body` with the bytes at `index`.
    public func withBytes<R>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try arena.withUnsafeBufferPointer { all in
            try body(UnsafeBufferPointer(rebasing: all[offsets[index]..<offsets[index + 1]]))
        }
    }

    /// FNV-1a, then a final avalanche (the low bits index a table, the top bits pick its shard).
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        return KeyHash.mix(hash)
    }
}

extension StringInterner {
    /// Strings to intern in bulk, one chunk of a file: its rows' strings, sorted by shard as they
    /// are appended, so that each shard's worker reads its strings front to back.
    public struct Batch: Sendable {
        /// Per shard: the strings' bytes back to back, each one's length, and its row in the batch.
        var bytes: [[UInt8]]
        var lengths: [[UInt16]]
        var rows: [[UInt32]]
        /// Rows appended.
        public private(set) var count = 0
        private let shardShift: UInt64
        private let reserve: Int

        /// - Parameter expectedCount: rows expected (space is reserved for them, shard by shard).
        public init(shardBits: Int, expectedCount: Int = 0) {
            let shards = 1 << shardBits
            shardShift = UInt64(64 - shardBits)
            bytes = Array(repeating: [], count: shards)
            lengths = Array(repeating: [], count: shards)
            rows = Array(repeating: [], count: shards)
            // A shard's share is binomial: the mean plus four standard deviations rarely overflows.
            let mean = Double(expectedCount) / Double(shards)
            reserve = expectedCount == 0 ? 0 : Int(mean + 4 * mean.squareRoot()) + 16
        }

        /// Longest string `append` takes.
        public static let maximumLength = Int(UInt16.max)

        /// Appends the next row's string; false (nothing appended) when it is longer than `maximumLength`.
        public mutating func append(_ string: UnsafeBufferPointer<UInt8>) -> Bool {
            guard string.count <= Self.maximumLength else { return false }
            let s = Int(truncatingIfNeeded: StringInterner.hash(string) >> shardShift)
            if rows[s].isEmpty, reserve > 0 {
                rows[s].reserveCapacity(reserve)
                lengths[s].reserveCapacity(reserve)
                bytes[s].reserveCapacity(reserve * max(string.count, 1))
            }
            bytes[s].append(contentsOf: string)
            lengths[s].append(UInt16(string.count))
            rows[s].append(UInt32(count))
            count += 1
            return true
        }
    }

    /// Interns every string of `batches` (file order: batch by batch, row by row) on `threads`
    /// workers, one shard at a time each.
    ///
    /// - Returns: the interner, each string's index (rows numbered across batches in order), and the
    ///   earliest row that repeats an earlier row's string, with that earlier row (nil when none).
    /// - Complexity: O(total length) expected, parallel over shards.
    /// - Parameter findRepeats: report the earliest repeated string (costs 8 bytes per string).
    public static func build(_ batches: [Batch], shardBits: Int, findRepeats: Bool, threads: Int)
        -> (interner: StringInterner, indexOfRow: [Int32], repeated: (row: Int, first: Int)?) {
        let shardCount = 1 << shardBits
        let rowBase = batches.reduce(into: [0]) { $0.append($0[$0.count - 1] + $1.count) }
        let rows = rowBase[rowBase.count - 1]
        /// Row → (shard << localBits | index within shard) until the shards are numbered.
        let localBits = 31 - shardBits
        var indexOfRow = [Int32](repeating: 0, count: rows)
        /// One shard's strings, numbered from 0, and the first row of each.
        struct Local: Sendable {
            var arena: [UInt8] = []
            var offsets: [Int] = [0]
            var table: Shard
            var firstRow: [Int] = []
            var repeated: (row: Int, first: Int)?
        }
        var locals: [Local] = indexOfRow.withUnsafeMutableBufferPointer { output in
            let output = output
            return try! ParallelChunks.map(count: shardCount, threads: threads) { s in
                let expected = batches.reduce(0) { $0 + $1.rows[s].count }
                var local = Local(table: Shard(capacity: findRepeats ? expected : expected * 3 / 4))
                for (b, batch) in batches.enumerated() {
                    var start = 0
                    for (position, row32) in batch.rows[s].enumerated() {
                        let row = rowBase[b] + Int(row32)
                        let end = start + Int(batch.lengths[s][position])
                        let (index, isNew) = batch.bytes[s].withUnsafeBufferPointer { all in
                            let bytes = UnsafeBufferPointer(rebasing: all[start..<end])
                            return local.table.intern(bytes, hash: StringInterner.hash(bytes), arena: &local.arena, offsets: &local.offsets)
                        }
                        start = end
                        if findRepeats {
                            if isNew {
                                local.firstRow.append(row)
                            } else if local.repeated == nil {
                                local.repeated = (row, local.firstRow[index])
                            }
                        }
                        precondition(index < 1 << localBits, "too many strings in one shard")
                        output[row] = Int32(s << localBits | index)
                    }
                }
                return local
            }
        }
        // Number the shards in order: shard s's strings start at base[s].
        var interner = StringInterner(capacity: 0, shardBits: shardBits)
        var base: [Int] = []
        interner.arena.reserveCapacity(locals.reduce(0) { $0 + $1.arena.count })
        interner.offsets.reserveCapacity(locals.reduce(1) { $0 + $1.offsets.count - 1 })
        let repeated = locals.compactMap(\.repeated).min { $0.row < $1.row }
        for s in locals.indices {
            var local = locals[s]
            locals[s] = Local(table: Shard(capacity: 0))  // released as merged; `local` owns its buffers
            base.append(interner.count)
            let arenaBase = interner.arena.count
            interner.arena += local.arena
            interner.offsets += local.offsets.dropFirst().map { $0 + arenaBase }
            let shift = Int32(base[s])
            for slot in local.table.slots.indices where local.table.slots[slot] >= 0 { local.table.slots[slot] += shift }
            interner.shards[s] = local.table
        }
        let mask = Int32((1 << localBits) - 1)
        let rowChunks = ParallelChunks.ranges(total: rows, size: 1 << 20)
        indexOfRow.withUnsafeMutableBufferPointer { output in
            let output = output
            _ = try? ParallelChunks.map(count: rowChunks.count, threads: threads) { chunk in
                for row in rowChunks[chunk] {
                    output[row] = Int32(base[Int(output[row] >> Int32(localBits))]) + (output[row] & mask)
                }
            }
        }
        return (interner, indexOfRow, repeated)
    }
}

/// 64-bit mixing for hash keys (the SplitMix64 finaliser).
enum KeyHash {
    @inline(__always)
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Combines a running key with one more part.
    @inline(__always)
    static func combine(_ key: UInt64, _ part: UInt64) -> UInt64 {
        mix(key ^ (part &* 0x9E37_79B9_7F4A_7C15))
    }
}
