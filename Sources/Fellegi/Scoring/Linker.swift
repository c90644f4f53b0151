import Foundation
import LinkIO

/// Scores candidate pairs with a fitted model and decides, for each left record, at most one entity.
///
/// Match weight of a pair = log2(λ/(1−λ)) + Σ_k log2(m_k/u_k) at its levels + term-frequency
/// adjustments log2(u_k / p(v)) for exact agreement on value v (`TermFrequencies`).
///
/// **Record-level match probability.** A left record has at most one match among the N right
/// entities: with probability π (`FittedModel.matchShare`) it is one of them, a priori any. Given
/// the Bayes factors ℓ_j = 2^(w_j − prior weight) of its candidates, the posterior that candidate b is
/// the match is
///     P(b) = π·ℓ_b / (π·Σ_candidates ℓ_j + N·(1 − π·r)),
/// where the last term stands for every entity not paired by blocking: among non-matches E[ℓ] = 1,
/// and a true match escapes blocking with probability 1 − r (`FittedModel.blockingRecall`). With
/// one candidate and r = 0 this is the pairwise 2^w/(1+2^w); a unique strong candidate gets more
/// credit than its pairwise weight, and two equally good candidates (twins) split it.
/// `MATCH_PROBABILITY` in the link file is this P of the best candidate. Then:
/// 1. no candidate, or best weight < `reviewMinimumWeight` → unlinked;
/// 2. a second entity within `nearTieMargin` bits of the best → review (near tie), whatever the band;
/// 3. a conflict (`LinkingSettings.conflicts`) → review (conflict): the best pair agrees on the
///    conflict's first comparison (NHS number) while its second (birth date) is at its else level; or
///    the first comparison is the only thing favouring the best candidate: another candidate that is a
///    match in its own right (weight ≥ `linkMinimumWeight`), not agreeing on it, agrees at least as
///    strongly on every other comparison and more strongly on one (a twin's NHS number on the record);
/// 4. the first band the best pair meets → linked at that rank; none → review (score band).
public struct Linker: Sendable {
    public let model: FittedModel
    public var threads: Int

    public init(model: FittedModel, threads: Int = ParallelChunks.defaultThreads) {
        self.model = model
        self.threads = threads
    }

    struct Chunk {
        var range: Range<Int>
        var status: [LinkStatus] = []
        var reason: [ReviewReason] = []
        var band: [Int8] = []
        var best: [Int32] = []
        var bestWeight: [Double] = []
        var second: [Int32] = []
        var secondWeight: [Double] = []
        var bestProbability: [Double] = []
        var secondProbability: [Double] = []
        var bestLevels: [UInt8] = []
        var secondLevels: [UInt8] = []
        var pairs = 0
        /// The current left row's term-frequency lookups (scratch, reused).
        var terms: [Double] = []
    }

