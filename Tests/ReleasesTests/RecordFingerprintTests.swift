import Testing

@testable import Releases

/// The keyed fingerprint against Python's hmac module.
@Suite struct RecordFingerprintTests {
    /// `hmac.new(bytes(range(32)), b"linkfit record fingerprint v1\n" + b"0123456789abcdef0123456789abcdef", sha256).hexdigest()[:32]`;
    /// the key fingerprint is `sha256(b"linkfit pseudonym key fingerprint v1\n" + bytes(range(32))).hexdigest()[:16]`.
    @Test func matchesAnIndependentHMAC() {
        let key = Array(UInt8(0)..<32)
        let fingerprint = key.withUnsafeBytes { RecordFingerprint(key: $0) }
        #expect(fingerprint.of(version: "0123456789abcdef0123456789abcdef") == "af8785e9d22d218c5a6b56378ec756a9")
        #expect(fingerprint.keyFingerprint == "ad2854756cef2432")
        #expect(!"\(fingerprint)".contains("0001"))
    }

    @Test func anotherKeyGivesAnotherFingerprint() {
        let one = Array(UInt8(0)..<32).withUnsafeBytes { RecordFingerprint(key: $0) }
        let two = Array(UInt8(1)...32).withUnsafeBytes { RecordFingerprint(key: $0) }
        #expect(one.of(version: "v") != two.of(version: "v"))
    }
}
