import Comparators

/// The blocking recall r: the probability that a true match is among the candidate pairs, computed
/// from the fitted m-probabilities (conditional independence, as in the model itself).
///
/// For each agreement pattern γ (nulls included, with the observed null rates), P(γ | match) =
/// Π_k P_k(γ_k); a rule is satisfied when every key part agrees, which each level implies with the
/// probability its comparator states (`ComparisonLevel.agreement`: 1, 0, or for instance 2/3 for
/// the year of a `two-of-three` birth date), and a null level never (null keys never block);
/// P(blocked | γ) = 1 − Π_rules (1 − P(rule | γ)). Then r = Σ_γ P(γ | match) · P(blocked | γ).
/// It tells methodologists what share of true matches the blocking rules can find, and it enters
/// the record-level match probability (`Linker`). Level labels play no part.
///
/// - Complexity: O(Π_k L_k × rules × keys); patterns beyond a million give r = 0 (no credit).
package enum BlockingRecall {
    /// - Parameters:
    ///   - levels: per comparison (in settings order), its levels, the null level first.
    ///   - m: per comparison, m per level (index 0 unused).
    ///   - nullRates: per comparison, the share of matches with a value missing on either side.
    package static func estimate(
        settings: LinkSettings, levels: [[ComparisonLevel]], m: [[Double]], nullRates: [Double]
    ) -> Double {
        let K = levels.count
        let space = levels.reduce(1.0) { $0 * Double($1.count) }
        guard space <= 1_000_000, K == m.count, K == nullRates.count else { return 0 }
        // Per rule, per key: its comparison and, per level, the probability that the key's part agrees.
        let rules = settings.blocking.rules.map { rule in
            rule.keys.compactMap { key -> (comparison: Int, agrees: [Double])? in
                guard let k = settings.comparisonIndex(key.comparison), k < K else { return nil }
                return (k, levels[k].indices.map { $0 == 0 ? 0 : levels[k][$0].agreement(of: key.part) })
            }
        }
        var pattern = [Int](repeating: 0, count: K)
        var recall = 0.0
        while true {
            var probability = 1.0
            for k in 0..<K {
                probability *= pattern[k] == 0 ? nullRates[k] : (1 - nullRates[k]) * m[k][pattern[k]]
            }
            if probability > 0 {
                var missed = 1.0
                for rule in rules {
                    var satisfied = 1.0
                    for key in rule { satisfied *= key.agrees[pattern[key.comparison]] }
                    missed *= 1 - satisfied
                }
                recall += probability * (1 - missed)
            }
            var k = 0
            while k < K {
                pattern[k] += 1
                if pattern[k] < levels[k].count { break }
                pattern[k] = 0
                k += 1
            }
            if k == K { break }
        }
        return min(max(recall, 0), 1)
    }

    /// Records lacking more comparisons than this get the overall r (2^K masks).
    package static let maskedComparisons = 8

    /// r per left-missing mask: entry `mask` is r for a left record missing exactly the comparisons
    /// whose bit is set (their null rate is 1: a missing key never blocks) and having the others
    /// (null only when the right side lacks them, at `rightNullRates`). A record without an NHS
    /// number is found only by the rules without it, so its match is likelier to lie outside its
    /// candidates than the average r says. Empty beyond `maskedComparisons` comparisons.
    ///
    /// - Complexity: 2^K × `estimate`.
    package static func byLeftMissing(
        settings: LinkSettings, levels: [[ComparisonLevel]], m: [[Double]], rightNullRates: [Double]
    ) -> [Double] {
        let K = levels.count
        guard K <= maskedComparisons, K == rightNullRates.count else { return [] }
        return (0..<(1 << K)).map { mask in
            let nullRates = (0..<K).map { mask & (1 << $0) != 0 ? 1 : rightNullRates[$0] }
            return estimate(settings: settings, levels: levels, m: m, nullRates: nullRates)
        }
    }
}
