import Foundation

/// The best and second-best candidates of one left record and their record-level match
/// probabilities.
///
/// A left record has at most one match among the N right entities: with probability π
/// (`FittedModel.matchShare`) it is one of them, a priori any. Given the Bayes factors
/// ℓ_j = 2^(w_j − prior weight) of its candidates, the posterior that candidate b is the match is
///     P(b) = π·ℓ_b / (π·Σ_candidates ℓ_j + N·(1 − π·r)),
/// where the last term stands for every entity not paired by blocking: among non-matches E[ℓ] = 1,
/// and a true match escapes blocking with probability 1 − r (`FittedModel.blockingRecall`). With
/// one candidate and r = 0 this is the pairwise 2^w/(1+2^w); a unique strong candidate gets more
/// credit than its pairwise weight, and two equally good candidates (twins) split it. r is the
/// recall for records missing what this one misses (`FittedModel.blockingRecallByMissing`): a record
/// without an NHS number can be found only by the rules without it; nor can one whose NHS number a
/// candidate shares, if that candidate is not the match (`elsewhere(missing:stratumCandidate:)`).
/// `MATCH_PROBABILITY` in the link file is this P of the best candidate.
package struct RecordProbability: Sendable {
    package let scorer: Scorer
    /// π, clamped to [10⁻¹², 1].
    let share: Double
    /// N·(1 − π·r) per left-missing mask (one entry, the overall r, without masks), at least N·10⁻⁶.
    let elsewhere: [Double]

    package init(model: FittedModel, scorer: Scorer, rightEntities: Int) {
        self.scorer = scorer
        let share = min(max(model.matchShare, 1e-12), 1)
        self.share = share
        let recalls = model.blockingRecallByMissing.isEmpty ? [model.blockingRecall] : model.blockingRecallByMissing
        elsewhere = recalls.map { Double(max(rightEntities, 1)) * max(1 - share * $0, 1e-6) }
    }

    /// N·(1 − π·r) for a left record missing the comparisons in `mask`. When a candidate agrees on
    /// the agreement stratum's comparison (an NHS number; `stratumCandidate`) and the match is not
    /// among the candidates, that number is someone else's, so the match could only have been found
    /// by the rules without it: r is then the recall of records missing that comparison too.
    @inline(__always)
    func elsewhere(missing mask: Int, stratumCandidate: Bool) -> Double {
        var mask = mask
        if stratumCandidate, let stratum = scorer.stratum { mask |= 1 << stratum.comparison }
        return elsewhere.count == 1 || mask >= elsewhere.count ? elsewhere[0] : elsewhere[mask]
    }

    /// The three best candidates of `row` (ties keep the earlier candidate: deterministic), given
    /// the left row's term-frequency lookups `terms` (`Scorer.terms`). The third matters only when
    /// the first two are one person held twice (`Assignment`).
    ///
    /// - Complexity: O(candidates × K).
    @inline(__always)
    package func best(of row: PairScan.Row, terms: [Double]) -> RankedCandidates {
        let K = scorer.comparisonCount
        var bestIndex = -1
        var bestWeight = -Double.infinity
        var secondIndex = -1
        var secondWeight = -Double.infinity
        var thirdIndex = -1
        var thirdWeight = -Double.infinity
        var factors = 0.0
        var stratumCandidate = false
        for c in row.candidates.indices {
            let levels = row.levels[(c * K)..<((c + 1) * K)]
            let weight = scorer.weight(levels: levels, terms: terms)
            factors += exp2(weight - scorer.prior)
            stratumCandidate = stratumCandidate || scorer.isInStratum(levels)
            if weight > bestWeight {
                (thirdIndex, thirdWeight) = (secondIndex, secondWeight)
                (secondIndex, secondWeight) = (bestIndex, bestWeight)
                (bestIndex, bestWeight) = (c, weight)
            } else if weight > secondWeight {
                (thirdIndex, thirdWeight) = (secondIndex, secondWeight)
                (secondIndex, secondWeight) = (c, weight)
            } else if weight > thirdWeight {
                (thirdIndex, thirdWeight) = (c, weight)
            }
        }
        let denominator = share * factors + elsewhere(missing: row.leftMissing, stratumCandidate: stratumCandidate)
        func scored(_ c: Int, _ weight: Double) -> ScoredCandidate? {
            guard c >= 0 else { return nil }
            return ScoredCandidate(
                entity: row.candidates[c].entity, weight: weight, probability: share * exp2(weight - scorer.prior) / denominator,
                levels: row.levels[(c * K)..<((c + 1) * K)])
        }
        return RankedCandidates(
            best: scored(bestIndex, bestWeight), second: scored(secondIndex, secondWeight), third: scored(thirdIndex, thirdWeight))
    }

    /// Candidate `c` of `row` scored: its weight and record-level probability among all of the
    /// row's candidates (a clerical match decision links a pair that need not be the best).
    ///
    /// - Complexity: O(candidates × K).
    package func candidate(_ c: Int, of row: PairScan.Row, terms: [Double]) -> ScoredCandidate {
        let K = scorer.comparisonCount
        var factors = 0.0
        var chosen = 0.0
        var stratumCandidate = false
        for index in row.candidates.indices {
            let levels = row.levels[(index * K)..<((index + 1) * K)]
            let weight = scorer.weight(levels: levels, terms: terms)
            factors += exp2(weight - scorer.prior)
            stratumCandidate = stratumCandidate || scorer.isInStratum(levels)
            if index == c { chosen = weight }
        }
        let elsewhere = elsewhere(missing: row.leftMissing, stratumCandidate: stratumCandidate)
        return ScoredCandidate(
            entity: row.candidates[c].entity, weight: chosen, probability: share * exp2(chosen - scorer.prior) / (share * factors + elsewhere),
            levels: row.levels[(c * K)..<((c + 1) * K)])
    }
}
