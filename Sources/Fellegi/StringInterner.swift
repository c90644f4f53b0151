/// Interns byte strings (record ids such as HESIDs) into dense indices 0, 1, 2… in order of first
/// appearance, without a `String` per record: the bytes live in one arena, and an open-addressing
/// table maps them to their index.
///
/// - Complexity: `intern` is O(length) expected; memory is the bytes plus about 16 bytes per entry.
public struct StringInterner: Sendable {
    private var arena: [UInt8] = []
    private var offsets: [Int] = [0]
    private var slots: [Int32]
    private var mask: Int

    public init(capacity: Int = 1024) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = Array(repeating: -1, count: size)
        mask = size - 1
    }

    /// How many distinct strings.
    public var count: Int { offsets.count - 1 }

    /// The index of `bytes`, adding it when new; `isNew` says which.
    public mutating func intern(_ bytes: UnsafeBufferPointer<UInt8>) -> (index: Int, isNew: Bool) {
        let hash = Self.hash(bytes)
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let existing = slots[slot]
            if existing < 0 { break }
            if equals(Int(existing), bytes) { return (Int(existing), false) }
            slot = (slot + 1) & mask
        }
        let index = count
        slots[slot] = Int32(index)
        arena.append(contentsOf: bytes)
        offsets.append(arena.count)
        if count * 2 > slots.count { grow() }
        return (index, true)
    }

    /// The index of `bytes`, if interned.
    public func index(of bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var slot = Int(truncatingIfNeeded: Self.hash(bytes)) & mask
        while true {
            let existing = slots[slot]
            if existing < 0 { return nil }
            if equals(Int(existing), bytes) { return Int(existing) }
            slot = (slot + 1) & mask
        }
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

    private func equals(_ index: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = offsets[index]
        let length = offsets[index + 1] - start
        guard length == bytes.count else { return false }
        return arena.withUnsafeBufferPointer { all in
            for offset in 0..<length where all[start + offset] != bytes[offset] { return false }
            return true
        }
    }

    private mutating func grow() {
        let size = slots.count * 2
        var fresh = [Int32](repeating: -1, count: size)
        let freshMask = size - 1
        arena.withUnsafeBufferPointer { all in
            for index in 0..<count {
                let bytes = UnsafeBufferPointer(rebasing: all[offsets[index]..<offsets[index + 1]])
                var slot = Int(truncatingIfNeeded: Self.hash(bytes)) & freshMask
                while fresh[slot] >= 0 { slot = (slot + 1) & freshMask }
                fresh[slot] = Int32(index)
            }
        }
        slots = fresh
        mask = freshMask
    }

    /// FNV-1a, then a final avalanche (the low bits index the table).
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        return KeyHash.mix(hash)
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
