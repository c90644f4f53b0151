import LinkIO

/// Interns byte strings (record ids such as HESIDs) into dense indices 0, 1, 2…, without a `String`
/// per record: the bytes live in arenas, and open-addressing tables map them to their index.
///
/// `intern` adds strings one at a time, numbered in order of first appearance. `build` interns a
/// whole file's ids in parallel: strings are split into shards by the top bits of their hash, each
/// shard interned by one worker into its own arena and table (small enough to stay in cache).
/// Indices are numbered shard by shard, and within a shard in order of first appearance; the shard
/// count is fixed by the caller (never by the thread count), so the numbering is the same whatever
/// the thread count. A built interner with several shards is read-only.
///
/// - Complexity: `intern` is O(length) expected; memory is the bytes plus about 16 bytes per entry.
public struct StringInterner: Sendable {
    private var shards: [Shard]
    /// Index of each shard's first string; `bases[shards.count]` is the count.
    private var bases: [Int]
    /// Shard of a hash: `hash >> shardShift` (64 for one shard: always 0).
    private let shardShift: UInt64

    /// One shard: its strings back to back (`arena`, `offsets`) and an open-addressing table of their
    /// local indices (-1 for empty; slot from the hash's low bits).
    struct Shard: Sendable {
        var arena: [UInt8] = []
        var offsets: [Int] = [0]
        var slots: [Int32]
        var mask: Int

        var count: Int { offsets.count - 1 }

        init(capacity: Int) {
            var size = 16
            while size < capacity * 2 { size <<= 1 }
            slots = Array(repeating: -1, count: size)
            mask = size - 1
        }

        /// The slot holding `bytes` (with its local index), or the empty slot where it would go.
        @inline(__always)
        func find(_ bytes: UnsafeBufferPointer<UInt8>, hash: UInt64) -> (slot: Int, index: Int?) {
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

        /// The local index of `bytes`, appending it when new.
        @inline(__always)
        mutating func intern(_ bytes: UnsafeBufferPointer<UInt8>, hash: UInt64) -> (index: Int, isNew: Bool) {
            let (slot, found) = find(bytes, hash: hash)
            if let found { return (found, false) }
            let index = count
            slots[slot] = Int32(index)
            arena.append(contentsOf: bytes)
            offsets.append(arena.count)
            if count * 2 > slots.count { grow() }
            return (index, true)
        }

        private mutating func grow() {
            let size = slots.count * 2
            var fresh = [Int32](repeating: -1, count: size)
            arena.withUnsafeBufferPointer { all in
                for index in slots where index >= 0 {
                    let bytes = UnsafeBufferPointer(rebasing: all[offsets[Int(index)]..<offsets[Int(index) + 1]])
                    var slot = Int(truncatingIfNeeded: StringInterner.hash(bytes)) & (size - 1)
                    while fresh[slot] >= 0 { slot = (slot + 1) & (size - 1) }
                    fresh[slot] = index
                }
            }
            slots = fresh
            mask = size - 1
        }

        func withBytes<R>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
            try arena.withUnsafeBufferPointer { all in
                try body(UnsafeBufferPointer(rebasing: all[offsets[index]..<offsets[index + 1]]))
            }
        }
    }

    /// An empty interner of one shard, for `intern`.
    public init(capacity: Int = 1024) {
        shards = [Shard(capacity: capacity)]
        bases = [0, 0]
        shardShift = 64
    }

    private init(shards: [Shard], shardBits: Int) {
        self.shards = shards
        bases = shards.reduce(into: [0]) { $0.append($0[$0.count - 1] + $1.count) }
        shardShift = UInt64(64 - shardBits)
    }

    /// How many distinct strings.
    public var count: Int { bases[bases.count - 1] }

    /// The shard holding index `index`, and the index within it.
    @inline(__always)
    private func locate(_ index: Int) -> (shard: Int, local: Int) {
        var low = 0
        var high = shards.count - 1
        while low < high {
            let middle = (low + high + 1) >> 1
            if bases[middle] <= index { low = middle } else { high = middle - 1 }
        }
        return (low, index - bases[low])
    }

    /// The index of `bytes`, adding it when new; `isNew` says which. Only on a one-shard interner.
    public mutating func intern(_ bytes: UnsafeBufferPointer<UInt8>) -> (index: Int, isNew: Bool) {
        precondition(shards.count == 1, "a built interner with several shards is read-only")
        let result = shards[0].intern(bytes, hash: Self.hash(bytes))
        bases[1] = shards[0].count
        return result
    }

    /// The index of `bytes`, if interned.
    public func index(of bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        index(of: bytes, hash: Self.hash(bytes))
    }

