import Foundation

/// Unsupervised estimation of a Fellegi–Sunter model by expectation–maximisation over the counts of
/// agreement patterns.
///
/// The data are the pattern counts n_γ (`PatternCounts`). Under the model, pairs are a two-class
/// mixture with comparisons conditionally independent given the class, and a null level missing at
/// random (it contributes a factor 1 to both classes):
///
///     P(γ | M) = Π_{k: γ_k ≠ 0} m_k(γ_k),   P(γ | U) = Π_{k: γ_k ≠ 0} u_k(γ_k)
///     log-likelihood ℓ = Σ_γ n_γ · log(λ·P(γ | M) + (1 − λ)·P(γ | U))
///
/// **E step**, in log space, per distinct pattern:
///
///     a_γ = log λ + Σ log m_k(γ_k),  b_γ = log(1 − λ) + Σ log u_k(γ_k)
///     g_γ = P(M | γ) = exp(a_γ − LSE(a_γ, b_γ)),  LSE(a, b) = max(a, b) + log1p(exp(−|a − b|))
///
/// **M step** (closed form, the weighted frequencies):
///
///     λ = Σ_γ n_γ g_γ / Σ_γ n_γ
///     m_k(l) = A_k(l) / Σ_{l'≥1} A_k(l'),   A_k(l) = Σ_{γ: γ_k = l} n_γ g_γ
///     u_k(l) = B_k(l) / Σ_{l'≥1} B_k(l'),   B_k(l) = Σ_{γ: γ_k = l} n_γ (1 − g_γ)
///
/// so a pair with comparison k null carries no weight in m_k and u_k (the missing-at-random EM of
/// fastLink). Then, per the options: fixed m, u or λ are put back to their initial values;
/// monotone comparisons are pooled (`Monotone`, an exact constrained M step); every free
/// probability is floored at ε and its vector renormalised, λ clamped to [ε, 1 − ε]. Excluded
/// comparisons are set to null in every pattern before fitting.
///
/// Each iteration cannot decrease ℓ (Dempster, Laird & Rubin 1977) — also with fixed values or
/// monotone pooling, which maximise over a subset or a convex constraint set — except where the ε
/// floor binds.
///
/// References: Fellegi & Sunter 1969, "A theory for record linkage", JASA 64:1183–1210;
/// Winkler 1988, "Using the EM algorithm for weight computation in the Fellegi–Sunter model of
/// record linkage", Proc. Section on Survey Research Methods, ASA; Winkler 1990, "String comparator
/// metrics and enhanced decision rules in the Fellegi–Sunter model of record linkage";
/// Enamorado, Fifield & Imai 2019, "Using a probabilistic model to assist merging of large-scale
/// administrative records", APSR 113:353–371 (fastLink `R/emlinkMARmov.R`).
///
/// **Cost is independent of the number of pairs**: EM reads only the distinct patterns (at most
/// Π L_k, a few hundred for the four HES–DID comparisons), so ten thousand pairs and ten billion
/// pairs with the same patterns fit in the same time. Reducing pairs to counts is the O(pairs) part,
/// and it happens once, outside EM.
///
/// Deterministic: patterns are visited in ascending code and every sum runs in that order, single
/// threaded, so the same counts and options give bit-identical results.
package enum ExpectationMaximisation {
    /// Fits λ, m and u to `counts` by EM, starting from `initial`.
    ///
    /// A pure function: nothing is mutated, the fitted model is returned. When the inputs are
    /// unusable the result carries `problems` (all of them, each `isFatal`), no iterations,
    /// `converged == false` and the initial parameters — never NaN.
    ///
    /// - Complexity: O(iterations × distinct patterns × K), plus O(P log P) once to order the
    ///   patterns; independent of the number of pairs.
    package static func fit(_ counts: PatternCounts, initial: FSParameters, options: EMOptions = EMOptions()) -> EMResult {
        let fatal = problems(counts: counts, initial: initial, options: options)
        guard fatal.isEmpty else {
            return EMResult(parameters: initial, iterations: [], converged: false, logLikelihood: nil, problems: fatal)
        }
        let table = PatternTable(counts: counts, excluded: options.excluded)
        let plan = Plan(initial: initial, options: options)
        var problems: [EMProblem] = []
        if table.counts.count == 1 { problems.append(.singlePattern) }
        for k in plan.estimated where table.observed[k] == 0 { problems.append(.neverObserved(comparison: k)) }

        var parameters = initial
        var iterations: [EMIteration] = []
        var converged = false
        var index = 0
        while index < options.maxIterations {
            index += 1
            let expected = table.expectation(under: parameters, floor: options.probabilityFloor)
            guard expected.logLikelihood.isFinite else {
                problems.append(.nonFiniteLikelihood(iteration: index))
                break
            }
            let next = plan.maximisation(expected, table: table, previous: parameters)
            let change = plan.largestChange(from: parameters, to: next)
            iterations.append(EMIteration(index: index, lambda: next.lambda, largestChange: change,
                                          logLikelihood: expected.logLikelihood))
            parameters = next
            if change < options.tolerance {
                converged = true
                break
            }
        }
        let final = table.expectation(under: parameters, floor: options.probabilityFloor).logLikelihood
        if !final.isFinite && !problems.contains(where: { if case .nonFiniteLikelihood = $0 { true } else { false } }) {
            problems.append(.nonFiniteLikelihood(iteration: iterations.count + 1))
        }
        return EMResult(parameters: parameters, iterations: iterations, converged: converged,
                        logLikelihood: final.isFinite ? final : nil, problems: problems)
    }

    /// Every reason `fit` cannot run on these inputs (all `isFatal`); empty when it can.
    /// - Complexity: O(Σ L_k + distinct patterns).
    package static func problems(counts: PatternCounts, initial: FSParameters, options: EMOptions) -> [EMProblem] {
        var problems = initial.problems().map(EMProblem.initialParameters)
        let K = counts.comparisonCount
        if K != initial.comparisonCount {
            problems.append(.comparisonCountMismatch(counts: K, parameters: initial.comparisonCount))
        } else {
            for k in 0..<K where counts.levelCounts[k] != initial.m[k].count || counts.levelCounts[k] != initial.u[k].count {
                problems.append(.levelCountMismatch(comparison: k, counts: counts.levelCounts[k], parameters: initial.m[k].count))
            }
        }
        let named: [(String, Set<Int>)] = [("fixM", options.fixM), ("fixU", options.fixU),
                                           ("excluded", options.excluded), ("monotone", options.monotone)]
        for (name, set) in named {
            for k in set.sorted() where !(0..<K).contains(k) { problems.append(.comparisonOutOfRange(option: name, comparison: k)) }
        }
        if options.maxIterations < 0 {
            problems.append(.invalidOption(name: "maxIterations", value: Double(options.maxIterations), expected: "0 or more"))
        }
        if !(options.tolerance > 0 && options.tolerance.isFinite) {
            problems.append(.invalidOption(name: "tolerance", value: options.tolerance, expected: "a positive number"))
        }
        let widest = counts.levelCounts.max() ?? 2
        if !(options.probabilityFloor > 0 && options.probabilityFloor * Double(max(widest, 2)) < 1) {
            problems.append(.invalidOption(name: "probabilityFloor", value: options.probabilityFloor,
                                           expected: "a positive number below 1 / (largest number of levels)"))
        }
        if counts.total <= 0 { problems.append(.noPairs) }
        return problems
    }
}

