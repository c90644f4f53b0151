import Fellegi
import Foundation
import LinkIO

/// The clerical decisions ledger: an append-only CSV of the pairs reviewers decided, one row per
/// decision, which every later run applies (`linkfit run --decisions`).
///
///     DID_ID,HESID,DECISION,REVIEWER,DECIDED_ON,FILE_VERSION,MODEL,RECORD_FINGERPRINT,KEY
///
/// (the id columns are named as the run's settings name them). `RECORD_FINGERPRINT` is the keyed
/// fingerprint of the record's identifiers when the decision was made (`RecordFingerprint`), `KEY` the
/// fingerprint of that key; `MODEL` and `FILE_VERSION` name the run whose review queue it came from.
/// The ledger holds no identifier, so it can be kept with the link files.
///
/// The last row on a pair is the pair's decision. Re-adding the same decision on the same record
/// version changes nothing; the same decision on a corrected record is appended (it refreshes the
/// fingerprint); a different decision on a pair is refused unless superseding, and then appended:
/// earlier rows are never changed or removed (an audit trail).
package struct DecisionLedger: Sendable, Equatable {
    package struct Entry: Sendable, Equatable {
        package var record: String
        package var entity: String
        package var verdict: ClericalDecisions.Verdict
        package var reviewer: String
        package var decidedOn: String
        package var fileVersion: String
        package var model: String
        package var fingerprint: String
        package var key: String
        /// Where the entry was read from (its file and line), for errors; nil for new entries.
        package var line: Int?

        package init(record: String, entity: String, verdict: ClericalDecisions.Verdict, reviewer: String = "", decidedOn: String = "",
                     fileVersion: String, model: String, fingerprint: String, key: String, line: Int? = nil) {
            self.record = record
            self.entity = entity
            self.verdict = verdict
            self.reviewer = reviewer
            self.decidedOn = decidedOn
            self.fileVersion = fileVersion
            self.model = model
            self.fingerprint = fingerprint
            self.key = key
            self.line = line
        }

        var pair: Pair { Pair(record: record, entity: entity) }
    }

    struct Pair: Hashable {
        var record: String
        var entity: String
    }

    /// The left and right id column names (`DID_ID`, `HESID`).
    package var recordColumn: String
    package var entityColumn: String
    package internal(set) var entries: [Entry]

    package init(recordColumn: String, entityColumn: String, entries: [Entry] = []) {
        self.recordColumn = recordColumn
        self.entityColumn = entityColumn
        self.entries = entries
    }

    /// Columns after the two ids.
    static let columns = ["DECISION", "REVIEWER", "DECIDED_ON", "FILE_VERSION", "MODEL", "RECORD_FINGERPRINT", "KEY"]

    package var header: [String] { [recordColumn, entityColumn] + Self.columns }

    /// The decision in force on each pair (its last entry), in order of each pair's first entry.
    package var current: [Entry] {
        var position: [Pair: Int] = [:]
        var result: [Entry] = []
        for entry in entries {
            if let index = position[entry.pair] {
                result[index] = entry
            } else {
                position[entry.pair] = result.count
                result.append(entry)
            }
        }
        return result
    }

    /// What `add` did.
    package struct Added: Sendable, Equatable {
        package var appended = 0
        /// Decisions already in the ledger (same pair, decision and record version).
        package var unchanged = 0
        /// Appended decisions that replace a different decision on the pair.
        package var superseded = 0
    }

    /// Appends `new` decisions.
    ///
    /// - Throws: `InputErrors`, one per new decision that contradicts the pair's decision in force
    ///   (unless `supersede`), located at the new decision's line in `file`; nothing is added then.
    package mutating func add(_ new: [Entry], supersede: Bool, file: String) throws -> Added {
        var inForce: [Pair: Entry] = [:]
        for entry in entries { inForce[entry.pair] = entry }
        var added = Added()
        var appended: [Entry] = []
        var problems: [InputError] = []
        for entry in new {
            if let previous = inForce[entry.pair] {
                if previous.verdict == entry.verdict {
                    if previous.fingerprint == entry.fingerprint {
                        added.unchanged += 1
                        continue
                    }
                } else if supersede {
                    added.superseded += 1
                } else {
                    let earlier = previous.line.map { "ledger line \($0)" } ?? "an earlier row of this file"
                    problems.append(InputError(
                        file: file, line: entry.line, column: "DECISION",
                        "contradicts the decision in force on this pair (\(previous.verdict.label), \(earlier)); add with --supersede to replace it"))
                    continue
                }
            }
            var stored = entry
            stored.line = nil
            inForce[entry.pair] = entry
            appended.append(stored)
        }
        try InputErrors.throwIfAny(problems)
        entries += appended
        added.appended = appended.count
        return added
    }
}
