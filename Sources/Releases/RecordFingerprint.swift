import Fellegi
import Pseudonyms

/// Keyed fingerprints of record versions, for the decisions ledger: HMAC-SHA-256(key, label ‖ version)
/// of a record's `RECORD_VERSION` (`RecordTable.version(ofRow:)`), first 16 bytes as 32 hex digits.
///
/// The version is a plain hash of what linkfit compares (NHS number, birth date, sex, postcode): anyone
/// who guesses a person's identifiers could confirm them against it. The ledger keeps only this
/// keyed form, so without the key (held by the operator, owner-only, never printed) it says nothing
/// about the identifiers; with the key, the same record version always gives the same fingerprint.
package struct RecordFingerprint: Sendable, CustomStringConvertible {
    /// Hashed before the version, so a ledger fingerprint is never a pseudonym made with the same key.
    static let label = Array("linkfit record fingerprint v1\n".utf8)

    private let mac: HMACSHA256
    /// Names the key (as `Pseudonymiser.keyFingerprint` does) without revealing it.
    package let keyFingerprint: String

    package init(key: UnsafeRawBufferPointer) {
        mac = HMACSHA256(key: key)
        keyFingerprint = Pseudonymiser(key: key).keyFingerprint
    }

    /// The fingerprint of a record version.
    package func of(version: String) -> String {
        String(mac.code(for: Self.label + Array(version.utf8)).hex.prefix(32))
    }

    /// Never shows the key.
    package var description: String { "RecordFingerprint(key \(keyFingerprint))" }
}
