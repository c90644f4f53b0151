/// Up to 16 bytes held inline (two words on the stack, no allocation): a scratch buffer for short
/// fields such as dates, and the operand of a SWAR loop. Every byte starts at 0; every index is
/// asserted to be in `0..<16`.
public struct InlineBytes16: Sendable {
    /// The bytes in memory order.
    @usableFromInline var storage: (UInt64, UInt64) = (0, 0)

    @inlinable public init() {}

    /// The bytes of `bytes` (at most 16), the rest 0.
    ///
    /// - Complexity: O(`bytes.count`): one copy.
    @inlinable
    public init(copying bytes: UnsafeBufferPointer<UInt8>) {
        precondition(bytes.count <= 16, "at most 16 bytes")
        withUnsafeMutableBytes(of: &storage) { $0.copyMemory(from: UnsafeRawBufferPointer(bytes)) }
    }

    /// Bytes held: indices `0..<16`.
    @inlinable public static var capacity: Int { 16 }

    /// Bytes 0–7 and 8–15 as words, byte `i` at bits `8·(i mod 8)` up (little-endian).
    @inlinable public var words: (low: UInt64, high: UInt64) {
        (UInt64(littleEndian: storage.0), UInt64(littleEndian: storage.1))
    }

    /// Lends the 16 bytes, writable through an asserted view, to `body` (one view for a loop that
    /// fills many of them: the bytes stay one stack buffer, as a local array behind a pointer would).
    @inlinable @inline(__always)
    public mutating func withView<R>(_ body: (BufferView<UInt8>) throws -> R) rethrows -> R {
        try withUnsafeMutableBytes(of: &storage) { raw in
            try body(BufferView(base: raw.bindMemory(to: UInt8.self).baseAddress.unsafelyUnwrapped, count: 16))
        }
    }

    /// Lends the 16 bytes, read-only, to `body` (one pointer for a parse that reads many of them).
    @inlinable @inline(__always)
    public func withBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try withUnsafeBytes(of: storage, body)
    }

    /// Byte `index` (asserted to be in `0..<16`): a byte load or store on the stack. (Measured with
    /// callgrind on `linkfit bench standardise`: gathering a date byte by byte through this
    /// subscript cost 16% more instructions than through `withView`, and shifting the bytes into
    /// registers 54% more; parsing through `withBytes` as many as through a pointer.)
    @inlinable
    public subscript(index: Int) -> UInt8 {
        @inline(__always) get {
            assert(index >= 0 && index < 16, "an index outside 16 inline bytes")
            return withUnsafeBytes(of: storage) { $0[index] }
        }
        @inline(__always) set {
            assert(index >= 0 && index < 16, "an index outside 16 inline bytes")
            withUnsafeMutableBytes(of: &storage) { $0[index] = newValue }
        }
    }
}
