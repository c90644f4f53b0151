import Comparators
import Foundation
import LinkIO

/// The completeness and validity of a group of left records' identifiers, as linking's own
/// standardisation judged them (`RecordIdentifiers`): per comparison, the records with a usable
/// value and the records missing for each `MissingReason`. Present + Σ missing = records, for every
/// comparison; two groups add cell by cell, so per-provider tables sum to the totals.
package struct IdentifierValidity: Sendable, Equatable {
    package private(set) var records = 0
    /// Per comparison: records missing for each reason (`MissingReason.rawValue` → count), as
    /// `RecordTable.missingCounts` counts them.
    package private(set) var missing: [[Int]]

    package init(comparisons: Int) {
        missing = Array(repeating: Array(repeating: 0, count: MissingReason.allCases.count), count: comparisons)
    }

    /// Builds counts from stored ones (quality.json); `missing[k]` has one entry per reason.
    package init(records: Int, missing: [[Int]]) {
        self.records = records
        self.missing = missing
    }

    /// Adds one record whose comparison `k` is missing for `reasons[k]` (nil: present).
    package mutating func add(_ reasons: [MissingReason?]) {
        records += 1
        for (k, reason) in reasons.enumerated() where k < missing.count {
            if let reason { missing[k][Int(reason.rawValue)] += 1 }
        }
    }

    /// Adds another group's counts.
    package mutating func add(_ other: IdentifierValidity) {
        records += other.records
        for k in missing.indices where k < other.missing.count {
            for r in missing[k].indices { missing[k][r] += other.missing[k][r] }
        }
    }

    /// Records whose comparison `k` has a usable value.
    package func present(_ k: Int) -> Int { records - missing[k].reduce(0, +) }

    /// Records whose comparison `k` is missing for `reason`.
    package func count(_ k: Int, _ reason: MissingReason) -> Int { missing[k][Int(reason.rawValue)] }

    /// The share of records (0 for none).
    package func share(_ count: Int) -> Double { records == 0 ? 0 : Double(count) / Double(records) }

    /// `{name: {"present", "presentRate", "missing": {reason label: count}}}`; reasons with no
    /// record left out, rates at 6 decimals.
    package func json(names: [String]) -> JSON {
        var members: [String: JSON] = [:]
        for (k, name) in names.enumerated() where k < missing.count {
            var reasons: [String: JSON] = [:]
            for reason in MissingReason.allCases where count(k, reason) > 0 {
                reasons[reason.label] = .number(Double(count(k, reason)))
            }
            members[name] = .object([
                "present": .number(Double(present(k))), "presentRate": .number(QualityReport.rate(share(present(k)))),
                "missing": .object(reasons),
            ])
        }
        return .object(members)
    }

    /// Decodes `json(names:)` for `records` records.
    package init(json: JSON?, names: [String], records: Int) {
        self.init(comparisons: names.count)
        self.records = records
        for (k, name) in names.enumerated() {
            let reasons = json?[name]?["missing"]
            for reason in MissingReason.allCases {
                missing[k][Int(reason.rawValue)] = Int(reasons?[reason.label]?.number ?? 0)
            }
        }
    }
}

/// The headline identifier figures of the national report, found by comparison kind: valid NHS
/// number, plausible birth date, valid postcode (shares of records with a usable value) and
/// pseudo-postcodes (the share missing as `ZZ99…`). A figure is nil when the settings have no (or
/// more than one) comparison of its kind.
package struct IdentifierHeadlines: Sendable, Equatable {
    package var nhsNumber: Int?
    package var birthDate: Int?
    package var postcode: Int?

    package init(kinds: [ComparisonKind]) {
        func only(_ kind: ComparisonKind) -> Int? {
            let matches = kinds.indices.filter { kinds[$0] == kind }
            return matches.count == 1 ? matches[0] : nil
        }
        nhsNumber = only(.nhsNumber)
        birthDate = only(.date)
        postcode = only(.postcode)
    }

    /// Column titles and the figure of each, as shares of `validity.records`.
    package func figures(_ validity: IdentifierValidity) -> [(title: String, share: Double)] {
        var figures: [(String, Double)] = []
        if let k = nhsNumber { figures.append(("valid NHS number", validity.share(validity.present(k)))) }
        if let k = birthDate { figures.append(("plausible birth date", validity.share(validity.present(k)))) }
        if let k = postcode {
            figures.append(("valid postcode", validity.share(validity.present(k))))
            figures.append(("pseudo-postcode", validity.share(validity.count(k, .pseudo))))
        }
        return figures
    }
}
