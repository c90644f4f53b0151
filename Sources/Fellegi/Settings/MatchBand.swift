import LinkIO

/// A score band: pairs with weight ≥ `minimumWeight` (and, when `requires` is set, whose levels are
/// among the allowed ones for each named comparison) get rank `rank`.
package struct MatchBand: Sendable, Equatable {
    package var rank: String
    package var minimumWeight: Double
    /// When set, the record-level match probability (`Linker`) must also reach this.
    package var minimumProbability: Double?
    /// Comparison name → allowed levels. Empty: a pure score band.
    package var requires: [String: [Int]]
    /// What the band means, for people (`NHS number, DOB, sex and postcode agree`).
    package var meaning: String
    /// The rank of clerical match decisions (`ClericalAssignment`), not a score band: added to a run's
    /// bands only when decisions are applied; never in settings.
    package var isClerical = false

    package init(rank: String, minimumWeight: Double, minimumProbability: Double? = nil, requires: [String: [Int]] = [:],
                meaning: String = "") {
        self.rank = rank
        self.minimumWeight = minimumWeight
        self.minimumProbability = minimumProbability
        self.requires = requires
        self.meaning = meaning
    }

    /// The band of records a clerical reviewer decided to be a match, ranked `rank`.
    package static func clerical(rank: String) -> MatchBand {
        var band = MatchBand(rank: rank, minimumWeight: 0, meaning: "a clerical reviewer decided the pair is a match")
        band.isClerical = true
        return band
    }
}
