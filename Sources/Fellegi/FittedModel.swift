/// A fitted Fellegi–Sunter model: the settings it was fitted with, λ, m and u per level, and how it
/// was fitted. A value: training returns a new model, nothing mutates a shared linker.
public struct FittedModel: Sendable, Equatable {
    public static let schemaVersion = 1

    public var settings: LinkSettings
    public var parameters: FSParameters
    /// π: the share of left records that have a match on the right (expected matches / left records).
    public var matchShare: Double
    /// r: the probability that a true match is among the candidate pairs (`BlockingRecall`).
    public var blockingRecall: Double
    /// Per comparison, the label of each level (index 0 is `null`).
    public var levelLabels: [[String]]
    /// Per comparison per level: where u came from (`frequency`, `sample`, `sample-sparse`).
    public var uSources: [[String]]
    /// Per comparison with term-frequency adjustment: a summary of the right side's value counts.
    public var termFrequencies: [TermFrequencySummary?]
    public var report: TrainingReport
    public var provenance: Provenance

    public init(settings: LinkSettings, parameters: FSParameters, matchShare: Double, blockingRecall: Double,
                levelLabels: [[String]], uSources: [[String]],
                termFrequencies: [TermFrequencySummary?], report: TrainingReport, provenance: Provenance) {
        self.settings = settings
        self.parameters = parameters
        self.matchShare = matchShare
        self.blockingRecall = blockingRecall
        self.levelLabels = levelLabels
        self.uSources = uSources
        self.termFrequencies = termFrequencies
        self.report = report
        self.provenance = provenance
    }

    /// The match weight of level `level` of comparison `k`: log2(m/u), 0 for the null level.
    public func weight(_ k: Int, _ level: Int) -> Double { parameters.matchWeight(comparison: k, level: level) }
}

/// Term-frequency counts summarised (never the values themselves).
public struct TermFrequencySummary: Sendable, Equatable {
    public var distinctValues: Int
    public var largestCount: Int
    public var entitiesWithValue: Int

    public init(distinctValues: Int, largestCount: Int, entitiesWithValue: Int) {
        self.distinctValues = distinctValues
        self.largestCount = largestCount
        self.entitiesWithValue = entitiesWithValue
    }
}

/// What was fitted on: the linkfit version, the seed, and a content fingerprint of each input. No
/// wall-clock time, so a refit with the same inputs and seed is byte-identical.
public struct Provenance: Sendable, Equatable {
    public var linkfitVersion: String
    public var seed: UInt64
    public var inputs: [Input]

    public struct Input: Sendable, Equatable {
        public var role: String
        public var file: String
        public var fingerprint: String
        public var records: Int
        public init(role: String, file: String, fingerprint: String, records: Int) {
            self.role = role
            self.file = file
            self.fingerprint = fingerprint
            self.records = records
        }
    }

    public init(linkfitVersion: String, seed: UInt64, inputs: [Input]) {
        self.linkfitVersion = linkfitVersion
        self.seed = seed
        self.inputs = inputs
    }
}

/// How the model was fitted: candidate pairs, λ's deterministic rule, u sampling, and one EM
/// session per blocking rule with every iteration.
public struct TrainingReport: Sendable, Equatable {
    public var leftRecords: Int
    public var rightEntities: Int
    public var rightRows: Int
    public var candidatePairs: Int
    public var rules: [RuleReport]
    public var lambda: LambdaReport
    public var uSamplePairs: Int
    public var sessions: [SessionReport]
    /// Per side (left, right), per comparison: records missing for each reason (label → count).
    public var missing: [[String: Int]]
    public var missingRight: [[String: Int]]

    public struct RuleReport: Sendable, Equatable {
        public var rule: String
        /// Pairs this rule found that no earlier rule found.
        public var newPairs: Int
        /// Pairs agreeing on this rule (its training session's pairs).
        public var pairs: Int
        public var oversizedBlocks: Int
        public var oversizedRows: Int
    }

    public struct LambdaReport: Sendable, Equatable {
        public var rule: [String]
        public var recall: Double
        /// Left records with a candidate agreeing exactly on every comparison of the rule.
        public var agreeingRecords: Int
        public var expectedMatches: Double
    }

    public struct SessionReport: Sendable, Equatable {
        public var rule: String
        public var pairs: Double
        /// Comparisons left out (the rule agrees on them by construction).
        public var excluded: [String]
        public var converged: Bool
        public var lambda: Double
        public var iterations: [EMIteration]
        public var problems: [String]
    }
}
