/// The blocking recall r: the probability that a true match is among the candidate pairs, computed
/// from the fitted m-probabilities (conditional independence, as in the model itself).
///
/// For each agreement pattern γ (nulls included, with the observed null rates), P(γ | match) =
/// Π_k P_k(γ_k); a rule is satisfied when every key part agrees, which each level implies with
/// probability 1, 0, or (for `two-of-three` birth dates) 2/3 for the year and 1/3 for month-day;
/// P(blocked | γ) = 1 − Π_rules (1 − P(rule | γ)). Then r = Σ_γ P(γ | match) · P(blocked | γ).
/// It tells methodologists what share of true matches the blocking rules can find, and it enters
/// the record-level match probability (`Linker`).
///
/// - Complexity: O(Π_k L_k × rules × keys); patterns beyond a million give r = 0 (no credit).
public enum BlockingRecall {
    public static func estimate(
        settings: LinkSettings, levelLabels: [[String]], m: [[Double]], nullRates: [Double]
    ) -> Double {
        let K = levelLabels.count
        let space = levelLabels.reduce(1.0) { $0 * Double($1.count) }
        guard space <= 1_000_000, K == m.count, K == nullRates.count else { return 0 }
        let rules = settings.blocking.rules.map { rule in
            rule.keys.compactMap { key -> (Int, String?)? in settings.comparisonIndex(key.comparison).map { ($0, key.part) } }
        }
        var levels = [Int](repeating: 0, count: K)
        var recall = 0.0
        while true {
            var probability = 1.0
            for k in 0..<K {
                probability *= levels[k] == 0 ? nullRates[k] : (1 - nullRates[k]) * m[k][levels[k]]
            }
            if probability > 0 {
                var missed = 1.0
                for rule in rules {
                    var satisfied = 1.0
                    for (k, part) in rule { satisfied *= implied(label: levelLabels[k][levels[k]], part: part, kind: settings.comparisons[k].kind) }
                    missed *= 1 - satisfied
                }
                recall += probability * (1 - missed)
            }
            var k = 0
            while k < K {
                levels[k] += 1
                if levels[k] < levelLabels[k].count { break }
                levels[k] = 0
                k += 1
            }
            if k == K { break }
        }
        return min(max(recall, 0), 1)
    }

    /// The probability that a key part agrees, given the comparison's level (by its label).
    static func implied(label: String, part: String?, kind: ComparisonKind) -> Double {
        switch (kind, part) {
        case (_, _) where label == "null": return 0
        case (.date, nil): return label.hasPrefix("exact") ? 1 : 0
        case (.date, "year"):
            return label.hasPrefix("exact") || label == "day-month-swapped" ? 1 : label == "two-of-three" ? 2.0 / 3 : 0
        case (.date, "month-day"): return label.hasPrefix("exact") ? 1 : label == "two-of-three" ? 1.0 / 3 : 0
        case (.postcode, "unit"): return label == "unit" ? 1 : 0
        case (.postcode, "sector"): return ["unit", "sector"].contains(label) ? 1 : 0
        case (.postcode, "district"): return ["unit", "sector", "district"].contains(label) ? 1 : 0
        case (.postcode, "area"): return ["unit", "sector", "district", "area"].contains(label) ? 1 : 0
        case (.postcode, nil): return label == "unit" ? 1 : 0
        case (.sex, _), (.nhsNumber, _): return label == "exact" || label == "agree" ? 1 : 0
        case (.jaroWinkler, _), (.exact, _): return label == "exact" ? 1 : 0
        default: return 0
        }
    }
}
