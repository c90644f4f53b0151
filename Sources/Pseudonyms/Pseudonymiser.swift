/// Turns HESIDs into one organisation's pseudonyms.
///
///     pseudonym(id) = base32(first 20 bytes of HMAC-SHA-256(key, UTF-8 bytes of id))
///
/// 32 lowercase characters (RFC 4648 alphabet, no padding; see `Base32`). The same key gives the same
/// pseudonym in every release, so an organisation's extracts join to each other and to its HES
/// extracts made with the same key; without the key, pseudonyms cannot be joined to HESIDs or to
/// another organisation's pseudonyms. 20 bytes (160 bits) keeps RFC 2104 §5's advice (a truncated
/// code at least half the hash's length) and a whole number of base32 characters; two of 10⁹ HESIDs
/// share a pseudonym with probability about 10¹⁸ / 2¹⁶¹ ≈ 3·10⁻³¹.
///
/// The key's fingerprint names the key in manifests without revealing it: the first 8 bytes, as 16
/// hexadecimal digits, of SHA-256(`fingerprintLabel` ‖ key).
///
/// - Complexity: `pseudonym` is two SHA-256 compressions for an id of up to 55 bytes; no allocation
///   in `pseudonym(of:into:)`.
public struct Pseudonymiser: Sendable, CustomStringConvertible, CustomReflectable {
    /// Bytes of the HMAC kept.
    public static let codeBytes = 20
    /// Characters in a pseudonym.
    public static let length = codeBytes / 5 * 8
    /// What is hashed before the key to make its fingerprint, so the fingerprint is no HMAC output and
    /// no plain hash of the key.
    public static let fingerprintLabel = Array("linkfit pseudonym key fingerprint v1\n".utf8)

    private let mac: HMACSHA256
    /// 16 hexadecimal digits that name the key without revealing it.
    public let keyFingerprint: String

    public init(key: UnsafeRawBufferPointer) {
        mac = HMACSHA256(key: key)
        var hasher = SHA256()
        hasher.update(Self.fingerprintLabel)
        hasher.update(key)
        keyFingerprint = Hex.lowercase(hasher.finalize().bytes.prefix(8))
    }

    public init(key: [UInt8]) {
        self = key.withUnsafeBytes { Pseudonymiser(key: $0) }
    }

    /// Writes the pseudonym of `id` into `output` (exactly `length` bytes, overwritten).
    public func pseudonym(of id: UnsafeRawBufferPointer, into output: inout [UInt8]) {
        mac.code(for: id).withUnsafeBytes { code in
            Base32.encode(UnsafeRawBufferPointer(rebasing: code.prefix(Self.codeBytes)), into: &output)
        }
    }

    /// The pseudonym of `id`.
    public func pseudonym(of id: String) -> String {
        var id = id
        var output = [UInt8](repeating: 0, count: Self.length)
        id.withUTF8 { pseudonym(of: UnsafeRawBufferPointer($0), into: &output) }
        return String(decoding: output, as: UTF8.self)
    }

    /// Names the key by its fingerprint only.
    public var description: String { "Pseudonymiser(key \(keyFingerprint))" }
    public var customMirror: Mirror { Mirror(self, children: ["keyFingerprint": keyFingerprint]) }
}
