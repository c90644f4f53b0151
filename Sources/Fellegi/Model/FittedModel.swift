/// A fitted Fellegi–Sunter model: the settings it was fitted with, λ, m and u per level, and how it
/// was fitted. A value: training returns a new model, nothing mutates a shared linker.
package struct FittedModel: Sendable, Equatable {
    package static let schemaVersion = 1

    package var settings: LinkSettings
    package var parameters: FSParameters
    /// π: the share of left records that have a match on the right (expected matches / left records).
    package var matchShare: Double
    /// r: the probability that a true match is among the candidate pairs (`BlockingRecall`).
    package var blockingRecall: Double
    /// r given which comparisons the left record lacks: entry `mask` (bit k set when comparison k is
    /// missing on the left) is the probability that its true match is among the candidates
    /// (`BlockingRecall.byLeftMissing`). Empty (a model without it, or more than
    /// `BlockingRecall.maskedComparisons` comparisons): `blockingRecall` for every record.
    package var blockingRecallByMissing: [Double]
    /// Per comparison, the label of each level (index 0 is `null`).
    package var levelLabels: [[String]]
    /// Per comparison per level: where u came from (`frequency`, `sample`, `sample-sparse`).
    package var uSources: [[String]]
    /// Per comparison with term-frequency adjustment: a summary of the right side's value counts.
    package var termFrequencies: [TermFrequencySummary?]
    package var report: TrainingReport
    package var provenance: Provenance

    package init(settings: LinkSettings, parameters: FSParameters, matchShare: Double, blockingRecall: Double,
                blockingRecallByMissing: [Double] = [],
                levelLabels: [[String]], uSources: [[String]],
                termFrequencies: [TermFrequencySummary?], report: TrainingReport, provenance: Provenance) {
        // The settings name the stratum the parameters have (one asked for but not fitted is not there).
        var settings = settings
        settings.training.agreementStratum = parameters.stratum.map { settings.comparisons[$0.comparison].name }
        self.settings = settings
        self.parameters = parameters
        self.matchShare = matchShare
        self.blockingRecall = blockingRecall
        self.blockingRecallByMissing = blockingRecallByMissing
        self.levelLabels = levelLabels
        self.uSources = uSources
        self.termFrequencies = termFrequencies
        self.report = report
        self.provenance = provenance
    }

    /// The match weight of level `level` of comparison `k`: log2(m/u), 0 for the null level.
    package func weight(_ k: Int, _ level: Int) -> Double { parameters.matchWeight(comparison: k, level: level) }
}

/// Term-frequency counts summarised (never the values themselves).
package struct TermFrequencySummary: Sendable, Equatable {
    package var distinctValues: Int
    package var largestCount: Int
    package var entitiesWithValue: Int

    package init(distinctValues: Int, largestCount: Int, entitiesWithValue: Int) {
        self.distinctValues = distinctValues
        self.largestCount = largestCount
        self.entitiesWithValue = entitiesWithValue
    }
}
