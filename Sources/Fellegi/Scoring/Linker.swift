import Foundation
import Kernels
import LinkIO

/// Links left records to right entities with a fitted model: blocks and compares every candidate
/// pair (`PairScan`), scores it (`Scorer`: match weight with term-frequency adjustment), keeps each
/// record's best two candidates with their record-level match probabilities (`RecordProbability`)
/// and makes the one-to-one decision (`Assignment.decide`).
package struct Linker: Sendable {
    package let model: FittedModel
    package var threads: Int

    package init(model: FittedModel, threads: Int = ParallelChunks.defaultThreads) {
        self.model = model
        self.threads = threads
    }

    /// One chunk's rows and the current left row's term-frequency lookups (scratch, reused).
    struct Chunk {
        var result: LinkResult
        var terms: [Double] = []
    }

    /// - Complexity: one pass over candidate pairs, O(pairs × K).
    package func link(left: RecordTable, right: RecordTable, stages: StageLog = StageLog()) throws -> LinkResult {
        let settings = model.settings
        let comparisons = try settings.comparisons.map(FieldComparison.init)
        // Value frequencies before the block indexes: their sorting space is free again by then.
        let frequencies = stages.time("value frequencies") { Scorer.termFrequencies(settings: settings, right: right, threads: threads) }
        let blocker = stages.time("index") { Blocker(settings: settings, right: right, threads: threads) }
        let scan = PairScan(left: left, right: right, comparisons: comparisons, blocker: blocker)
        let bands = MatchBands.bands(for: model, termFrequencies: frequencies)
        let rules = AssignmentRules(settings: settings, comparisons: comparisons, bands: bands)
        let scorer = Scorer(model: model, comparisons: comparisons, frequencies: frequencies)
        let probability = RecordProbability(model: model, scorer: scorer, rightEntities: right.entityCount)
        let empty = LinkResult(comparisonCount: comparisons.count, bands: bands, scorer: scorer)
        let duplicateRule = settings.linking.duplicateRule.compactMap(settings.comparisonIndex)
        let samePerson = { (a: ScoredCandidate, b: ScoredCandidate) in right.entitiesShareValues(Int(a.entity), Int(b.entity), on: duplicateRule) }
        let sortsFirst = { (a: ScoredCandidate, b: ScoredCandidate) in
            right.ids.withBytes(Int(a.entity)) { x in right.ids.withBytes(Int(b.entity)) { y in x.lexicographicallyPrecedes(y) } }
        }
        let chunks = stages.time("block, compare, score") {
            scan.run(threads: threads, makeAccumulator: { _ in Chunk(result: empty) }, visit: { chunk, row in
                if !row.candidates.isEmpty { scorer.terms(left: left, leftRow: row.leftRow, into: &chunk.terms) }
                let ranked = probability.best(of: row, terms: chunk.terms)
                let outcome = Assignment.decide(ranked, rules: rules, samePerson: samePerson, sortsFirst: sortsFirst)
                chunk.result.append(outcome.decision, best: outcome.best, second: outcome.second)
                chunk.result.candidatePairs += row.candidates.count
            })
        }
        var result = empty
        for chunk in chunks { result.append(contentsOf: chunk.result) }
        return result
    }
}