// MARK: - The distinct patterns, flattened

/// The distinct patterns (after excluded comparisons are set to null) in ascending code, with their
/// levels flattened, and per comparison the count of pairs where it is not null.
private struct PatternTable {
    let comparisonCount: Int
    let levelCounts: [Int]
    /// Start of comparison k's levels in the flat per-level accumulators.
    let offsets: [Int]
    /// levels[p · K + k] = level of comparison k in pattern p.
    let levels: [Int]
    let counts: [Double]
    /// Σ n_γ over patterns with γ_k ≠ 0.
    let observed: [Double]

    init(counts source: PatternCounts, excluded: Set<Int>) {
        let K = source.comparisonCount
        comparisonCount = K
        levelCounts = source.levelCounts
        var offsets = [Int](repeating: 0, count: K)
        var next = 0
        for k in 0..<K { offsets[k] = next; next += source.levelCounts[k] }
        self.offsets = offsets

        var rows = source.codesAndCounts()
        if !excluded.isEmpty {
            // Project every code onto the comparisons in use; sums run in ascending source code.
            var projected: [UInt64: Double] = [:]
            for row in rows {
                var code = row.code
                for k in excluded {
                    let level = (row.code / source.strides[k]) % UInt64(source.levelCounts[k])
                    code -= level * source.strides[k]
                }
                projected[code, default: 0] += row.count
            }
            rows = projected.map { (code: $0.key, count: $0.value) }.sorted { $0.code < $1.code }
        }
        var levels: [Int] = []
        levels.reserveCapacity(rows.count * K)
        var observed = [Double](repeating: 0, count: K)
        for row in rows {
            let pattern = source.levels(of: row.code)
            levels.append(contentsOf: pattern)
            for k in 0..<K where pattern[k] != 0 { observed[k] += row.count }
        }
        self.levels = levels
        self.counts = rows.map(\.count)
        self.observed = observed
    }

