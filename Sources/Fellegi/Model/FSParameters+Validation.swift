/// Something wrong with a set of Fellegi–Sunter parameters. Every problem is reported, not just the
/// first.
package enum FSParameterProblem: Sendable, Hashable, CustomStringConvertible {
    /// Which conditional distribution a problem is about.
    package enum Distribution: String, Sendable, Hashable {
        case m = "m-probabilities"
        case u = "u-probabilities"

        var singular: String { self == .m ? "m-probability" : "u-probability" }
    }

    /// λ is not in [0, 1] (or not a number).
    case lambdaOutOfRange(Double)
    /// The model has no comparisons.
    case noComparisons
    /// `m[k]` and `u[k]` have different lengths.
    case levelCountMismatch(comparison: Int, m: Int, u: Int)
    /// Comparison k has no level besides null.
    case noNonNullLevel(comparison: Int)
    /// A probability of a non-null level is not in [0, 1] (or not a number).
    case probabilityOutOfRange(Distribution, comparison: Int, level: Int, value: Double)
    /// The probabilities over the non-null levels do not sum to 1.
    case doesNotSumToOne(Distribution, comparison: Int, sum: Double)

    package var description: String {
        switch self {
        case .lambdaOutOfRange(let value):
            return "λ is \(value); expected a probability in [0, 1]"
        case .noComparisons:
            return "the model has no comparisons"
        case .levelCountMismatch(let k, let m, let u):
            return "comparison \(k): \(m) m-probabilities but \(u) u-probabilities (one per level, null included)"
        case .noNonNullLevel(let k):
            return "comparison \(k) has only the null level; expected at least one more level"
        case .probabilityOutOfRange(let which, let k, let l, let value):
            return "comparison \(k) level \(l): \(which.singular) is \(value); expected [0, 1]"
        case .doesNotSumToOne(let which, let k, let sum):
            return "comparison \(k): \(which.rawValue) over the non-null levels sum to \(sum); expected 1"
        }
    }
}

extension FSParameters {
    /// Every problem with these parameters: sizes, probabilities in [0, 1], and m and u each summing
    /// to 1 (within `tolerance`) over the non-null levels. Empty when the parameters are usable.
    /// - Complexity: O(Σ L_k).
    package func problems(tolerance: Double = 1e-6) -> [FSParameterProblem] {
        var problems: [FSParameterProblem] = []
        if !(lambda >= 0 && lambda <= 1) { problems.append(.lambdaOutOfRange(lambda)) }
        if m.isEmpty && u.isEmpty { problems.append(.noComparisons) }
        for k in 0..<max(m.count, u.count) {
            let mk = k < m.count ? m[k] : [], uk = k < u.count ? u[k] : []
            guard mk.count == uk.count else {
                problems.append(.levelCountMismatch(comparison: k, m: mk.count, u: uk.count))
                continue
            }
            guard mk.count >= 2 else {
                problems.append(.noNonNullLevel(comparison: k))
                continue
            }
            for (which, vector) in [(FSParameterProblem.Distribution.m, mk), (.u, uk)] {
                var sum = 0.0
                var inRange = true
                for l in 1..<vector.count {
                    let p = vector[l]
                    if !(p >= 0 && p <= 1) {
                        problems.append(.probabilityOutOfRange(which, comparison: k, level: l, value: p))
                        inRange = false
                    }
                    sum += p
                }
                if inRange && !(abs(sum - 1) <= tolerance) {
                    problems.append(.doesNotSumToOne(which, comparison: k, sum: sum))
                }
            }
        }
        return problems
    }
}
