import Fellegi
import Foundation
import LinkIO

/// The decisions a reviewer wrote into a run's review.csv (`DECISION`, with optional `REVIEWER` and
/// `DECIDED_ON`), as ledger entries.
package enum ReviewDecisions {
    /// What the run folder says about the run the queue came from (summary.json).
    package struct Run: Sendable, Equatable {
        package var fileVersion: String
        package var model: String

        package init(fileVersion: String, model: String) {
            self.fileVersion = fileVersion
            self.model = model
        }
    }

    /// Reads `url` (a review.csv) and returns one entry per row whose `DECISION` is filled in, in
    /// file order, fingerprinted with `fingerprint`. Rows left blank are skipped (still undecided).
    ///
    /// - Throws: `InputErrors` listing every row whose `DECISION` is not `match`, `non-match` or
    ///   `unsure` (ignoring case) or whose `RECORD_VERSION` is not 32 hex digits; `InputError` naming
    ///   the columns when the header is not review.csv's. Two `match` decisions on one record are
    ///   allowed (HES may hold the person twice): the run links the better-scoring one.
    ///   Messages give the line and column, never a cell's value (review.csv holds identifiers).
    package static func read(url: URL, file: String, run: Run, fingerprint: RecordFingerprint) throws -> (entries: [Entry], recordColumn: String, entityColumn: String) {
        let reader = try CSVReader(url: url, name: file, allowHeaderOnly: true)
        let required = ["CANDIDATE"] + LinkOutput.reviewDecisionColumns.prefix(2)
        guard reader.header.count > 3, reader.columnIndex("CANDIDATE") == 1 else {
            throw InputError(file: file, line: 1, "is not a review queue written by 'linkfit run' (expected <record id>,CANDIDATE,<entity id>,…,\(LinkOutput.reviewDecisionColumns.joined(separator: ",")))")
        }
        let columns = try reader.requireColumns(required)
        let (version, decision) = (columns[1], columns[2])
        let reviewer = reader.columnIndex("REVIEWER")
        let decidedOn = reader.columnIndex("DECIDED_ON")
        var entries: [Entry] = []
        var problems: [InputError] = []
        while try reader.next() {
            let cell = reader.string(decision)
            if cell.trimmingCharacters(in: .whitespaces).isEmpty { continue }
            guard let verdict = ClericalDecisions.Verdict(label: cell) else {
                problems.append(reader.error(column: decision, "is not match, non-match or unsure (or blank: undecided)"))
                continue
            }
            let recordVersion = reader.string(version)
            guard DecisionLedger.isHex(recordVersion, count: 32) else {
                problems.append(reader.error(column: version, "is not 32 hexadecimal digits (the row must be as 'linkfit run' wrote it)"))
                continue
            }
            let record = reader.string(0)
            entries.append(Entry(
                record: record, entity: reader.string(2), verdict: verdict, reviewer: reviewer.map(reader.string) ?? "",
                decidedOn: decidedOn.map(reader.string) ?? "", fileVersion: run.fileVersion, model: run.model,
                fingerprint: fingerprint.of(version: recordVersion), key: fingerprint.keyFingerprint, line: reader.line))
        }
        try InputErrors.throwIfAny(problems)
        return (entries, reader.header[0], reader.header[2])
    }

    package typealias Entry = DecisionLedger.Entry
}
