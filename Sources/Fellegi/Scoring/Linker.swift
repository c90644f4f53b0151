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

    /// What linking needs of the right side, made once for every chunk of left records (`run` links a
    /// release in chunks): its value frequencies, block indexes and the scoring and decision parts.
    package struct Prepared: Sendable {
        package let right: RecordTable
        let blocker: Blocker
        let parts: LinkingParts
    }

    /// Prepares the right side.
    ///
    /// - Parameter index: the prepared HES side whose table is `right` (`HESIndex`): its value
    ///   frequencies and block indexes are used instead of building them.
    /// - Complexity: O(right rows) for the frequencies and each block index (none with an index).
    package func prepare(right: RecordTable, index: HESIndex? = nil, stages: StageLog = StageLog()) throws -> Prepared {
        let settings = model.settings
        // Value frequencies before the block indexes: their sorting space is free again by then.
        let frequencies = stages.time("value frequencies") {
            Scorer.termFrequencies(settings: settings, right: right, counted: index?.frequencies, threads: threads)
        }
        let blocker = stages.time("index") { index?.blocker ?? Blocker(settings: settings, right: right, threads: threads) }
        let parts = try LinkingParts(model: model, frequencies: frequencies, rightEntities: right.entityCount)
        return Prepared(right: right, blocker: blocker, parts: parts)
    }

    /// `prepare(right:index:stages:)`, then `link(left:prepared:…)`.
    package func link(
        left: RecordTable, right: RecordTable, index: HESIndex? = nil, decisions: ClericalDecisions = ClericalDecisions(),
        clericalRank: String = "C", stages: StageLog = StageLog()
    ) throws -> LinkResult {
        try link(left: left, prepared: prepare(right: right, index: index, stages: stages), decisions: decisions,
                 clericalRank: clericalRank, stages: stages)
    }

    /// Links every row of `left`; each row's outcome depends on that row and the right side only, so a
    /// release linked in chunks of rows gets the rows of linking it whole.
    ///
    /// - Parameters:
    ///   - decisions: clerical decisions on pairs of these tables (`ClericalAssignment` applies them);
    ///     with any, the bands gain the clerical rank `clericalRank`.
    ///   - clericalBand: whether the bands have the clerical rank, when the decisions of `left` alone do
    ///     not say it (a chunk of a release that has decisions elsewhere); nil: when there are any.
    /// - Complexity: one pass over candidate pairs, O(pairs × K).
    package func link(
        left: RecordTable, prepared: Prepared, decisions: ClericalDecisions = ClericalDecisions(),
        clericalRank: String = "C", clericalBand: Bool? = nil, stages: StageLog = StageLog()
    ) throws -> LinkResult {
        let (right, blocker, parts) = (prepared.right, prepared.blocker, prepared.parts)
        let (comparisons, scorer, scoreBands, rules, probability) = (parts.comparisons, parts.scorer, parts.bands, parts.rules, parts.probability)
        let scan = PairScan(left: left, right: right, comparisons: comparisons, blocker: blocker)
        let bands = scoreBands + ((clericalBand ?? !decisions.isEmpty) ? [MatchBand.clerical(rank: clericalRank)] : [])
        let empty = LinkResult(comparisonCount: comparisons.count, bands: bands, scorer: scorer)
        let samePerson = parts.samePerson(right)
        let sortsFirst = LinkingParts.sortsFirst(right)
        let clerical = ClericalAssignment(probability: probability, scan: scan, band: scoreBands.count)
        let chunks = stages.time("block, compare, score", counting: left.rowCount, of: .items("records")) { recordsDone in
            scan.run(threads: threads, progress: recordsDone, makeAccumulator: { _ in Chunk(result: empty) }, visit: { chunk, row in
                let decided = decisions.decisions(ofRow: row.leftRow)
                if !row.candidates.isEmpty || decided != nil { scorer.terms(left: left, leftRow: row.leftRow, into: &chunk.terms) }
                let outcome: Assignment.Outcome
                if let decided {
                    let applied = clerical.outcome(row, decisions: decided, terms: chunk.terms) {
                        Assignment.decide($0, rules: rules, samePerson: samePerson, sortsFirst: sortsFirst)
                    }
                    outcome = applied.outcome
                    chunk.result.clerical[Int32(row.leftRow)] = applied.effect
                } else {
                    outcome = Assignment.decide(probability.best(of: row, terms: chunk.terms), rules: rules, samePerson: samePerson, sortsFirst: sortsFirst)
                }
                chunk.result.append(outcome.decision, best: outcome.best, second: outcome.second)
                chunk.result.candidatePairs += row.candidates.count
            })
        }
        var result = empty
        for chunk in chunks { result.append(contentsOf: chunk.result) }
        return result
    }
}
