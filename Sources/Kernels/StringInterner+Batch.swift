extension StringInterner {
    /// Strings to intern in bulk, one chunk of a file: its rows' strings, sorted by shard as they
    /// are appended, so that each shard's worker reads its strings front to back.
    public struct Batch: Sendable {
        /// Per shard: the strings' bytes back to back, and each one's length.
        @usableFromInline var bytes: [[UInt8]]
        @usableFromInline var lengths: [[UInt16]]
        /// Per row: its shard (a shard's k-th string is the row where the shard occurs for the k-th time).
        @usableFromInline var shardOfRow: [UInt16] = []
        @usableFromInline let shardShift: UInt64
        /// Strings to reserve room for in a shard when its first one arrives.
        @usableFromInline let reserve: Int

        /// Rows appended.
        public var count: Int { shardOfRow.count }

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
        @inlinable public static var maximumLength: Int { Int(UInt16.max) }

        /// Appends the next row's string; false (nothing appended) when it is longer than `maximumLength`.
        ///
        /// - Complexity: O(`string.count`) amortised (inlined into the parse loops that call it).
        @inlinable
        public mutating func append(_ string: UnsafeBufferPointer<UInt8>) -> Bool {
            guard string.count <= Self.maximumLength else { return false }
            let s = StringInterner.shard(of: string, shift: shardShift)
            if lengths[s].isEmpty, reserve > 0 {
                lengths[s].reserveCapacity(reserve)
                bytes[s].reserveCapacity(reserve * max(string.count, 1))
            }
            bytes[s].append(contentsOf: string)
            lengths[s].append(UInt16(string.count))
            shardOfRow.append(UInt16(s))
            return true
        }
    }
}

extension StringInterner {
    /// The shard of `string` when interning into `1 << shardBits` shards: the top bits of its
    /// `KeyHash`. Entities of a right-side table are numbered by shard, then first appearance, so an
    /// engine that numbers them elsewhere (a sharded run) orders them by this and their first row.
    @inlinable
    public static func shard(of string: UnsafeBufferPointer<UInt8>, shardBits: Int) -> Int {
        shard(of: string, shift: UInt64(64 - shardBits))
    }

    @inlinable
    static func shard(of string: UnsafeBufferPointer<UInt8>, shift: UInt64) -> Int {
        Int(truncatingIfNeeded: KeyHash.hash(string) >> shift)
    }
}
