import Pseudonyms

extension RecordTable {
    /// The version of `row`'s identifiers: SHA-256 over what linkfit compares of the record — per
    /// comparison its standardised code (and the number that failed the NHS check digit, if any) or
    /// its text — as 32 hex digits (the first 16 bytes). Two files that write the same identifiers
    /// differently (`943 476 5919` and `9434765919`) give the same version; a corrected identifier
    /// gives another. review.csv carries it (`RECORD_VERSION`) so that a clerical decision can be
    /// tied to the version of the record it was made on; the decisions ledger keeps only a keyed
    /// hash of it (module `Releases`), never this value.
    ///
    /// - Complexity: O(K) plus the text bytes.
    package func version(ofRow row: Int) -> String {
        var hash = SHA256()
        hash.update([Self.versionFormat])
        for k in settings.indices {
            hash.update([UInt8(truncatingIfNeeded: k)])
            if let text = texts[k] {
                text.withBytes(row) { bytes in
                    hash.update(Self.littleEndian(UInt64(bytes.count)))
                    hash.update(UnsafeRawBufferPointer(bytes))
                }
            } else {
                hash.update(Self.littleEndian(codes[k][row]))
                hash.update(Self.littleEndian(failedCheck.isEmpty ? 0 : failedCheck[k].code(row: row) ?? 0))
            }
        }
        return String(hash.finalize().hex.prefix(32))
    }

    /// Bumped when the bytes hashed by `version(ofRow:)` change meaning.
    static let versionFormat: UInt8 = 1

    private static func littleEndian(_ value: UInt64) -> [UInt8] {
        (0..<8).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
    }
}
