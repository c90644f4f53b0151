import Foundation

/// Clerical reviewers' decisions on (left record, right entity) pairs, resolved against one run's
/// tables: by left row, the entities decided and what was decided. Built from the decisions ledger
/// (module `Releases`), applied by `ClericalAssignment` inside `Linker.link`.
package struct ClericalDecisions: Sendable, Equatable {
    /// What a reviewer said about a pair.
    package enum Verdict: UInt8, Sendable, CaseIterable {
        case match = 1
        case nonMatch = 2
        case unsure = 3

        /// The word in review.csv's `DECISION` column and in the ledger.
        package var label: String {
            switch self {
            case .match: return "match"
            case .nonMatch: return "non-match"
            case .unsure: return "unsure"
            }
        }

        /// The verdict a `DECISION` cell names (ignoring case and surrounding blanks), or nil.
        package init?(label: String) {
            let word = label.trimmingCharacters(in: .whitespaces).lowercased()
            guard let verdict = Self.allCases.first(where: { $0.label == word }) else { return nil }
            self = verdict
        }
    }

    /// One decided pair of a left row.
    package struct Decision: Sendable, Equatable {
        /// The right entity decided on (after old → current id changes).
        package var entity: Int32
        package var verdict: Verdict
        /// True when the record's identifiers changed since the decision was made (its fingerprint
        /// differs): the decision is not applied and the record goes to review.
        package var stale: Bool

        package init(entity: Int32, verdict: Verdict, stale: Bool) {
            self.entity = entity
            self.verdict = verdict
            self.stale = stale
        }
    }

    private var byRow: [Int32: [Decision]] = [:]

    package init() {}

    package var isEmpty: Bool { byRow.isEmpty }
    /// Left rows with at least one decision.
    package var rowCount: Int { byRow.count }

    /// Adds a decision on left `row`. Later decisions on the same entity replace earlier ones (the
    /// ledger's last word on a pair counts).
    package mutating func add(row: Int, _ decision: Decision) {
        var list = byRow[Int32(row), default: []]
        list.removeAll { $0.entity == decision.entity }
        list.append(decision)
        byRow[Int32(row)] = list
    }

    /// The decisions on left `row`, in the order added; nil when none.
    @inline(__always)
    package func decisions(ofRow row: Int) -> [Decision]? {
        byRow.isEmpty ? nil : byRow[Int32(row)]
    }
}
