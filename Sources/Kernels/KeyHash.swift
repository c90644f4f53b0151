/// 64-bit hashing of keys: block keys, interned ids, filters. The one home of the SplitMix64
/// finaliser (Steele, Lea & Flood 2014, the mixer of `SplitMix64.next()`; its constants are Stafford's
/// "Mix13"): every 64-bit input bit affects every output bit with probability close to ½, so the top
/// bits can pick a shard and the low bits a table slot.
///
/// All of it is deterministic (no per-process seed): a key hashes the same in every run, which the
/// byte-identical outputs rely on (block indexes and interner shards are ordered by hash).
public enum KeyHash {
    /// The golden-ratio increment 2⁶⁴/φ, the Weyl step of SplitMix64.
    @inlinable public static var golden: UInt64 { 0x9E37_79B9_7F4A_7C15 }

    /// The SplitMix64 finaliser: z ← (z ⊕ z≫30)·0xBF58476D1CE4E5B9, z ← (z ⊕ z≫27)·0x94D049BB133111EB,
    /// z ⊕ z≫31. A bijection of `UInt64`.
    @inlinable @inline(__always)
    public static func finalise(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// `finalise(value + golden)`: the SplitMix64 output for state `value` (so `mix(0)` is the first
    /// output of a generator seeded with 0).
    @inlinable @inline(__always)
    public static func mix(_ value: UInt64) -> UInt64 {
        finalise(value &+ golden)
    }

    /// Combines a running key with one more part: `mix(key ⊕ part·golden)`.
    @inlinable @inline(__always)
    public static func combine(_ key: UInt64, _ part: UInt64) -> UInt64 {
        mix(key ^ (part &* golden))
    }

    /// The hash of a byte string: 64-bit FNV-1a (Fowler, Noll & Vo; offset basis 0xCBF29CE484222325,
    /// prime 2⁴⁰ + 2⁸ + 0xB3), then `mix` (FNV's low bits alone are weak for table slots).
    ///
    /// - Complexity: O(`bytes.count`).
    @inlinable
    public static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        return mix(hash)
    }
}
