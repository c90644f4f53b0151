/// λ, the prior probability that a left×right pair is a match, from a deterministic rule with a
/// stated recall: the left records with a candidate agreeing exactly on every comparison of the rule,
/// divided by the rule's recall, are the expected matches; λ = expected matches ÷ (left records ×
/// right entities). (Splink's `estimate_probability_two_random_records_match` works the same way.)
///
/// Without a rule, the first training session's λ times its pairs stands in for the expected matches.
/// The expected matches are clamped to [1, left records] (each left record has at most one match),
/// and λ to [10⁻¹⁵, 0.5].
package struct LambdaEstimate: Sendable, Equatable {
    /// Expected matches among the left records.
    package var expectedMatches: Double
    package var lambda: Double

    /// - Parameters:
    ///   - agreeingRecords: left records with a candidate agreeing on the rule (nil: no rule).
    ///   - recall: the rule's stated recall, in (0, 1].
    ///   - firstSession: λ and pair count of the first training session, used when there is no rule.
    package init(agreeingRecords: Int?, recall: Double, firstSession: (lambda: Double, pairs: Double)?, leftRecords: Int, rightEntities: Int) {
        var expected: Double
        if let agreeingRecords {
            expected = Double(agreeingRecords) / recall
        } else {
            expected = (firstSession?.lambda ?? 0.5) * (firstSession?.pairs ?? 0)
        }
        expected = min(max(expected, 1), Double(max(leftRecords, 1)))
        let allPairs = Double(leftRecords) * Double(max(rightEntities, 1))
        expectedMatches = expected
        lambda = min(max(expected / max(allPairs, 1), 1e-15), 0.5)
    }

    /// The share of left records expected to have a match (`FittedModel.matchShare`).
    package func matchShare(leftRecords: Int) -> Double { expectedMatches / Double(max(leftRecords, 1)) }
}