    /// The index of `bytes`, whose `hash` is known.
    func index(of bytes: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Int? {
        let s = Int(truncatingIfNeeded: hash >> shardShift)
        return shards[s].find(bytes, hash: hash).index.map { bases[s] + $0 }
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
        withBytes(index) { String(decoding: $0, as: UTF8.self) }
    }

    /// Calls `body` with the bytes at `index`.
    public func withBytes<R>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        let (s, local) = locate(index)
        return try shards[s].withBytes(local, body)
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
        /// Per shard: the strings' bytes back to back, and each one's length.
        var bytes: [[UInt8]]
        var lengths: [[UInt16]]
        /// Per row: its shard (a shard's k-th string is the row where the shard occurs for the k-th time).
        var shardOfRow: [UInt16] = []
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
            // A shard's share is binomial: the mean plus four standard deviations rarely overflows.
            let mean = Double(expectedCount) / Double(shards)
            reserve = expectedCount == 0 ? 0 : Int(mean + 4 * mean.squareRoot()) + 16
            shardOfRow.reserveCapacity(expectedCount)
        }

        /// Longest string `append` takes.
        public static let maximumLength = Int(UInt16.max)

        /// Appends the next row's string; false (nothing appended) when it is longer than `maximumLength`.
        public mutating func append(_ string: UnsafeBufferPointer<UInt8>) -> Bool {
            guard string.count <= Self.maximumLength else { return false }
            let s = Int(truncatingIfNeeded: StringInterner.hash(string) >> shardShift)
            if lengths[s].isEmpty, reserve > 0 {
                lengths[s].reserveCapacity(reserve)
                bytes[s].reserveCapacity(reserve * max(string.count, 1))
            }
            bytes[s].append(contentsOf: string)
            lengths[s].append(UInt16(string.count))
            shardOfRow.append(UInt16(s))
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
        precondition(shardBits <= 16, "shards are numbered in 16 bits")
        /// Where a shard's string occurs: batch << 32 | its position among the shard's strings there.
        func occurrence(batch: Int, position: Int) -> Int { batch << 32 | position }

        // Pass 1, one worker per shard: intern the shard's strings in file order, noting each one's
        // index within the shard (per batch, in the order of the shard's rows there) and, to find
        // repeats, where each string first occurs.
        typealias Built = (shard: Shard, localIndices: [[Int32]], firstOccurrence: [Int])
        let built: [Built] = try! ParallelChunks.map(count: shardCount, threads: threads) { s in
            let expected = batches.reduce(0) { $0 + $1.lengths[s].count }
            var shard = Shard(capacity: findRepeats ? expected : expected * 3 / 4)
            var firstOccurrence: [Int] = []
            var localIndices: [[Int32]] = []
            for (b, batch) in batches.enumerated() {
                var indices: [Int32] = []
                indices.reserveCapacity(batch.lengths[s].count)
                var start = 0
                for (position, length) in batch.lengths[s].enumerated() {
                    let end = start + Int(length)
                    let (index, isNew) = batch.bytes[s].withUnsafeBufferPointer { all in
                        let bytes = UnsafeBufferPointer(rebasing: all[start..<end])
                        return shard.intern(bytes, hash: StringInterner.hash(bytes))
                    }
                    start = end
                    if findRepeats && isNew { firstOccurrence.append(occurrence(batch: b, position: position)) }
                    indices.append(Int32(index))
                }
                localIndices.append(indices)
            }
            return (shard, localIndices, firstOccurrence)
        }
        let localIndices = built.map(\.localIndices)
        let firstOccurrence = built.map(\.firstOccurrence)
        let interner = StringInterner(shards: built.map(\.shard), shardBits: shardBits)

        // Pass 2, one worker per batch: each row's index is its shard's base plus its index within
        // the shard, read from that shard's list for the batch in order (writes go front to back);
        // a row whose string first occurred elsewhere is a repeat (the batch's first is kept).
        let bases = interner.bases
        var indexOfRow = [Int32](repeating: 0, count: rows)
        let repeats: [(row: Int, shard: Int, first: Int)?] = indexOfRow.withUnsafeMutableBufferPointer { output in
            let output = output
            return try! ParallelChunks.map(count: batches.count, threads: threads) { b in
                var cursor = [Int](repeating: 0, count: shardCount)
                var repeated: (row: Int, shard: Int, first: Int)?
                for (row, shard16) in batches[b].shardOfRow.enumerated() {
                    let s = Int(shard16)
                    let local = Int(localIndices[s][b][cursor[s]])
                    output[rowBase[b] + row] = Int32(bases[s] + local)
                    if findRepeats, repeated == nil, firstOccurrence[s][local] != occurrence(batch: b, position: cursor[s]) {
                        repeated = (rowBase[b] + row, s, firstOccurrence[s][local])
                    }
                    cursor[s] += 1
                }
                return repeated
            }
        }
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
