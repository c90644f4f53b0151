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

    package init(rank: String, minimumWeight: Double, minimumProbability: Double? = nil, requires: [String: [Int]] = [:],
                meaning: String = "") {
        self.rank = rank
        self.minimumWeight = minimumWeight
        self.minimumProbability = minimumProbability
        self.requires = requires
        self.meaning = meaning
    }
}
