import Foundation

/// The non-matches that agree exactly on one identifier, modelled on their own.
///
/// Fellegi–Sunter scores a pair as if its comparisons were independent given the class. Among
/// non-matches that agree on an NHS number they are not: such a pair is almost never two strangers
/// with the same number (random pairs agree with probability ~1/N), it is a record carrying someone
/// else's valid number — a relative's — and a relative shares the household postcode, often the
/// surname's sex pattern, never the birth date. Under independence the postcode's agreement is
/// counted as if it were fresh evidence (u of a random pair, ~10⁻⁶), and a relative's row outscores
/// the patient's own.
///
/// With a stratum on comparison s, P(γ | U) is factored as
///
///     P(γ | U) = u_s(γ_s) · Π_{k ≠ s} u_k(γ_k)            when γ_s is not an exact level,
///     P(γ | U) = u_s(γ_s) · Π_{k ≠ s} u^S_k(γ_k)          when it is,
///
/// where u^S_k(l) = P(γ_k = l | U, agreement on s) is estimated, with the share of matches λ_S among
/// them, by EM over the pairs of the blocking rule on s alone (every pair agreeing on s is there),
/// with m and u both free (`TrainingSessions`). The exact levels' own u_s is the value-frequency
/// estimate times (1 − λ_S): the frequencies count every agreeing pair, and a share λ_S of them are
/// matches. m is unchanged: matches have no reason to break independence this way.
///
/// Exact agreement on s carries no term-frequency adjustment of the other comparisons: a relative
/// shares a postcode whatever its frequency.
package struct AgreementStratum: Sendable, Hashable {
    /// s: the comparison whose exact agreement makes the stratum.
    package var comparison: Int
    /// Its exact levels (1, or 1 and 2 with a separate placeholder level).
    package var levels: [Int]
    /// λ_S: the share of matches among the pairs agreeing on s.
    package var matchShare: Double
    /// u^S[k][l] = P(level l of comparison k | non-match agreeing on s); index 0 (null) unused and
    /// row `comparison` unused (all 0).
    package var u: [[Double]]

    package init(comparison: Int, levels: [Int], matchShare: Double, u: [[Double]]) {
        self.comparison = comparison
        self.levels = levels
        self.matchShare = matchShare
        self.u = u
    }

    /// Whether a pair at `level` of the stratum's comparison is in the stratum.
    @inline(__always)
    package func contains(level: Int) -> Bool { levels.contains(level) }
}
