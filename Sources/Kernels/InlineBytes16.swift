/// Up to 16 bytes held in two 64-bit words (registers, not memory): a scratch buffer for short
/// fields such as dates, with no pointer and no allocation. Byte `i` is bits `8·(i mod 8)` up of word
/// `i / 8`; every byte starts at 0.
public struct InlineBytes16: Sendable, Equatable {
    @usableFromInline var low: UInt64 = 0
    @usableFromInline var high: UInt64 = 0

    @inlinable public init() {}

    /// The bytes of `bytes` (at most 16), the rest 0: one copy, as a SWAR loop wants its operand.
    ///
    /// - Complexity: O(`bytes.count`).
    @inlinable
    public init(copying bytes: UnsafeBufferPointer<UInt8>) {
        precondition(bytes.count <= 16, "at most 16 bytes")
        var words: (UInt64, UInt64) = (0, 0)
        withUnsafeMutableBytes(of: &words) { $0.copyMemory(from: UnsafeRawBufferPointer(bytes)) }
        low = UInt64(littleEndian: words.0)
        high = UInt64(littleEndian: words.1)
    }

    /// Bytes 0–7 and 8–15 as words, byte `i` at bits `8·(i mod 8)` up.
    @inlinable public var words: (low: UInt64, high: UInt64) { (low, high) }

    /// Bytes held: indices `0..<16`.
    @inlinable public static var capacity: Int { 16 }

    /// Byte `index` (asserted to be in `0..<16`).
    @inlinable
    public subscript(index: Int) -> UInt8 {
        @inline(__always) get {
            assert(index >= 0 && index < 16, "an index outside 16 inline bytes")
            let shift = UInt64(index & 7) << 3
            return UInt8(truncatingIfNeeded: (index < 8 ? low : high) >> shift)
        }
        @inline(__always) set {
            assert(index >= 0 && index < 16, "an index outside 16 inline bytes")
            let shift = UInt64(index & 7) << 3
            let cleared = ~(UInt64(0xFF) << shift)
            if index < 8 {
                low = low & cleared | UInt64(newValue) << shift
            } else {
                high = high & cleared | UInt64(newValue) << shift
            }
        }
    }
}
