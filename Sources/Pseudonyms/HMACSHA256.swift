/// HMAC-SHA-256: a keyed message authentication code (RFC 2104; FIPS 198-1), checked against the
/// RFC 4231 test cases.
///
///     HMAC(K, m) = H((K₀ ⊕ opad) ‖ H((K₀ ⊕ ipad) ‖ m))
///
/// where H is SHA-256, K₀ is the key padded with zeros to 64 bytes (a key longer than 64 bytes is
/// first replaced by its SHA-256 digest), ipad is 64 bytes of 0x36 and opad 64 bytes of 0x5c.
///
/// The value keeps the hash states after the two key blocks, not the key itself, so each code costs
/// only the message's blocks plus one padding block for each hash: two compressions for a message of
/// up to 55 bytes (a HESID). Those states are as secret as the key: the value never prints them.
///
/// - Complexity: init O(key length); `code(for:)` O(message length), no allocation.
public struct HMACSHA256: Sendable, CustomStringConvertible, CustomReflectable {
    /// The hash after absorbing K₀ ⊕ ipad.
    private let inner: SHA256
    /// The hash after absorbing K₀ ⊕ opad.
    private let outer: SHA256

    /// Prepares the code for `key` (any length; RFC 2104 recommends at least 32 bytes for SHA-256).
    public init(key: UnsafeRawBufferPointer) {
        var padded = SHA256.Block()
        if key.count > SHA256.blockByteCount {
            SHA256.hash(key).withUnsafeBytes { padded.copy($0, at: 0) }
        } else {
            padded.copy(key, at: 0)
        }
        var inner = SHA256()
        var outer = SHA256()
        padded.xorEachByte(with: 0x36)
        padded.withBytes { inner.update($0) }
        padded.xorEachByte(with: 0x36 ^ 0x5c)
        padded.withBytes { outer.update($0) }
        padded.zero(from: 0, to: SHA256.blockByteCount)
        self.inner = inner
        self.outer = outer
    }

    /// Prepares the code for the bytes of `key`.
    public init<Bytes: Sequence<UInt8>>(key: Bytes) {
        let array = Array(key)
        self = array.withUnsafeBytes { HMACSHA256(key: $0) }
    }

    /// The 32-byte code of `message`.
    public func code(for message: UnsafeRawBufferPointer) -> SHA256.Digest {
        if message.count <= Self.shortMessageBytes { return shortCode(for: message) }
        var innerHash = inner
        innerHash.update(message)
        let innerDigest = innerHash.finalize()
        var outerHash = outer
        innerDigest.withUnsafeBytes { outerHash.update($0) }
        return outerHash.finalize()
    }

    /// The longest message whose inner hash is one block: the message, 0x80 and the 8-byte length.
    static let shortMessageBytes = SHA256.blockByteCount - 9

    /// `code(for:)` of a message of at most `shortMessageBytes` (a HESID): each hash's last block is
    /// laid out directly, the inner one as message ‖ 0x80 ‖ zeros ‖ bit length of (64 + n) bytes, the
    /// outer one as inner digest ‖ 0x80 ‖ zeros ‖ 768, and compressed from the saved key states.
    private func shortCode(for message: UnsafeRawBufferPointer) -> SHA256.Digest {
        var block = SHA256.Block()
        block.copy(message, at: 0)
        block.set(0x80, at: message.count)
        block.setBigEndian(UInt64(SHA256.blockByteCount + message.count) &* 8, at: SHA256.blockByteCount - 8)
        var innerState = inner.state
        block.compress(into: &innerState)
        var outerBlock = SHA256.Block()
        withUnsafeBytes(of: innerState.bigEndian) { outerBlock.copy($0, at: 0) }
        outerBlock.set(0x80, at: SHA256.digestByteCount)
        outerBlock.setBigEndian(UInt64(SHA256.blockByteCount + SHA256.digestByteCount) &* 8, at: SHA256.blockByteCount - 8)
        var outerState = outer.state
        outerBlock.compress(into: &outerState)
        return SHA256.Digest(outerState)
    }

    /// The 32-byte code of the bytes of `message`.
    public func code<Bytes: Sequence<UInt8>>(for message: Bytes) -> SHA256.Digest {
        if let digest = message.withContiguousStorageIfAvailable({ code(for: UnsafeRawBufferPointer($0)) }) { return digest }
        return Array(message).withUnsafeBytes { code(for: $0) }
    }

    /// Never the key-derived states.
    public var description: String { "HMACSHA256(key hidden)" }
    public var customMirror: Mirror { Mirror(self, children: []) }
}
