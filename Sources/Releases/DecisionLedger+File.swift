import Fellegi
import Foundation
import LinkIO

extension DecisionLedger {
    /// Reads a ledger file.
    ///
    /// - Throws: `InputError` located at the line and column of a malformed row (an unknown decision,
    ///   a fingerprint that is not 32 hex digits, a blank id), or naming the file when the header is
    ///   not a ledger's (it names the columns expected, never the header's cells).
    package static func read(url: URL, file: String) throws -> DecisionLedger {
        let reader = try CSVReader(url: url, name: file, allowHeaderOnly: true)
        guard reader.header.count == 2 + columns.count else {
            throw InputError(file: file, line: 1, "is not a decisions ledger: expected the columns <record id>,<entity id>,\(columns.joined(separator: ","))")
        }
        let indices = try reader.requireColumns(columns)
        var ledger = DecisionLedger(recordColumn: reader.header[0], entityColumn: reader.header[1])
        while try reader.next() {
            let record = reader.string(0)
            let entity = reader.string(1)
            if record.isEmpty { throw reader.error(column: 0, "is empty") }
            if entity.isEmpty { throw reader.error(column: 1, "is empty") }
            guard let verdict = ClericalDecisions.Verdict(label: reader.string(indices[0])) else {
                throw reader.error(column: indices[0], "is not match, non-match or unsure")
            }
            let fingerprint = reader.string(indices[5])
            guard isHex(fingerprint, count: 32) else { throw reader.error(column: indices[5], "is not 32 hexadecimal digits") }
            ledger.entries.append(Entry(
                record: record, entity: entity, verdict: verdict, reviewer: reader.string(indices[1]), decidedOn: reader.string(indices[2]),
                fileVersion: reader.string(indices[3]), model: reader.string(indices[4]), fingerprint: fingerprint,
                key: reader.string(indices[6]), line: reader.line))
        }
        return ledger
    }

    /// Writes the whole ledger to `url` atomically (the old file stays whole until the new one is in
    /// place). The rows already there are written back unchanged, so the file only grows.
    package func write(to url: URL) throws {
        let writer = try CSVWriter(url: url, header: header)
        for entry in entries {
            try writer.writeRow([entry.record, entry.entity, entry.verdict.label, entry.reviewer, entry.decidedOn, entry.fileVersion,
                                 entry.model, entry.fingerprint, entry.key])
        }
        try writer.commit()
    }

    /// True when `text` is exactly `count` lowercase or uppercase hexadecimal digits.
    static func isHex(_ text: String, count: Int) -> Bool {
        text.utf8.count == count && text.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) || (65...70).contains($0) }
    }
}
