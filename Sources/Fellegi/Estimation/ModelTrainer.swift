import Foundation
import Kernels
import LinkIO

/// Fits a Fellegi–Sunter model to two record tables, without labels.
///
/// 1. **Candidate pairs** from the blocking rules; each pair's comparison vector is reduced to
///    counts of agreement patterns, once per rule whose blocks hold the pair (`CandidatePatterns`).
/// 2. **u** from value frequencies and seeded random pairs (`UEstimate`), fixed during EM.
/// 3. **m by EM, one session per blocking rule**, each leaving out the rule's own comparisons
///    (`TrainingSessions`).
/// 4. **λ** from a deterministic rule with a stated recall (`LambdaEstimate`).
/// 5. The blocking recall r, for the record-level probability (`BlockingRecall`).
package struct ModelTrainer: Sendable {
    package let settings: LinkSettings
    package var threads: Int

    package init(settings: LinkSettings, threads: Int = ParallelChunks.defaultThreads) {
        self.settings = settings
        self.threads = threads
    }

    /// Fits the model. `provenance` is recorded as given. `index`: the prepared HES side whose table
    /// is `right` (`HESIndex`): its value frequencies and block indexes are used instead of building them.
    ///
    /// - Complexity: one pass over candidate pairs, `uSamplePairs` random comparisons, and EM over
    ///   distinct patterns (independent of the number of pairs).
    package func fit(left: RecordTable, right: RecordTable, index: HESIndex? = nil, provenance: Provenance,
                     stages: StageLog = StageLog()) throws -> FittedModel {
        let comparisons = try settings.comparisons.map(FieldComparison.init)
        let training = settings.training
        let lambdaComparisons = training.lambdaRule.compactMap(settings.comparisonIndex)
        let (indexes, patterns) = try candidatePass(
            left: left, right: right, blocker: index?.blocker, comparisons: comparisons, lambdaComparisons: lambdaComparisons, stages: stages)
        let randomPairs = PairScan(left: left, right: right, comparisons: comparisons, blocker: Blocker())  // needs no index
        let frequencies = stages.time("value frequencies") {
            index?.frequencies ?? TermFrequencies.ofCodedComparisons(right, settings: settings, threads: threads)
        }
        let samplePairs = min(training.uSamplePairs, left.rowCount * max(right.entityCount, 1))  // never more than all pairs
        let uEstimate = stages.time("u", counting: samplePairs, of: .items("pairs")) { pairsDone in
            UEstimate.estimate(
                scan: randomPairs, frequencies: frequencies, samplePairs: samplePairs,
                seed: training.seed, minimumCount: training.uMinimumLevelCount, threads: threads, progress: pairsDone)
        }
        // Given u replaces the estimate; given m is held in every session and used as is.
        var u = uEstimate.u
        var uSources = uEstimate.sources
        for (name, given) in training.fixU {
            guard let k = settings.comparisonIndex(name) else { continue }
            u[k] = [0] + given
            uSources[k] = [""] + given.map { _ in "given" }
        }
        let fixedM = training.fixM.compactMap { name, m in settings.comparisonIndex(name).map { ($0, [0] + m) } }
        let stratumRequest = training.agreementStratum.flatMap { name -> TrainingSessions.StratumRequest? in
            guard let k = settings.comparisonIndex(name),
                  let rule = settings.blocking.rules.firstIndex(where: { $0.keys == [BlockingKey(name)] }) else { return nil }
            // Dates keep the random pairs' u in the stratum: the non-matches agreeing on an NHS number
            // and a birth date are twins, and the twin on the other side of the tie (agreeing on birth
            // date and postcode, not the number) is scored with random-pair u; discounting the birth
            // date on one side only would turn a twin's own record into a near tie.
            let dates = settings.comparisons.indices.filter { settings.comparisons[$0].kind == .date }
            return .init(rule: rule, comparison: k, levels: comparisons[k].equalityLevels,
                         givenU: Set(training.fixU.keys.compactMap(settings.comparisonIndex)).union(dates))
        }
        let sessions = try stages.time("EM", counting: patterns.sessions.count, of: .items("sessions")) { sessionsDone in
            try TrainingSessions.fit(
                sessions: patterns.sessions, ruleNames: indexes.map(\.rule.rule.description), excluded: indexes.map(\.rule.comparisons),
                u: u, fixedM: fixedM, settings: settings, stratum: stratumRequest, progress: sessionsDone)
        }
        // The value frequencies count every pair agreeing on the stratum's comparison; a share λ_S
        // of them are matches, so its exact levels' u is the rest (the mass moved to its weakest level).
        if let stratum = sessions.stratum {
            let s = stratum.comparison
            let weakest = u[s].count - 1
            for level in stratum.levels where level != weakest && uSources[s][level] != "given" {
                let moved = u[s][level] * stratum.matchShare
                u[s][level] -= moved
                u[s][weakest] += moved
                uSources[s][level] = "frequency × non-match share"
            }
        }
        let first = sessions.reports.first.map { (lambda: $0.lambda, pairs: $0.pairs) }
        let nullRates = Self.nullRates(left: left, right: right)
        // The λ rule's recall, unless given: the share of matches that the agreeing count takes in,
        // those at level 1 (exact) on every one of its comparisons, both sides present. Under the
        // model's conditional independence that is Π_k (1 − null rate_k) · m_k(exact). Unused
        // without a rule (λ then comes from the first session).
        let ruleRecall = training.lambdaRuleRecall ?? min(max(lambdaComparisons.reduce(1.0) { recall, k in
            recall * (1 - nullRates[k]) * sessions.m[k][1]
        }, 0.01), 1)
        let lambda = LambdaEstimate(
            agreeingRecords: lambdaComparisons.isEmpty ? nil : patterns.lambdaAgreeing, recall: ruleRecall,
            firstSession: first, leftRecords: left.rowCount, rightEntities: right.entityCount)
        let parameters = FSParameters(lambda: lambda.lambda, m: sessions.m, u: u, stratum: sessions.stratum)
        let report = TrainingReport(
            leftRecords: left.rowCount, rightEntities: right.entityCount, rightRows: right.rowCount,
            candidatePairs: patterns.newPairs.reduce(0, +),
            rules: indexes.indices.map { r in
                TrainingReport.RuleReport(
                    rule: indexes[r].rule.rule.description, newPairs: patterns.newPairs[r], pairs: patterns.rulePairs[r],
                    oversizedBlocks: indexes[r].oversizedBlocks, oversizedRows: indexes[r].oversizedRows)
            },
            lambda: TrainingReport.LambdaReport(
                rule: training.lambdaRule, recall: ruleRecall, recallEstimated: training.lambdaRuleRecall == nil,
                agreeingRecords: patterns.lambdaAgreeing, expectedMatches: lambda.expectedMatches),
            uSamplePairs: uEstimate.sampledPairs, sessions: sessions.reports,
            missing: left.missingByLabel, missingRight: right.missingByLabel)
        let recall = BlockingRecall.estimate(settings: settings, levels: comparisons.map(\.levels), m: parameters.m, nullRates: nullRates)
        return FittedModel(
            settings: settings, parameters: parameters, matchShare: lambda.matchShare(leftRecords: left.rowCount),
            blockingRecall: recall,
            blockingRecallByMissing: BlockingRecall.byLeftMissing(
                settings: settings, levels: comparisons.map(\.levels), m: parameters.m,
                rightNullRates: Self.missingShares(right)),
            levelLabels: comparisons.map(\.levelLabels),
            uSources: uSources, termFrequencies: Self.termFrequencySummaries(settings: settings, frequencies: frequencies),
            report: report, provenance: provenance)
    }

    /// Builds the block indexes and counts the candidate pairs' patterns. The indexes live only for
    /// this pass (they are the largest structure after the tables): their rules and block counts are
    /// kept for the report.
    func candidatePass(
        left: RecordTable, right: RecordTable, blocker prepared: Blocker?, comparisons: [FieldComparison], lambdaComparisons: [Int], stages: StageLog
    ) throws -> (indexes: [(rule: ResolvedRule, oversizedBlocks: Int, oversizedRows: Int)], patterns: CandidatePatterns) {
        let blocker = stages.time("index") { prepared ?? Blocker(settings: settings, right: right, threads: threads) }
        let indexes = blocker.indexes.map { (rule: $0.rule, oversizedBlocks: $0.oversizedBlocks, oversizedRows: $0.oversizedRows) }
        let patterns = try stages.time("block, compare", counting: left.rowCount, of: .items("records")) { recordsDone in
            try CandidatePatterns.count(
                scan: PairScan(left: left, right: right, comparisons: comparisons, blocker: blocker), rules: indexes.count,
                levelCounts: comparisons.map(\.levelCount), lambdaComparisons: lambdaComparisons, threads: threads, progress: recordsDone)
        }
        return (indexes, patterns)
    }

    /// Per comparison, the share of pairs with either side missing (among matches too), for the
    /// blocking recall.
    static func nullRates(left: RecordTable, right: RecordTable) -> [Double] {
        zip(missingShares(left), missingShares(right)).map { leftMissing, rightMissing in 1 - (1 - leftMissing) * (1 - rightMissing) }
    }

    /// Per comparison, the share of `table`'s rows missing it, among the rows as read (its missing
    /// counts are of those, before a row limit).
    static func missingShares(_ table: RecordTable) -> [Double] {
        let rowsRead = table.rowCount + table.rowLimit.rowsLeftOut
        return table.missingCounts.map { Double($0.reduce(0, +)) / Double(max(rowsRead, 1)) }
    }

    /// What the model file records of the value frequencies of term-frequency comparisons.
    static func termFrequencySummaries(settings: LinkSettings, frequencies: [TermFrequencies?]) -> [TermFrequencySummary?] {
        settings.comparisons.indices.map { k in
            guard settings.comparisons[k].termFrequency, let summary = frequencies[k]?.summary else { return nil }
            return TermFrequencySummary(distinctValues: summary.distinct, largestCount: summary.largest, entitiesWithValue: summary.entities)
        }
    }
}
