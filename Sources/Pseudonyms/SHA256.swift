/// SHA-256, the Secure Hash Standard's 256-bit hash (FIPS 180-4, §6.2), written here so that linkfit
/// needs no cryptography package.
///
/// Feed bytes with `update`, then take the digest with `finalize()`; or hash a whole message with
/// `SHA256.hash(_:)`. The message is absorbed one 64-byte block at a time: whole blocks straight from
/// the caller's bytes, a partial block in a fixed buffer inside the value. Nothing is allocated.
///
/// - Complexity: O(n) for n bytes: one compression (64 rounds) per 64-byte block, plus one or two for
///   the padding.
public struct SHA256: Sendable {
    /// Bytes per block of the compression function.
    public static let blockByteCount = 64
    /// Bytes in a digest.
    public static let digestByteCount = 32

    /// The hash value H⁽ⁱ⁾ after the blocks absorbed so far.
    var state: State
    /// The partial block not yet compressed (the first `bufferCount` bytes are live).
    private var buffer = Block()
    private var bufferCount = 0
    /// Message bytes absorbed so far (the padding records it in bits, mod 2⁶⁴).
    private var byteCount: UInt64 = 0

    /// A hash of the empty message so far: H⁽⁰⁾ of FIPS 180-4 §5.3.3.
    public init() { state = .initial }

    /// Absorbs `bytes`.
    ///
    /// - Complexity: O(`bytes.count`).
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard var next = bytes.baseAddress, !bytes.isEmpty else { return }
        var remaining = bytes.count
        byteCount &+= UInt64(remaining)
        if bufferCount > 0 {
            let taken = min(remaining, Self.blockByteCount - bufferCount)
            buffer.copy(UnsafeRawBufferPointer(start: next, count: taken), at: bufferCount)
            bufferCount += taken
            next += taken
            remaining -= taken
            guard bufferCount == Self.blockByteCount else { return }
            buffer.compress(into: &state)
            bufferCount = 0
        }
        while remaining >= Self.blockByteCount {
            state.compress(next)
            next += Self.blockByteCount
            remaining -= Self.blockByteCount
        }
        if remaining > 0 {
            buffer.copy(UnsafeRawBufferPointer(start: next, count: remaining), at: 0)
            bufferCount = remaining
        }
    }

    /// Absorbs the bytes of `bytes` (an array, a string's UTF-8 view, …).
    public mutating func update<Bytes: Sequence<UInt8>>(_ bytes: Bytes) {
        let done: Void? = bytes.withContiguousStorageIfAvailable { update(UnsafeRawBufferPointer($0)) }
        if done == nil { Array(bytes).withUnsafeBytes { update($0) } }
    }

    /// Pads the message (a 1 bit, zeros, the length in bits as 64 bits big-endian: FIPS 180-4 §5.1.1)
    /// and returns its digest.
    public consuming func finalize() -> Digest {
        let bitCount = byteCount &* 8
        buffer.set(0x80, at: bufferCount)
        bufferCount += 1
        if bufferCount > Self.blockByteCount - 8 {
            buffer.zero(from: bufferCount, to: Self.blockByteCount)
            buffer.compress(into: &state)
            bufferCount = 0
        }
        buffer.zero(from: bufferCount, to: Self.blockByteCount - 8)
        buffer.setBigEndian(bitCount, at: Self.blockByteCount - 8)
        buffer.compress(into: &state)
        return Digest(state)
    }

    /// The digest of `bytes`.
    public static func hash(_ bytes: UnsafeRawBufferPointer) -> Digest {
        var hasher = SHA256()
        hasher.update(bytes)
        return hasher.finalize()
    }

    /// The digest of the bytes of `bytes`.
    public static func hash<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> Digest {
        var hasher = SHA256()
        hasher.update(bytes)
        return hasher.finalize()
    }
}

extension SHA256 {
    /// A 256-bit digest: the eight words of the final hash value, read as 32 bytes big-endian.
    public struct Digest: Sendable, Hashable, CustomStringConvertible {
        /// H₀ … H₇.
        let words: State

        init(_ words: State) { self.words = words }

        /// Lends the digest's 32 bytes to `body`.
        public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
            var bigEndian = words.bigEndian
            return try Swift.withUnsafeBytes(of: &bigEndian, body)
        }

        /// The 32 bytes.
        public var bytes: [UInt8] { withUnsafeBytes { Array($0) } }

        /// The bytes as 64 lowercase hexadecimal digits (how FIPS 180-4 examples print digests).
        public var hex: String { Hex.lowercase(bytes) }

        public var description: String { hex }
    }
}

/// Lowercase hexadecimal, two digits per byte.
enum Hex {
    private static let digits = Array("0123456789abcdef".utf8)

    static func lowercase<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> String {
        var text: [UInt8] = []
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
