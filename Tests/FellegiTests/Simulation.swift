import Comparators
import Fellegi

/// Pairs drawn from a known Fellegi–Sunter model, reduced to pattern counts.
///
/// Pair i belongs to block i / `blockSize`, and block b draws from `SplitMix64(seed:, stream: b)`, so
/// the pairs do not depend on how blocks are later grouped into chunks or threads.
struct Simulation {
    var truth: FSParameters
    /// Per comparison, the probability that a side is missing (the pair gets the null level).
    var nullRates: [Double]
    var seed: UInt64
    var blockSize = 10_000

    /// Counts of the matches and of the non-matches among pairs `range`, kept apart so tests can
    /// compare EM with the complete-data (labelled) estimates.
    func counts(pairs range: Range<Int>, weight: (Int) -> Double = { _ in 1 }) -> (matches: PatternCounts, nonMatches: PatternCounts) {
        let levelCounts = truth.levelCounts
        var matches = PatternCounts(levelCounts: levelCounts)
        var nonMatches = PatternCounts(levelCounts: levelCounts)
        let cumulativeM = truth.m.map(Self.cumulative), cumulativeU = truth.u.map(Self.cumulative)
        var pair = range.lowerBound
        while pair < range.upperBound {
            let block = pair / blockSize
            precondition(pair % blockSize == 0, "ranges start on block boundaries")
            var rng = SplitMix64(seed: seed, stream: UInt64(block))
            let end = min(range.upperBound, (block + 1) * blockSize)
            while pair < end {
                let isMatch = rng.nextUnit() < truth.lambda
                var code: UInt64 = 0
                for k in levelCounts.indices {
                    let nullDraw = rng.nextUnit(), levelDraw = rng.nextUnit()
                    guard nullDraw >= nullRates[k] else { continue }
                    let table = isMatch ? cumulativeM[k] : cumulativeU[k]
                    var level = table.count - 1
                    for l in 1..<table.count where levelDraw < table[l] { level = l; break }
                    code += UInt64(level) * matches.strides[k]
                }
                if isMatch {
                    matches.add(code: code, count: weight(pair))
                } else {
                    nonMatches.add(code: code, count: weight(pair))
                }
                pair += 1
            }
        }
        return (matches, nonMatches)
    }

    /// All pairs 0..<n as one set of counts.
    func patternCounts(pairs n: Int) -> PatternCounts {
        let parts = counts(pairs: 0..<n)
        return parts.matches.merging(parts.nonMatches)
    }

    /// cumulative[l] = P(level ≤ l) over the non-null levels (index 0 unused).
    static func cumulative(_ p: [Double]) -> [Double] {
        var running = 0.0
        return p.indices.map { l in
            if l > 0 { running += p[l] }
            return l == 0 ? 0 : running
        }
    }

    /// The four HES–DID comparisons with realistic m and u.
    ///
    /// NHS number (null, exact, one digit off, disagree), date of birth (null, exact, one component,
    /// day/month swapped, disagree), sex (null, agree, disagree), postcode (null, unit, sector,
    /// district, area, disagree).
    static func hesDID(lambda: Double) -> FSParameters {
        FSParameters(
            lambda: lambda,
            m: [
                [0, 0.93, 0.04, 0.03],
                [0, 0.90, 0.06, 0.01, 0.03],
                [0, 0.97, 0.03],
                [0, 0.70, 0.08, 0.06, 0.04, 0.12],
            ],
            u: [
                [0, 0.002, 0.008, 0.99],
                [0, 0.01, 0.08, 0.01, 0.90],
                [0, 0.5, 0.5],
                [0, 0.02, 0.05, 0.10, 0.18, 0.65],
            ])
    }

    static let hesDIDNullRates = [0.10, 0.02, 0.05, 0.08]
}

/// The largest absolute differences between two parameter sets (non-null levels only), and the
/// relative difference of λ.
struct ParameterErrors: CustomStringConvertible {
    var m = 0.0, u = 0.0, lambdaRelative = 0.0

    init(_ fitted: FSParameters, _ truth: FSParameters) {
        for k in truth.m.indices {
            for l in 1..<truth.m[k].count {
                m = max(m, abs(fitted.m[k][l] - truth.m[k][l]))
                u = max(u, abs(fitted.u[k][l] - truth.u[k][l]))
            }
        }
        lambdaRelative = abs(fitted.lambda - truth.lambda) / truth.lambda
    }

    var description: String {
        "max|Δm| \(fixed(m)), max|Δu| \(fixed(u)), |Δλ|/λ \(fixed(lambdaRelative))"
    }

    private func fixed(_ x: Double) -> String {
        let scaled = (x * 100_000).rounded() / 100_000
        return "\(scaled)"
    }
}

/// The complete-data estimates (class-conditional level frequencies) from labelled counts: what EM
/// would give if it could see the truth; the gap between these and the truth is sampling error.
func labelledEstimates(matches: PatternCounts, nonMatches: PatternCounts) -> FSParameters {
    func frequencies(_ counts: PatternCounts) -> [[Double]] {
        counts.levelCounts.indices.map { k in
            let totals = counts.levelTotals(comparison: k)
            let observed = totals.dropFirst().reduce(0, +)
            return totals.indices.map { $0 == 0 ? 0 : totals[$0] / observed }
        }
    }
    let nMatch = matches.total, nNon = nonMatches.total
    return FSParameters(lambda: nMatch / (nMatch + nNon), m: frequencies(matches), u: frequencies(nonMatches))
}