    /// The E step's sufficient statistics.
    struct Expectation {
        var logLikelihood: Double
        /// Σ n_γ g_γ.
        var matchTotal: Double
        /// Σ n_γ.
        var total: Double
        /// A_k(l) at flat index offsets[k] + l (l = 0 unused).
        var matchByLevel: [Double]
        /// B_k(l) at flat index offsets[k] + l.
        var nonMatchByLevel: [Double]
    }

    /// The E step: posterior match probability of each pattern, accumulated into the expected counts.
    /// Every probability is read as at least `floor`, so a fixed 0 cannot give log 0.
    /// - Complexity: O(distinct patterns × K).
    func expectation(under parameters: FSParameters, floor: Double) -> Expectation {
        let K = comparisonCount
        let width = offsets.last.map { $0 + levelCounts[K - 1] } ?? 0
        var logM = [Double](repeating: 0, count: width), logU = logM
        for k in 0..<K {
            for l in 1..<levelCounts[k] {
                logM[offsets[k] + l] = log(max(parameters.m[k][l], floor))
                logU[offsets[k] + l] = log(max(parameters.u[k][l], floor))
            }
        }
        let logLambda = log(max(parameters.lambda, floor))
        let logNotLambda = log(max(1 - parameters.lambda, floor))
        var result = Expectation(logLikelihood: 0, matchTotal: 0, total: 0,
                                 matchByLevel: [Double](repeating: 0, count: width),
                                 nonMatchByLevel: [Double](repeating: 0, count: width))
        for p in counts.indices {
            let n = counts[p]
            let row = p * K
            var a = logLambda, b = logNotLambda
            for k in 0..<K {
                let slot = offsets[k] + levels[row + k]  // level 0 reads a log of 0: factor 1
                a += logM[slot]
                b += logU[slot]
            }
            let top = max(a, b)
            let logTotal = top + log1p(exp(-abs(a - b)))
            let g = exp(a - logTotal), h = exp(b - logTotal)
            result.logLikelihood += n * logTotal
            result.matchTotal += n * g
            result.total += n
            for k in 0..<K where levels[row + k] != 0 {
                let slot = offsets[k] + levels[row + k]
                result.matchByLevel[slot] += n * g
                result.nonMatchByLevel[slot] += n * h
            }
        }
        return result
    }
}

