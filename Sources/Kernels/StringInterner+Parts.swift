extension StringInterner {
    /// An interner's storage as a few flat arrays, for a file (`parts`) and back (`init(parts:)`):
    /// every shard's arena, offsets and slots back to back, with where each shard's slots start.
    public struct Parts: Sendable, Equatable {
        /// The shards' bytes, shard after shard.
        public var arena: [UInt8]
        /// Each shard's offsets into its own arena (`count + 1` of them, from 0), shard after shard.
        public var offsets: [Int]
        /// Where each shard's offsets start in `offsets` (`shards + 1` entries).
        public var offsetStart: [Int]
        /// The shards' open-addressing tables, shard after shard.
        public var slots: [Int32]
        /// Where each shard's slots start in `slots` (`shards + 1` entries).
        public var slotStart: [Int]
        /// `log2` of the shard count.
        public var shardBits: Int

        public init(arena: [UInt8], offsets: [Int], offsetStart: [Int], slots: [Int32], slotStart: [Int], shardBits: Int) {
            self.arena = arena
            self.offsets = offsets
            self.offsetStart = offsetStart
            self.slots = slots
            self.slotStart = slotStart
            self.shardBits = shardBits
        }
    }

    /// The storage of this interner.
    ///
    /// - Complexity: O(bytes + entries).
    public var parts: Parts {
        var parts = Parts(arena: [], offsets: [], offsetStart: [0], slots: [], slotStart: [0], shardBits: 64 - Int(shardShift))
        parts.arena.reserveCapacity(shards.reduce(0) { $0 + $1.arena.count })
        parts.offsets.reserveCapacity(count + shards.count)
        parts.slots.reserveCapacity(shards.reduce(0) { $0 + $1.slots.count })
        for shard in shards {
            parts.arena += shard.arena
            parts.offsets += shard.offsets
            parts.offsetStart.append(parts.offsets.count)
            parts.slots += shard.slots
            parts.slotStart.append(parts.slots.count)
        }
        return parts
    }

    /// The interner whose storage is `parts`; nil when the parts do not fit together (shard count,
    /// offsets ascending within their arena, slot tables of a power-of-two size holding valid indices).
    ///
    /// - Complexity: O(bytes + entries).
    public init?(parts: Parts) {
        let shardCount = 1 << max(0, min(parts.shardBits, 16))
        guard (0...16).contains(parts.shardBits), parts.slotStart.count == shardCount + 1, parts.offsetStart.count == shardCount + 1,
              parts.slotStart.first == 0, parts.slotStart.last == parts.slots.count,
              parts.offsetStart.first == 0, parts.offsetStart.last == parts.offsets.count else { return nil }
        var shards: [Shard] = []
        shards.reserveCapacity(shardCount)
        var arenaAt = 0
        for s in 0..<shardCount {
            let size = parts.slotStart[s + 1] - parts.slotStart[s]
            let (first, end) = (parts.offsetStart[s], parts.offsetStart[s + 1])
            guard size >= 16, size & (size - 1) == 0, first < end, parts.offsets[first] == 0 else { return nil }
            let offsets = Array(parts.offsets[first..<end])
            guard zip(offsets, offsets.dropFirst()).allSatisfy({ $0 <= $1 }), let length = offsets.last,
                  length <= parts.arena.count - arenaAt, offsets.count - 1 <= size / 2 else { return nil }
            var shard = Shard(capacity: 0)
            shard.slots = Array(parts.slots[parts.slotStart[s]..<parts.slotStart[s + 1]])
            guard shard.slots.allSatisfy({ $0 < offsets.count - 1 }) else { return nil }
            shard.mask = size - 1
            shard.offsets = offsets
            shard.arena = Array(parts.arena[arenaAt..<(arenaAt + length)])
            shards.append(shard)
            arenaAt += length
        }
        guard arenaAt == parts.arena.count else { return nil }
        self.init(shards: shards, shardBits: parts.shardBits)
    }
}
