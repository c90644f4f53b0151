extension StringInterner {
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
                    var slot = Int(truncatingIfNeeded: KeyHash.hash(bytes)) & (size - 1)
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
}