// MARK: - The M step and its options

/// The options resolved per comparison.
private struct Plan {
    let initial: FSParameters
    let floor: Double
    let fixLambda: Bool
    let fixM: [Bool]
    let fixU: [Bool]
    let monotone: [Bool]
    /// Comparisons whose m or u are estimated (not excluded, at least one of them free).
    let estimated: [Int]

    init(initial: FSParameters, options: EMOptions) {
        let K = initial.comparisonCount
        self.initial = initial
        floor = options.probabilityFloor
        fixLambda = options.fixLambda
        let excluded = (0..<K).map { options.excluded.contains($0) }
        // An excluded comparison is held entirely: both its m and u come back unchanged.
        let fixM = (0..<K).map { excluded[$0] || options.fixM.contains($0) }
        let fixU = (0..<K).map { excluded[$0] || options.fixU.contains($0) }
        self.fixM = fixM
        self.fixU = fixU
        monotone = (0..<K).map { options.monotone.contains($0) }
        estimated = (0..<K).filter { !(fixM[$0] && fixU[$0]) }
    }

    func maximisation(_ e: PatternTable.Expectation, table: PatternTable, previous: FSParameters) -> FSParameters {
        var next = previous
        next.lambda = fixLambda ? initial.lambda : min(max(e.matchTotal / e.total, floor), 1 - floor)
        for k in estimated {
            let levels = table.levelCounts[k], offset = table.offsets[k]
            let a = (1..<levels).map { e.matchByLevel[offset + $0] }
            let b = (1..<levels).map { e.nonMatchByLevel[offset + $0] }
            let aTotal = a.reduce(0, +), bTotal = b.reduce(0, +)
            // Level 1…L−1 of the new vectors, index 0 = level 1.
            var m = fixM[k] ? Array(initial.m[k].dropFirst()) : (aTotal > 0 ? a.map { $0 / aTotal } : Array(previous.m[k].dropFirst()))
            var u = fixU[k] ? Array(initial.u[k].dropFirst()) : (bTotal > 0 ? b.map { $0 / bTotal } : Array(previous.u[k].dropFirst()))
            if !fixM[k] { m = Self.floored(m, floor) }
            if !fixU[k] { u = Self.floored(u, floor) }
            if monotone[k] {
                let split: [Double]
                if fixU[k] {
                    split = u
                } else if fixM[k] {
                    split = m
                } else {
                    let share = aTotal + bTotal > 0 ? aTotal / (aTotal + bTotal) : 0.5
                    split = zip(m, u).map { share * $0 + (1 - share) * $1 }
                }
                let pooled = Monotone.pooledAdjacentViolators(m: m, u: u, splitWeights: split)
                if !fixM[k] { m = Self.floored(pooled.m, floor) }
                if !fixU[k] { u = Self.floored(pooled.u, floor) }
            }
            next.m[k] = fixM[k] ? initial.m[k] : [previous.m[k][0]] + m
            next.u[k] = fixU[k] ? initial.u[k] : [previous.u[k][0]] + u
        }
        return next
    }

    /// Every value at least ε, then renormalised to sum to 1 (a no-op when none was below ε).
    static func floored(_ vector: [Double], _ floor: Double) -> [Double] {
        guard vector.contains(where: { !($0 >= floor) }) else { return vector }
        let raised = vector.map { $0.isNaN ? floor : max($0, floor) }
        let sum = raised.reduce(0, +)
        return raised.map { $0 / sum }
    }

    /// The largest absolute change of a free parameter between two iterations.
    func largestChange(from old: FSParameters, to new: FSParameters) -> Double {
        var largest = fixLambda ? 0 : abs(new.lambda - old.lambda)
        for k in estimated {
            for l in 1..<new.m[k].count {
                largest = max(largest, abs(new.m[k][l] - old.m[k][l]), abs(new.u[k][l] - old.u[k][l]))
            }
        }
        return largest
    }
}
