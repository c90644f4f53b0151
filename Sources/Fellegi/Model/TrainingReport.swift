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
