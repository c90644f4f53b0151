import Foundation
import LinkIO

/// The expected number of events among independent Bernoulli trials, each with its own probability
/// qᵢ: mean Σ qᵢ, variance Σ qᵢ(1 − qᵢ), and a 95% interval for the count: the 2.5% and 97.5%
/// quantiles of its distribution. The count is Poisson-binomial, and a count of false links is
/// small, discrete and skewed: a normal interval around a mean of 0.1 would call a single event
/// impossible, and around a mean of 1 made of two links at 0.75 and many near 1 its upper end (2.8)
/// falls short of the true 97.5% quantile (3). So the distribution is computed exactly where it is
/// cheap: the trials with q < 0.01 taken together as Poisson(Σ q) (within Σ q² of it in total
/// variation, Le Cam's theorem; used while that is ≤ 0.01), convolved with the exact distribution
/// of the others (while there are at most `exactLimit`); where Σ q² of the small ones is larger,
/// every trial exactly while there are at most `exactLimit` in all. Past those bounds (a large
/// count, where the normal approximation is good) it is mean ± 1.96·sd, floored at 0. A link with
/// `MATCH_PROBABILITY` p is a false link with probability 1 − p; a record left unlinked or in review
/// whose best candidate has probability p is a missed link with probability p (fastLink's label-free
/// error estimates, Enamorado, Fifield & Imai 2019, §3.3).
package struct ExpectedCount: Sendable, Equatable {
    package private(set) var trials = 0
    package private(set) var mean = 0.0
    package private(set) var variance = 0.0
    /// Σ q and Σ q² over the trials with q below `smallProbability` (the Poisson part).
    private var smallMean = 0.0
    private var smallSquares = 0.0
    /// The other trials' q, while there are at most `exactLimit` (nil past it, or for a stored count).
    private var large: [Double]? = []
    /// The small trials' q, while there are at most `exactLimit` (for when Σ q² is past Le Cam's bound).
    private var small: [Double]? = []

    /// The interval as quality.json stored it (a decoded count), else nil.
    private var storedInterval: ClosedRange<Double>?

    static let smallProbability = 0.01
    static let exactLimit = 1_000

    package init() {}

    /// A count as quality.json stored it: its interval is the stored one.
    init(trials: Int, mean: Double, lower: Double, upper: Double) {
        self.trials = trials
        self.mean = mean
        let sd = max(upper - mean, 0) / 1.96
        variance = sd * sd
        large = nil
        small = nil
        storedInterval = lower...max(lower, upper)
    }

    /// Adds one trial whose event has probability `q` (clamped to [0, 1]).
    package mutating func add(_ q: Double) {
        let q = min(max(q, 0), 1)
        storedInterval = nil
        trials += 1
        mean += q
        variance += q * (1 - q)
        if q < Self.smallProbability {
            smallMean += q
            smallSquares += q * q
            Self.keep(q, in: &small)
        } else {
            Self.keep(q, in: &large)
        }
    }

    /// Appends `q` to `list` while it holds fewer than `exactLimit`; nil past that.
    private static func keep(_ q: Double, in list: inout [Double]?) {
        guard list != nil else { return }
        if list!.count < exactLimit { list!.append(q) } else { list = nil }
    }

    /// `mine` and `theirs` together, nil past `exactLimit`.
    private static func joined(_ mine: [Double]?, _ theirs: [Double]?) -> [Double]? {
        guard let mine, let theirs, mine.count + theirs.count <= exactLimit else { return nil }
        return mine + theirs
    }

    /// Adds another set of trials (sums of independent counts).
    package mutating func add(_ other: ExpectedCount) {
        storedInterval = nil
        trials += other.trials
        mean += other.mean
        variance += other.variance
        smallMean += other.smallMean
        smallSquares += other.smallSquares
        large = Self.joined(large, other.large)
        small = Self.joined(small, other.small)
    }

    package var lower: Double { bounds.lowerBound }
    package var upper: Double { bounds.upperBound }

    /// The 95% interval (computed on each use: take it once where both ends are needed).
    package var bounds: ClosedRange<Double> {
        if let storedInterval { return storedInterval }
        if smallSquares <= 0.01, let large, let exact = Self.quantiles(poisson: smallMean, bernoulli: large, low: 0.025, high: 0.975) {
            return Double(exact.low)...Double(exact.high)
        }
        if let every = Self.joined(small, large), let exact = Self.quantiles(poisson: 0, bernoulli: every, low: 0.025, high: 0.975) {
            return Double(exact.low)...Double(exact.high)
        }
        let half = 1.96 * variance.squareRoot()
        return max(0, mean - half)...(mean + half)
    }

    /// The smallest k with P(X ≤ k) ≥ `low`, and the smallest with P(X ≤ k) ≥ `high`, for X the sum of
    /// a Poisson(`poisson`) count and one Bernoulli trial per probability in `bernoulli`; nil past a
    /// Poisson mean of 500, where e^−mean underflows (the normal interval is then as good).
    ///
    /// - Complexity: O(n·(n + m)) for n trials and a Poisson tail of m terms.
    static func quantiles(poisson mean: Double, bernoulli: [Double], low: Double, high: Double) -> (low: Int, high: Int)? {
        guard mean >= 0, mean <= 500 else { return nil }
        // Poisson(mean) up to where its tail is below 1e-15.
        var distribution = [exp(-mean)]
        var cumulative = distribution[0]
        while 1 - cumulative > 1e-15, distribution.count < 10_000 {
            let next = distribution[distribution.count - 1] * mean / Double(distribution.count)
            distribution.append(next)
            cumulative += next
        }
        // Each trial in turn: P'(k) = P(k)(1 − q) + P(k − 1)q.
        for q in bernoulli {
            distribution.append(0)
            for k in stride(from: distribution.count - 1, through: 1, by: -1) {
                distribution[k] = distribution[k] * (1 - q) + distribution[k - 1] * q
            }
            distribution[0] *= 1 - q
        }
        var lowQuantile: Int?
        cumulative = 0
        for (k, probability) in distribution.enumerated() {
            cumulative += probability
            if lowQuantile == nil, cumulative >= low { lowQuantile = k }
            if cumulative >= high, let lowQuantile { return (lowQuantile, k) }
        }
        return lowQuantile.map { ($0, distribution.count - 1) }
    }

    /// Whether `count` lies within the interval.
    package func covers(_ count: Int) -> Bool { bounds.contains(Double(count)) }

    /// `{"expected", "lower", "upper", "trials"}` at 3 decimals.
    package var json: JSON {
        func r(_ value: Double) -> JSON { .number((value * 1000).rounded() / 1000) }
        let bounds = bounds
        return .object(["trials": .number(Double(trials)), "expected": r(mean), "lower": r(bounds.lowerBound), "upper": r(bounds.upperBound)])
    }

    /// `12.3 [5.4, 19.2]`.
    package var text: String {
        let bounds = bounds
        return String(format: "%.1f [%.1f, %.1f]", mean, bounds.lowerBound, bounds.upperBound)
    }
}
