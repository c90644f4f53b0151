extension StringInterner {
    /// An interner's storage as a few flat columns, for a file (`parts`) and back (`init(parts:)`):
    /// every shard's arena, offsets and slots back to back, with where each shard's part starts.
    public struct Parts: Sendable, Equatable {
        /// The shards' bytes, shard after shard.
        public var arena: FlatColumn<UInt8>
        /// Each shard's offsets into its own arena (`count + 1` of them, from 0), shard after shard.
        public var offsets: FlatColumn<Int>
        /// Where each shard's offsets start in `offsets` (`shards + 1` entries).
        public var offsetStart: FlatColumn<Int>
        /// The shards' open-addressing tables (local index, or -1 for empty), shard after shard.
        public var slots: FlatColumn<Int32>
        /// Where each shard's slots start in `slots` (`shards + 1` entries).
        public var slotStart: FlatColumn<Int>
        /// `log2` of the shard count.
        public var shardBits: Int

        public init(arena: FlatColumn<UInt8>, offsets: FlatColumn<Int>, offsetStart: FlatColumn<Int>, slots: FlatColumn<Int32>,
                    slotStart: FlatColumn<Int>, shardBits: Int) {
            self.arena = arena
            self.offsets = offsets
            self.offsetStart = offsetStart
            self.slots = slots
            self.slotStart = slotStart
            self.shardBits = shardBits
        }
    }

    /// One of the flat columns of `Parts`.
    public enum Part: CaseIterable, Sendable {
        case arena, offsets, offsetStart, slots, slotStart
    }

    /// Hands `part` of this interner's storage to `body` in order, shard by shard (what `parts`
    /// holds, without gathering it in memory).
    public func streamPart(_ part: Part, _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        func lend<T>(_ column: FlatColumn<T>) throws { try column.withUnsafeBufferPointer { try body(UnsafeRawBufferPointer($0)) } }
        if let frozen {
            switch part {
            case .arena: return try lend(frozen.parts.arena)
            case .offsets: return try lend(frozen.parts.offsets)
            case .offsetStart: return try lend(frozen.parts.offsetStart)
            case .slots: return try lend(frozen.parts.slots)
            case .slotStart: return try lend(frozen.parts.slotStart)
            }
        }
        var start = 0
        if part == .offsetStart || part == .slotStart { try withUnsafeBytes(of: start) { try body($0) } }
        for shard in shards {
            switch part {
            case .arena: try shard.arena.withUnsafeBytes { try body($0) }
            case .offsets: try shard.offsets.withUnsafeBytes { try body($0) }
            case .slots: try shard.slots.withUnsafeBytes { try body($0) }
            case .offsetStart:
                start += shard.offsets.count
                try withUnsafeBytes(of: start) { try body($0) }
            case .slotStart:
                start += shard.slots.count
                try withUnsafeBytes(of: start) { try body($0) }
            }
        }
    }

    /// The storage of this interner (`streamPart` of each part, gathered).
    ///
    /// - Complexity: O(bytes + entries) to gather a built interner; O(1) for one made from parts.
    public var parts: Parts {
        if let frozen { return frozen.parts }
        func gather<T: BitwiseCopyable>(_ part: Part, as type: T.Type) -> FlatColumn<T> {
            var bytes: [UInt8] = []
            try? streamPart(part) { bytes.append(contentsOf: $0) }  // gathering into memory cannot fail
            return FlatColumn(count: bytes.count / MemoryLayout<T>.stride) { column in
                bytes.withUnsafeBytes { UnsafeMutableRawBufferPointer(column).copyMemory(from: $0) }
            }
        }
        return Parts(arena: gather(.arena, as: UInt8.self), offsets: gather(.offsets, as: Int.self),
                     offsetStart: gather(.offsetStart, as: Int.self), slots: gather(.slots, as: Int32.self),
                     slotStart: gather(.slotStart, as: Int.self), shardBits: 64 - Int(shardShift))
    }

    /// The read-only interner whose storage is `parts`, used where it lies (a mapped file: nothing is
    /// copied); nil when the parts do not fit together (shard count, offsets ascending within their
    /// arena, slot tables of a power-of-two size at most half full, holding valid local indices).
    ///
    /// - Complexity: O(entries + slots) to check.
    public init?(parts: Parts) {
        guard let frozen = Frozen(parts) else { return nil }
        self.init(frozen: frozen)
    }

    /// A built interner's storage read in place: shard `s` has its strings' offsets at
    /// `offsets[offsetStart[s]...]` into the arena from `arenaStart[s]`, and its slots at
    /// `slots[slotStart[s]..<slotStart[s + 1]]`.
    /// A class, so that copying an interner (as a value) retains one reference for it, not one per column.
    final class Frozen: Sendable {
        let parts: Parts
        /// Per shard: its first byte in the arena (`shards + 1` entries).
        let arenaStart: [Int]

        init?(_ parts: Parts) {
            let shardCount = 1 << max(0, min(parts.shardBits, 16))
            let (offsets, offsetStart, slots, slotStart) = (parts.offsets, parts.offsetStart, parts.slots, parts.slotStart)
            guard (0...16).contains(parts.shardBits), slotStart.count == shardCount + 1, offsetStart.count == shardCount + 1,
                  slotStart.first == 0, slotStart.last == slots.count, offsetStart.first == 0, offsetStart.last == offsets.count else { return nil }
            var arenaStart = [0]
            arenaStart.reserveCapacity(shardCount + 1)
            for s in 0..<shardCount {
                let size = slotStart[s + 1] - slotStart[s]
                let (first, end) = (offsetStart[s], offsetStart[s + 1])
                guard size >= 16, size & (size - 1) == 0, first < end, end - first - 1 <= size / 2, offsets[first] == 0 else { return nil }
                for index in first..<(end - 1) where offsets[index] > offsets[index + 1] { return nil }
                for slot in slotStart[s]..<slotStart[s + 1] where slots[slot] >= Int32(end - first - 1) { return nil }
                let length = offsets[end - 1]
                guard length <= parts.arena.count - arenaStart[s] else { return nil }
                arenaStart.append(arenaStart[s] + length)
            }
            guard arenaStart[shardCount] == parts.arena.count else { return nil }
            self.parts = parts
            self.arenaStart = arenaStart
        }

        /// Strings in each shard.
        func count(ofShard s: Int) -> Int { parts.offsetStart[s + 1] - parts.offsetStart[s] - 1 }

        /// The local index of `bytes` in shard `s`, if there.
        func find(_ bytes: UnsafeBufferPointer<UInt8>, hash: UInt64, shard s: Int) -> Int? {
            let first = parts.slotStart[s]
            let mask = parts.slotStart[s + 1] - first - 1
            var slot = Int(truncatingIfNeeded: hash) & mask
            return parts.arena.withUnsafeBufferPointer { arena in
                while true {
                    let existing = Int(parts.slots[first + slot])
                    if existing < 0 { return nil }
                    let start = arenaStart[s] + parts.offsets[parts.offsetStart[s] + existing]
                    let end = arenaStart[s] + parts.offsets[parts.offsetStart[s] + existing + 1]
                    if end - start == bytes.count, (0..<bytes.count).allSatisfy({ arena[start + $0] == bytes[$0] }) { return existing }
                    slot = (slot + 1) & mask
                }
            }
        }

        func withBytes<R>(_ local: Int, shard s: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
            let start = arenaStart[s] + parts.offsets[parts.offsetStart[s] + local]
            let end = arenaStart[s] + parts.offsets[parts.offsetStart[s] + local + 1]
            return try parts.arena.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[start..<end])) }
        }
    }
}
