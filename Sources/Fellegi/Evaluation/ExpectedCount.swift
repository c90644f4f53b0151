import Foundation
import LinkIO

/// The expected number of events among independent Bernoulli trials, each with its own probability
/// qᵢ: mean Σ qᵢ, variance Σ qᵢ(1 − qᵢ), and a 95% interval for the count. The count is
/// Poisson-binomial; when the events are rare (Σ qᵢ² ≤ 0.01, which by Le Cam's theorem keeps it
/// within 0.01 in total variation of Poisson(Σ qᵢ)) the interval is the 2.5% and 97.5% quantiles of
/// that Poisson distribution — a count of rare false links is small and discrete, and a normal
/// interval around a mean of 0.1 would call a single event impossible. Otherwise it is the normal
/// approximation mean ± 1.96·sd, floored at 0. A link with `MATCH_PROBABILITY` p is a false link with probability 1 − p; a
/// record left unlinked or in review whose best candidate has probability p is a missed link with
/// probability p (fastLink's label-free error estimates, Enamorado, Fifield & Imai 2019, §3.3).
package struct ExpectedCount: Sendable, Equatable {
    package private(set) var trials = 0
    package private(set) var mean = 0.0
    package private(set) var variance = 0.0

    /// The interval as quality.json stored it (a decoded count), else nil.
    private var storedInterval: ClosedRange<Double>?

    package init() {}

    /// A count as quality.json stored it: its interval is the stored one.
    init(trials: Int, mean: Double, lower: Double, upper: Double) {
        self.trials = trials
        self.mean = mean
        let sd = max(upper - mean, 0) / 1.96
        variance = sd * sd
        storedInterval = lower...max(lower, upper)
    }

    /// Adds one trial whose event has probability `q` (clamped to [0, 1]).
    package mutating func add(_ q: Double) {
        let q = min(max(q, 0), 1)
        storedInterval = nil
        trials += 1
        mean += q
        variance += q * (1 - q)
    }

    /// Adds another set of trials (sums of independent counts).
    package mutating func add(_ other: ExpectedCount) {
        storedInterval = nil
        trials += other.trials
        mean += other.mean
        variance += other.variance
    }

    package var lower: Double { storedInterval?.lowerBound ?? interval.lowerBound }
    package var upper: Double { storedInterval?.upperBound ?? interval.upperBound }

    /// Σ qᵢ² (mean − variance): Le Cam's bound on the distance to Poisson(mean).
    private var sumOfSquares: Double { max(0, mean - variance) }

    private var interval: ClosedRange<Double> {
        if sumOfSquares <= 0.01, let poisson = Self.poissonQuantiles(mean: mean, low: 0.025, high: 0.975) {
            return Double(poisson.low)...Double(poisson.high)
        }
        let half = 1.96 * variance.squareRoot()
        return max(0, mean - half)...(mean + half)
    }

    /// The smallest k with P(X ≤ k) ≥ `low`, and the smallest with P(X ≤ k) ≥ `high`, for X ~ Poisson(mean);
    /// nil past a mean of 500, where e^−mean underflows (the normal interval is then as good).
    static func poissonQuantiles(mean: Double, low: Double, high: Double) -> (low: Int, high: Int)? {
        guard mean >= 0, mean <= 500 else { return nil }
        var probability = exp(-mean)
        var cumulative = probability
        var k = 0
        var lowQuantile: Int?
        while true {
            if lowQuantile == nil, cumulative >= low { lowQuantile = k }
            if cumulative >= high, let lowQuantile { return (lowQuantile, k) }
            k += 1
            probability *= mean / Double(k)
            cumulative += probability
            if k > 10_000 { return nil }
        }
    }

    /// Whether `count` lies within the interval.
    package func covers(_ count: Int) -> Bool { Double(count) >= lower && Double(count) <= upper }

    /// `{"expected", "lower", "upper", "trials"}` at 3 decimals.
    package var json: JSON {
        func r(_ value: Double) -> JSON { .number((value * 1000).rounded() / 1000) }
        return .object(["trials": .number(Double(trials)), "expected": r(mean), "lower": r(lower), "upper": r(upper)])
    }

    /// `12.3 [5.4, 19.2]`.
    package var text: String { String(format: "%.1f [%.1f, %.1f]", mean, lower, upper) }
}
