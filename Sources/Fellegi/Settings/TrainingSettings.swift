import LinkIO

/// How the model is fitted (see `ModelTrainer`).
package struct TrainingSettings: Sendable, Equatable {
    /// The seeds a settings file (and so a model file) accepts: 0...2³¹−1, exact as a JSON number.
    /// A seed taken from elsewhere (a command-line option) is checked against this same range, so the
    /// model that records it loads again.
    package static let seedRange: ClosedRange<UInt64> = 0...UInt64(Int32.max)

    package var seed: UInt64 = 1
    package var maxIterations: Int = 1000
    /// Convergence: the largest absolute change of any m, u or λ in one iteration.
    package var tolerance: Double = 1e-6
    /// A stronger level never carries a smaller match weight than a weaker one.
    package var monotone: Bool = true
    /// Random pairs drawn to estimate u-probabilities of the non-exact levels.
    package var uSamplePairs: Int = 5_000_000
    /// A level seen fewer times than this among the random pairs gets a smoothed u and is reported.
    package var uMinimumLevelCount: Int = 100
    /// The deterministic rule for λ: candidate pairs agreeing exactly on all of these comparisons are
    /// counted as matches, and divided by the stated recall of the rule.
    package var lambdaRule: [String] = []
    /// The share of true matches the λ rule catches; nil (the default): estimated from the fitted m
    /// and the null rates, as the blocking recall is (`BlockingRecall`).
    package var lambdaRuleRecall: Double? = nil
    /// Comparisons whose m-probabilities are given, not estimated: name → m per non-null level
    /// (strongest first, summing to 1). Held fixed in every EM session.
    package var fixM: [String: [Double]] = [:]
    /// Comparisons whose u-probabilities are given, not estimated from frequencies and sampling.
    package var fixU: [String: [Double]] = [:]
    /// A comparison whose exact agreement is modelled as its own stratum of non-matches (nil: none).
    ///
    /// A non-match can agree on an identifier for a reason that makes it agree on the others too: a
    /// DID record carrying a relative's NHS number agrees with that relative's HES row on the number
    /// *and* usually on the household postcode. Random pairs say nothing of such non-matches, so with
    /// this set the training session of the blocking rule on this comparison alone estimates the
    /// other comparisons' u among the pairs agreeing on it (with the share of matches among them),
    /// and a pair agreeing exactly on it is scored with those u (`AgreementStratum`). Needs a blocking
    /// rule on exactly this comparison.
    package var agreementStratum: String?

    package init() {}
}
