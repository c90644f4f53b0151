import Comparators
import Foundation
import LinkIO

/// The Data Matching Quality Report of a run folder: records in, matched and the match rate; matches
/// per rank with the rank's ladder step in words; the same per provider and per test month, each
/// with the completeness and validity of the identifiers (`IdentifierValidity`, when the left file
/// is read); the match rate by subgroup (`SubgroupTable`: age band, sex, postcode area); the weight
/// distributions of linked, review and unlinked records (`WeightDistribution`); label-free error
/// estimates from `MATCH_PROBABILITY` (``ExpectedCount``): expected false links per rank,
/// Σ (1 − p) over its links, and expected missed links, Σ p over review records' first candidates
/// and unlinked records that have a probability; and the validation and derivation rules in words
/// (`ValidationRules`). Reading: `QualityReport+Reading.swift`; quality.json: `+JSON`.
package struct QualityReport: Sendable, Equatable {
    package struct Counts: Sendable, Equatable {
        package var records = 0
        package var matched = 0
        package init(records: Int = 0, matched: Int = 0) {
            self.records = records
            self.matched = matched
        }
        package var rate: Double { records == 0 ? 0 : Double(matched) / Double(records) }

        mutating func add(_ matched: Bool) {
            records += 1
            if matched { self.matched += 1 }
        }
    }

    package struct Rank: Sendable, Equatable {
        package var rank: String
        package var meaning: String
        package var matched = 0
        package var falseLinks = ExpectedCount()
    }

    /// A score band as summary.json records it (the thresholds the run derived).
    package struct Band: Sendable, Equatable {
        package var rank: String
        package var minimumWeight: Double?
        package var requires: [String: [Int]]
        package var meaning: String

        package init(rank: String, minimumWeight: Double?, requires: [String: [Int]] = [:], meaning: String) {
            self.rank = rank
            self.minimumWeight = minimumWeight
            self.requires = requires
            self.meaning = meaning
        }
    }

    package var overall = Counts()
    package var ranks: [Rank] = []
    package var perProvider: [String: Counts] = [:]
    package var perMonth: [String: Counts] = [:]
    package var falseLinks = ExpectedCount()
    package var missedLinks = ExpectedCount()

    /// The comparisons whose identifiers were checked and their kinds (empty without the left file).
    package var identifierNames: [String] = []
    package var identifierKinds: [ComparisonKind] = []
    /// Identifier completeness and validity overall, per provider and per test month (nil and
    /// empty without the left file). Their rows sum to `identifiers`.
    package var identifiers: IdentifierValidity?
    package var identifiersPerProvider: [String: IdentifierValidity] = [:]
    package var identifiersPerMonth: [String: IdentifierValidity] = [:]
    /// Match rate by age band, sex and postcode area (empty without the left file).
    package var subgroups: [SubgroupTable] = []
    package var weights = WeightDistribution()
    /// The validation and derivation rules of the settings used.
    package var rules: [ValidationRules.Rule] = []

    package init() {}

    /// Statuses that count as matched.
    static let matchedStatuses = LinkOutput.linkedStatuses

    /// Rates as quality.json writes them: 6 decimals.
    package static func rate(_ value: Double) -> Double { (value * 1e6).rounded() / 1e6 }

    /// The headline identifier figures (valid NHS number %, …) of this report's comparisons.
    package var headlines: IdentifierHeadlines { IdentifierHeadlines(kinds: identifierKinds) }
}

extension QualityReport.Counts {
    /// `{"records", "matched", "rate"}`.
    init(json: JSON?) {
        self.init(records: Int(json?["records"]?.number ?? 0), matched: Int(json?["matched"]?.number ?? 0))
    }
}