    /// - Complexity: one pass over candidate pairs, O(pairs × K).
    public func link(left: RecordTable, right: RecordTable, stages: StageLog = StageLog()) throws -> LinkResult {
        let settings = model.settings
        let comparisons = try settings.comparisons.map(FieldComparison.init)
        let K = comparisons.count
        // Value frequencies before the block indexes: their sorting space is free again by then.
        let frequencies = stages.time("value frequencies") { Scorer.termFrequencies(settings: settings, right: right, threads: threads) }
        let blocker = stages.time("index") { Blocker(settings: settings, right: right, threads: threads) }
        let scan = PairScan(left: left, right: right, comparisons: comparisons, blocker: blocker)
        let bands = MatchBands.bands(for: model, termFrequencies: frequencies)
        let resolved = bands.map { ResolvedBand($0, settings: settings) }
        let linking = settings.linking
        let conflicts = linking.conflicts.compactMap { conflict -> (Int, Int)? in
            guard let a = settings.comparisonIndex(conflict.agrees), let b = settings.comparisonIndex(conflict.disagrees) else { return nil }
            return (a, b)
        }
        let scorer = Scorer(model: model, comparisons: comparisons, frequencies: frequencies)
        let share = min(max(model.matchShare, 1e-12), 1)
        let elsewhere = Double(max(right.entityCount, 1)) * max(1 - share * model.blockingRecall, 1e-6)
        let chunks = try stages.time("block, compare, score") {
            try scan.run(threads: threads, makeAccumulator: { Chunk(range: $0) }, visit: { chunk, row in
                var bestEntity: Int32 = -1
                var bestWeight = -Double.infinity
                var secondEntity: Int32 = -1
                var secondWeight = -Double.infinity
                var bestIndex = -1
                var secondIndex = -1
                var factors = 0.0
                if !row.candidates.isEmpty { scorer.terms(left: left, leftRow: row.leftRow, into: &chunk.terms) }
                let terms = chunk.terms
                for (c, candidate) in row.candidates.enumerated() {
                    let weight = scorer.weight(levels: row.levels[(c * K)..<((c + 1) * K)], terms: terms)
                    factors += exp2(weight - scorer.prior)
                    // Ties keep the lower entity index: deterministic.
                    if weight > bestWeight {
                        secondEntity = bestEntity
                        secondWeight = bestWeight
                        secondIndex = bestIndex
                        bestEntity = candidate.entity
                        bestWeight = weight
                        bestIndex = c
                    } else if weight > secondWeight {
                        secondEntity = candidate.entity
                        secondWeight = weight
                        secondIndex = c
                    }
                }
                chunk.pairs += row.candidates.count
                let denominator = share * factors + elsewhere
                let bestProbability = bestIndex >= 0 ? share * exp2(bestWeight - scorer.prior) / denominator : 0
                let secondProbability = secondIndex >= 0 ? share * exp2(secondWeight - scorer.prior) / denominator : 0
                let bestLevels = bestIndex >= 0 ? row.levels[(bestIndex * K)..<((bestIndex + 1) * K)] : ArraySlice(repeating: 0, count: K)
                let secondLevels = secondIndex >= 0 ? row.levels[(secondIndex * K)..<((secondIndex + 1) * K)] : ArraySlice(repeating: 0, count: K)
                var status = LinkStatus.unlinked
                var reason = ReviewReason.none
                var band: Int8 = -1
                if bestEntity >= 0, bestWeight >= linking.reviewMinimumWeight {
                    if secondEntity >= 0, bestWeight - secondWeight < linking.nearTieMargin {
                        status = .review
                        reason = .nearTie
                    } else if conflicts.contains(where: { a, b in
                        bestLevels[bestLevels.startIndex + a] == 1
                            && (Int(bestLevels[bestLevels.startIndex + b]) == comparisons[b].levelCount - 1
                                || (secondIndex >= 0 && secondWeight >= linking.linkMinimumWeight
                                    && Self.dominates(secondLevels, bestLevels, except: a)))
                    }) {
                        status = .review
                        reason = .conflict
                    } else if let index = MatchBands.band(for: bestLevels, weight: bestWeight, probability: bestProbability, bands: resolved) {
                        status = .linked
                        band = Int8(index)
                    } else {
                        status = .review
                        reason = .scoreBand
                    }
                }
                chunk.status.append(status)
                chunk.reason.append(reason)
                chunk.band.append(band)
                chunk.best.append(bestEntity)
                chunk.bestWeight.append(bestWeight)
                chunk.second.append(secondEntity)
                chunk.secondWeight.append(secondWeight)
                chunk.bestProbability.append(bestProbability)
                chunk.secondProbability.append(secondProbability)
                chunk.bestLevels.append(contentsOf: bestLevels)
                chunk.secondLevels.append(contentsOf: secondLevels)
            })
        }
        var result = LinkResult(
            comparisonCount: K, bands: bands, scorer: scorer, status: [], reason: [], band: [], best: [], bestWeight: [], second: [],
            secondWeight: [], bestProbability: [], secondProbability: [], bestLevels: [], secondLevels: [], candidatePairs: 0)
        for chunk in chunks {
            result.status += chunk.status
            result.reason += chunk.reason
            result.band += chunk.band
            result.best += chunk.best
            result.bestWeight += chunk.bestWeight
            result.second += chunk.second
            result.secondWeight += chunk.secondWeight
            result.bestProbability += chunk.bestProbability
            result.secondProbability += chunk.secondProbability
            result.bestLevels += chunk.bestLevels
            result.secondLevels += chunk.secondLevels
            result.candidatePairs += chunk.pairs
        }
        return result
    }
}

extension Linker {
    /// True when `other` does not agree at its strongest level on comparison `except`, and on every
    /// other comparison agrees at least as strongly as `best` (both present, or both null) and more
    /// strongly on at least one.
    static func dominates(_ other: ArraySlice<UInt8>, _ best: ArraySlice<UInt8>, except: Int) -> Bool {
        guard other[other.startIndex + except] != 1 else { return false }
        var stronger = false
        for k in 0..<best.count where k != except {
            let o = other[other.startIndex + k]
            let b = best[best.startIndex + k]
            if o == 0 || b == 0 {
                if o != b { return false }
                continue
            }
            if o > b { return false }
            if o < b { stronger = true }
        }
        return stronger
    }
}
