import LinkIO

/// The candidate pass of training: every candidate pair's comparison vector reduced to counts of
/// agreement patterns, once per blocking rule whose blocks hold the pair (that rule's training
/// session), with the pair counts per rule and the left records the λ rule finds.
struct CandidatePatterns {
    /// Per rule: the pattern counts of the pairs agreeing on it.
    var sessions: [PatternCounts]
    /// Per rule: pairs this rule found that no earlier rule found.
    var newPairs: [Int]
    /// Per rule: pairs agreeing on it.
    var rulePairs: [Int]
    /// Left records with a candidate agreeing exactly (level 1) on every comparison of the λ rule.
    var lambdaAgreeing = 0

    init(rules: Int, empty: PatternCounts) {
        sessions = Array(repeating: empty, count: rules)
        newPairs = Array(repeating: 0, count: rules)
        rulePairs = Array(repeating: 0, count: rules)
    }

    /// Counts every candidate pair of `scan`.
    ///
    /// - Parameter lambdaComparisons: the λ rule's comparisons (none: nothing is counted for λ).
    /// - Complexity: one pass over candidate pairs, O(pairs × (K + rules per pair)); chunk tallies
    ///   merged in chunk order, so the counts do not depend on the thread count.
    static func count(
        scan: PairScan, rules: Int, levelCounts: [Int], lambdaComparisons: [Int], threads: Int, progress: WorkCounter? = nil
    ) throws -> CandidatePatterns {
        let empty = PatternCounts(levelCounts: levelCounts)
        let strides = empty.strides
        let K = levelCounts.count
        let tallies = scan.run(threads: threads, progress: progress, makeAccumulator: { _ in CandidatePatterns(rules: rules, empty: empty) }, visit: { tally, row in
            var agreeing = false
            for (c, candidate) in row.candidates.enumerated() {
                var code: UInt64 = 0
                for k in 0..<K { code += UInt64(row.levels[c * K + k]) * strides[k] }
                tally.newPairs[candidate.firstRule] += 1
                var mask = candidate.rules
                while mask != 0 {
                    let r = mask.trailingZeroBitCount
                    tally.sessions[r].add(code: code)
                    tally.rulePairs[r] += 1
                    mask &= mask - 1
                }
                if !lambdaComparisons.isEmpty, lambdaComparisons.allSatisfy({ row.levels[c * K + $0] == 1 }) { agreeing = true }
            }
            if agreeing { tally.lambdaAgreeing += 1 }
        })
        var total = CandidatePatterns(rules: rules, empty: empty)
        for tally in tallies {
            for r in 0..<rules {
                total.sessions[r] = total.sessions[r].merging(tally.sessions[r])
                total.newPairs[r] += tally.newPairs[r]
                total.rulePairs[r] += tally.rulePairs[r]
            }
            total.lambdaAgreeing += tally.lambdaAgreeing
        }
        return total
    }
}
