/// Base32 in RFC 4648 §6's alphabet, lower-cased and without padding: five bits per character,
/// `a`–`z` then `2`–`7`.
///
/// Pseudonyms use it because a base32 string cannot be mistaken for the identifiers it replaces: no
/// 0, 1, 8 or 9 and no capital letter, so no HESID or NHS number (ten digits) and no postcode in its
/// standard form (capitals and digits) can appear inside one by chance, and an extract can be audited
/// by a plain text search.
public enum Base32 {
    /// The 32 characters, value 0 first.
    static let alphabet = Array("abcdefghijklmnopqrstuvwxyz234567".utf8)

    /// Encodes `bytes` (a multiple of 5 bytes) into `output` (exactly 8 characters per 5 bytes,
    /// overwritten).
    ///
    /// - Complexity: O(`bytes.count`), no allocation.
    public static func encode(_ bytes: UnsafeRawBufferPointer, into output: inout [UInt8]) {
        precondition(bytes.count % 5 == 0 && output.count == bytes.count / 5 * 8, "base32 of whole 5-byte groups")
        alphabet.withUnsafeBufferPointer { alphabet in
            var group = 0
            var out = 0
            while group < bytes.count {
                var bits: UInt64 = 0
                var offset = 0
                while offset < 5 {
                    bits = bits &<< 8 | UInt64(bytes[group &+ offset])
                    offset &+= 1
                }
                var shift: UInt64 = 40
                while shift > 0 {
                    shift &-= 5
                    output[out] = alphabet[Int(truncatingIfNeeded: bits &>> shift) & 31]
                    out &+= 1
                }
                group &+= 5
            }
        }
    }

    /// `bytes` (a multiple of 5 bytes) as base32 text.
    public static func encode(_ bytes: [UInt8]) -> String {
        var text = [UInt8](repeating: 0, count: bytes.count / 5 * 8)
        bytes.withUnsafeBytes { encode($0, into: &text) }
        return String(decoding: text, as: UTF8.self)
    }
}
