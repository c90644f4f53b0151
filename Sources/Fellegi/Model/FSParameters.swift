import Foundation

/// The parameters of a Fellegi–Sunter model: λ and, per comparison and level, the m-probability and
/// u-probability.
///
/// For comparison k with levels 0 … L_k−1 (level 0 the null level, then strongest to weakest
/// agreement):
///
/// - m-probability m_k(l) = P(γ_k = l | match), u-probability u_k(l) = P(γ_k = l | non-match), each
///   a distribution over the non-null levels 1 … L_k−1 (it sums to 1 there). `m[k][0]` and `u[k][0]`
///   are unused and conventionally 0: a null level is missing at random and contributes a factor 1
///   to both classes.
/// - λ = P(match) among candidate pairs.
///
/// The match weight of a pattern γ is the log₂ posterior odds
///
///     w(γ) = log₂(λ / (1 − λ)) + Σ_{k: γ_k ≠ 0} log₂(m_k(γ_k) / u_k(γ_k))
///
/// (prior weight plus the log₂ Bayes factor of each non-null level) and its match probability is
/// 2^w / (1 + 2^w) (Fellegi & Sunter 1969, "A theory for record linkage", JASA 64:1183–1210).
///
/// A value: training returns new parameters, nothing is mutated in place behind a caller's back.
package struct FSParameters: Sendable, Hashable {
    /// λ: the prior probability that a candidate pair is a match.
    package var lambda: Double
    /// m[k][l] = P(level l of comparison k | match); index 0 (null) unused.
    package var m: [[Double]]
    /// u[k][l] = P(level l of comparison k | non-match); index 0 (null) unused.
    package var u: [[Double]]
    /// The non-matches agreeing exactly on one comparison, with u of their own (nil: none).
    package var stratum: AgreementStratum?

    package init(lambda: Double, m: [[Double]], u: [[Double]], stratum: AgreementStratum? = nil) {
        self.lambda = lambda
        self.m = m
        self.u = u
        self.stratum = stratum
    }

    /// K: the number of comparisons.
    package var comparisonCount: Int { m.count }

    /// L_k per comparison (null level included), read from `m`.
    package var levelCounts: [Int] { m.map(\.count) }

    /// The prior weight log₂(λ / (1 − λ)).
    package var priorWeight: Double { log2(lambda) - log2(1 - lambda) }

    /// The match weight of one level: log₂(m_k(l) / u_k(l)), the log₂ Bayes factor; 0 for the null level.
    ///
    /// ±∞ when exactly one of m, u is 0 (EM output never is: it floors probabilities at ε).
    package func matchWeight(comparison k: Int, level l: Int) -> Double {
        l == 0 ? 0 : log2(m[k][l]) - log2(u[k][l])
    }

    /// The match weight of one level of a pair in the agreement stratum (`AgreementStratum`):
    /// log₂(m_k(l) / u^S_k(l)) for the other comparisons, `matchWeight` for the stratum's own.
    package func matchWeight(comparison k: Int, level l: Int, inStratum: Bool) -> Double {
        guard inStratum, let stratum, k != stratum.comparison, l != 0 else { return matchWeight(comparison: k, level: l) }
        return log2(m[k][l]) - log2(stratum.u[k][l])
    }

    /// Whether a pattern is in the agreement stratum.
    package func isInStratum(_ levels: [Int]) -> Bool {
        guard let stratum else { return false }
        return stratum.contains(level: levels[stratum.comparison])
    }

    /// The match weight of a pattern: `priorWeight` plus the match weight of each level (the
    /// stratum's where the pattern is in it).
    /// - Complexity: O(K).
    package func weight(of levels: [Int]) -> Double {
        precondition(levels.count == comparisonCount, "one level per comparison")
        let inStratum = isInStratum(levels)
        var w = priorWeight
        for k in levels.indices { w += matchWeight(comparison: k, level: levels[k], inStratum: inStratum) }
        return w
    }

    /// The match probability 2^w / (1 + 2^w) of a match weight, computed without overflow.
    package static func probability(weight w: Double) -> Double {
        if w >= 0 { return 1 / (1 + exp2(-w)) }
        let odds = exp2(w)
        return odds / (1 + odds)
    }

    /// The match probability of a pattern.
    package func probability(of levels: [Int]) -> Double {
        Self.probability(weight: weight(of: levels))
    }
}
