/// How the model was fitted: candidate pairs, λ's deterministic rule, u sampling, and one EM
/// session per blocking rule with every iteration.
package struct TrainingReport: Sendable, Equatable {
    package var leftRecords: Int
    package var rightEntities: Int
    package var rightRows: Int
    package var candidatePairs: Int
    package var rules: [RuleReport]
    package var lambda: LambdaReport
    package var uSamplePairs: Int
    package var sessions: [SessionReport]
    /// Per side (left, right), per comparison: records missing for each reason (label → count).
    package var missing: [[String: Int]]
    package var missingRight: [[String: Int]]

    package struct RuleReport: Sendable, Equatable {
        package var rule: String
        /// Pairs this rule found that no earlier rule found.
        package var newPairs: Int
        /// Pairs agreeing on this rule (its training session's pairs).
        package var pairs: Int
        package var oversizedBlocks: Int
        package var oversizedRows: Int
    }

    package struct LambdaReport: Sendable, Equatable {
        package var rule: [String]
        package var recall: Double
        /// True when `recall` was estimated from the fitted m (no `lambdaRuleRecall` given).
        package var recallEstimated: Bool
        /// Left records with a candidate agreeing exactly on every comparison of the rule.
        package var agreeingRecords: Int
        package var expectedMatches: Double
    }

    package struct SessionReport: Sendable, Equatable {
        package var rule: String
        package var pairs: Double
        /// Comparisons left out (the rule agrees on them by construction).
        package var excluded: [String]
        package var converged: Bool
        package var lambda: Double
        package var iterations: [EMIteration]
        package var problems: [String]
    }
}
