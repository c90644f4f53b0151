extension FSParameters {
    /// Generic starting values for EM, from the data alone (never from the truth).
    ///
    /// - m: `topM` on the strongest level (level 1); the remaining 1 − `topM` over levels 2 … L_k−1 in
    ///   halving shares (½, ¼, … normalised), so m decreases from strongest to weakest. A comparison
    ///   with one non-null level gets m = 1.
    /// - u: the observed frequency of each non-null level among the pairs where the comparison is not
    ///   null (most candidate pairs are non-matches, so this is close to u), floored at `floor` and
    ///   renormalised; uniform when the comparison is never observed.
    /// - λ: `lambda`.
    ///
    /// Putting the high-agreement class first is what labels the fitted class "match"; EM is then
    /// free to move every value.
    /// - Complexity: O(distinct patterns × K).
    package static func startingValues(
        for counts: PatternCounts, lambda: Double = 0.1, topM: Double = 0.9, floor: Double = 1e-3
    ) -> FSParameters {
        var m: [[Double]] = [], u: [[Double]] = []
        for k in counts.levelCounts.indices {
            let levels = counts.levelCounts[k]
            let nonNull = max(levels - 1, 0)
            var mk = [Double](repeating: 0, count: levels)
            if nonNull == 1 {
                mk[1] = 1
            } else if nonNull > 1 {
                mk[1] = topM
                var shares: [Double] = []
                var share = 1.0
                for _ in 2..<levels { share /= 2; shares.append(share) }
                let shareSum = shares.reduce(0, +)
                for l in 2..<levels { mk[l] = (1 - topM) * shares[l - 2] / shareSum }
            }
            var uk = [Double](repeating: 0, count: levels)
            if nonNull > 0 {
                let totals = counts.levelTotals(comparison: k)
                let observed = totals.dropFirst().reduce(0, +)
                for l in 1..<levels {
                    uk[l] = observed > 0 ? max(totals[l] / observed, floor) : 1 / Double(nonNull)
                }
                let sum = uk.dropFirst().reduce(0, +)
                for l in 1..<levels { uk[l] /= sum }
            }
            m.append(mk)
            u.append(uk)
        }
        return FSParameters(lambda: lambda, m: m, u: u)
    }
}
