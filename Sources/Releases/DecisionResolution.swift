import Fellegi
import Kernels
import Foundation
import LinkIO

/// The ledger's decisions in force, resolved against one run's tables (`ClericalDecisions`), with
/// counts of what happened to them.
package struct DecisionResolution: Sendable {
    package var decisions = ClericalDecisions()
    package var counts = Counts()

    /// How the ledger's decisions met this release.
    package struct Counts: Sendable, Equatable {
        /// Decisions in force, by verdict (records present in this release).
        package var match = 0
        package var nonMatch = 0
        package var unsure = 0
        /// Decisions made on another version of the record (its identifiers changed): not applied.
        package var stale = 0
        /// Decisions on records absent from this release (counted, not an error).
        package var absentRecords = 0
        /// Decisions whose entity id is now another (old → current id changes): applied to the current.
        package var renamed = 0
        /// Decisions whose entity id is not in this right file at all: the record goes to review as stale.
        package var absentEntities = 0

        package init() {}

        /// Adds the counts of `other` (another chunk of the release, resolved against the same ledger).
        /// Each chunk counts the decisions on records not in it as absent: see `absentRecords(inChunks:of:)`.
        package mutating func add(_ other: Counts) {
            match += other.match
            nonMatch += other.nonMatch
            unsure += other.unsure
            stale += other.stale
            absentRecords += other.absentRecords
            renamed += other.renamed
            absentEntities += other.absentEntities
        }

        /// With the counts of `chunks` chunks added, the decisions on records absent from the whole
        /// release: a record is in at most one chunk (a release's ids are unique), so each of the
        /// `decisions` in force was counted absent by every chunk but the one holding its record.
        package mutating func absentRecords(inChunks chunks: Int, of decisions: Int) {
            absentRecords -= (chunks - 1) * decisions
        }

        package var json: JSON {
            .object(["match": .number(Double(match)), "nonMatch": .number(Double(nonMatch)), "unsure": .number(Double(unsure)),
                     "stale": .number(Double(stale)), "absentRecords": .number(Double(absentRecords)),
                     "renamed": .number(Double(renamed)), "absentEntities": .number(Double(absentEntities))])
        }
    }

    package init() {}

    /// Resolves `ledger` against `left` and `right` (whose ids went through `changes`).
    ///
    /// - Throws: `InputError` at the ledger line of a decision made with another key than
    ///   `fingerprint`'s (every fingerprint would look stale).
    package init(ledger: DecisionLedger, file: String, left: RecordTable, right: RecordTable, changes: IdentifierChanges,
                 fingerprint: RecordFingerprint) throws {
        for entry in ledger.current {
            guard entry.key == fingerprint.keyFingerprint else {
                throw InputError(file: file, line: entry.line, column: "KEY",
                                 "was made with another key than the one given (fingerprint \(fingerprint.keyFingerprint)): use the ledger's key")
            }
            guard let row = left.ids.index(of: entry.record) else {
                counts.absentRecords += 1
                continue
            }
            let current = changes.current(entry.entity)
            if current != entry.entity { counts.renamed += 1 }
            let stale = fingerprint.of(version: left.version(ofRow: row)) != entry.fingerprint
            guard let entity = right.ids.index(of: current) else {
                counts.absentEntities += 1
                decisions.add(row: row, .init(entity: -1, verdict: entry.verdict, stale: true))
                continue
            }
            if stale {
                counts.stale += 1
            } else {
                switch entry.verdict {
                case .match: counts.match += 1
                case .nonMatch: counts.nonMatch += 1
                case .unsure: counts.unsure += 1
                }
            }
            decisions.add(row: row, .init(entity: Int32(entity), verdict: entry.verdict, stale: stale))
        }
    }
}
