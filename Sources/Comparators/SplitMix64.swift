import Kernels

/// SplitMix64 (Steele, Lea & Flood 2014): a small, fast, seedable generator. Every random choice in
/// linkfit (synthetic data, u sampling) takes one of these, seeded, so that the same seed gives the
/// same output whatever the thread count. Parallel work derives one generator per chunk with
/// `SplitMix64(seed: seed, stream: chunkIndex)`, never from a shared one.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    @usableFromInline var state: UInt64

    public init(seed: UInt64) { state = seed }

    /// An independent stream for `stream` (a chunk or worker index) under `seed`.
    public init(seed: UInt64, stream: UInt64) {
        var seedMixer = SplitMix64(seed: seed)
        var streamMixer = SplitMix64(seed: stream ^ 0x5851_F42D_4C95_7F2D)
        state = seedMixer.next() ^ streamMixer.next()
    }

    /// The next output: the state advances by the golden-ratio step and is mixed by the SplitMix64
    /// finaliser (`KeyHash.finalise`, the one copy of it).
    @inlinable
    public mutating func next() -> UInt64 {
        state &+= KeyHash.golden
        return KeyHash.finalise(state)
    }

    /// A uniform real in [0, 1) with 53 random bits.
    @inlinable
    public mutating func nextUnit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }
}
