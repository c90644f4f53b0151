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
    private(set) var shards: [Shard]
    /// The storage of an interner read from a file (`init(parts:)`), used in place; `shards` is then empty.
    private(set) var frozen: Frozen?
    /// Index of each shard's first string; `bases[shards.count]` is the count.
    private(set) var bases: [Int]
    /// Shard of a hash: `hash >> shardShift` (64 for one shard: always 0).
    let shardShift: UInt64

    /// An empty interner of one shard, for `intern`.
    public init(capacity: Int = 1024) {
        shards = [Shard(capacity: capacity)]
        bases = [0, 0]
        shardShift = 64
    }

    /// The interner of shards built in parallel (`build`), numbered shard by shard.
    init(shards: [Shard], shardBits: Int) {
        self.shards = shards
        bases = shards.reduce(into: [0]) { $0.append($0[$0.count - 1] + $1.count) }
        shardShift = UInt64(64 - shardBits)
        frozen = nil
    }

    init(frozen: Frozen) {
        shards = []
        bases = (0..<(1 << frozen.parts.shardBits)).reduce(into: [0]) { $0.append($0[$0.count - 1] + frozen.count(ofShard: $1)) }
        shardShift = UInt64(64 - frozen.parts.shardBits)
        self.frozen = frozen
    }

    /// How many distinct strings.
    public var count: Int { bases[bases.count - 1] }

    /// The shard holding index `index`, and the index within it.
    @inline(__always)
    private func locate(_ index: Int) -> (shard: Int, local: Int) {
        var low = 0
        var high = bases.count - 2
        while low < high {
            let middle = (low + high + 1) >> 1
            if bases[middle] <= index { low = middle } else { high = middle - 1 }
        }
        return (low, index - bases[low])
    }

    /// The index of `bytes`, adding it when new; `isNew` says which. Only on a one-shard interner.
    public mutating func intern(_ bytes: UnsafeBufferPointer<UInt8>) -> (index: Int, isNew: Bool) {
        precondition(shards.count == 1, "a built interner with several shards, or one read from a file, is read-only")
        let result = shards[0].intern(bytes, hash: KeyHash.hash(bytes))
        bases[1] = shards[0].count
        return result
    }

    /// The index of `bytes`, if interned.
    public func index(of bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        index(of: bytes, hash: KeyHash.hash(bytes))
    }

    /// The index of `bytes`, whose `hash` (`KeyHash.hash(bytes)`) is known.
    public func index(of bytes: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Int? {
        let s = Int(truncatingIfNeeded: hash >> shardShift)
        if let frozen { return frozen.find(bytes, hash: hash, shard: s).map { bases[s] + $0 } }
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
        if let frozen { return try frozen.withBytes(local, shard: s, body) }
        return try shards[s].withBytes(local, body)
    }

}
