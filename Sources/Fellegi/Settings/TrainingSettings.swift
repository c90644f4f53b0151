import LinkIO

/// How the model is fitted (see `ModelTrainer`).
public struct TrainingSettings: Sendable, Equatable {
    /// The seeds a settings file (and so a model file) accepts: 0...2³¹−1, exact as a JSON number.
    /// A seed taken from elsewhere (a command-line option) is checked against this same range, so the
    /// model that records it loads again.
    public static let seedRange: ClosedRange<UInt64> = 0...UInt64(Int32.max)

    public var seed: UInt64 = 1
    public var maxIterations: Int = 200
    /// Convergence: the largest absolute change of any m, u or λ in one iteration.
    public var tolerance: Double = 1e-6
    /// A stronger level never carries a smaller match weight than a weaker one.
    public var monotone: Bool = true
    /// Random pairs drawn to estimate u-probabilities of the non-exact levels.
    public var uSamplePairs: Int = 5_000_000
    /// A level seen fewer times than this among the random pairs gets a smoothed u and is reported.
    public var uMinimumLevelCount: Int = 100
    /// The deterministic rule for λ: candidate pairs agreeing exactly on all of these comparisons are
    /// counted as matches, and divided by the stated recall of the rule.
    public var lambdaRule: [String] = []
    public var lambdaRuleRecall: Double = 0.9
    /// Comparisons whose m-probabilities are given, not estimated: name → m per non-null level
    /// (strongest first, summing to 1). Held fixed in every EM session.
    public var fixM: [String: [Double]] = [:]
    /// Comparisons whose u-probabilities are given, not estimated from frequencies and sampling.
    public var fixU: [String: [Double]] = [:]

    public init() {}
}
