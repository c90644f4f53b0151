import Foundation
import LinkIO

/// Fits a Fellegi–Sunter model to two record tables, without labels.
///
/// 1. **Candidate pairs** from the blocking rules; each pair's comparison vector is reduced to
///    counts of agreement patterns, once per rule whose blocks hold the pair.
/// 2. **u** from value frequencies and seeded random pairs (`UEstimate`), fixed during EM.
/// 3. **m by EM, one session per blocking rule** (as Splink's training sessions): the pairs agreeing
///    on rule r agree on its fields by construction, so those comparisons are left out of session r
///    (they would otherwise look like perfect evidence), and the session estimates m of the others
///    with u fixed and λ_r free. Each comparison's m is the mean over the sessions that estimate it.
///    Under conditional independence, the pairs of a rule that catches most matches are an unbiased
///    sample of matches for the comparisons the rule does not use. A session left with a single
///    comparison is not identifiable (with u fixed, any λ with λ·m = the observed share fits), so it
///    contributes no m: it is reported, not averaged in.
/// 4. **λ** (the prior over all left×right pairs) from a deterministic rule with a stated recall:
///    left records with a candidate agreeing exactly on every rule comparison, divided by the recall,
///    divided by left records × right entities.
public struct ModelTrainer: Sendable {
    public let settings: LinkSettings
    public var threads: Int

    public init(settings: LinkSettings, threads: Int = ParallelChunks.defaultThreads) {
        self.settings = settings
        self.threads = threads
    }

    /// Per-chunk tallies of the candidate pass.
    struct Tally {
        var sessions: [PatternCounts]
        var newPairs: [Int]
        var rulePairs: [Int]
        var lambdaAgreeing = 0
    }

    /// Fits the model. `provenance` is recorded as given.
    ///
    /// - Complexity: one pass over candidate pairs, `uSamplePairs` random comparisons, and EM over
    ///   distinct patterns (independent of the number of pairs).
    public func fit(left: RecordTable, right: RecordTable, provenance: Provenance, stages: StageLog = StageLog()) throws -> FittedModel {
        let comparisons = try settings.comparisons.map(FieldComparison.init)
        let K = comparisons.count
        let levelCounts = comparisons.map(\.levelCount)
        // The block indexes live only for the candidate pass (they are the largest structure after
        // the tables): their rules and block counts are kept for the report.
        var blocker = stages.time("index") { Blocker(settings: settings, right: right, threads: threads) }
        var scan = PairScan(left: left, right: right, comparisons: comparisons, blocker: blocker)
        let indexes = blocker.indexes.map { (rule: $0.rule, oversizedBlocks: $0.oversizedBlocks, oversizedRows: $0.oversizedRows) }
        let rules = indexes.count
        let lambdaComparisons = settings.training.lambdaRule.compactMap(settings.comparisonIndex)

        let empty = PatternCounts(levelCounts: levelCounts)
        let strides = empty.strides
        let tallies = try stages.time("block, compare") {
            try scan.run(threads: threads, makeAccumulator: { _ in
                Tally(sessions: Array(repeating: empty, count: rules), newPairs: Array(repeating: 0, count: rules),
                      rulePairs: Array(repeating: 0, count: rules))
            }, visit: { tally, row in
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
        }
        var sessions = Array(repeating: empty, count: rules)
        var newPairs = Array(repeating: 0, count: rules)
        var rulePairs = Array(repeating: 0, count: rules)
        var lambdaAgreeing = 0
        for tally in tallies {
            for r in 0..<rules {
                sessions[r] = sessions[r].merging(tally.sessions[r])
                newPairs[r] += tally.newPairs[r]
                rulePairs[r] += tally.rulePairs[r]
            }
            lambdaAgreeing += tally.lambdaAgreeing
        }

        blocker = Blocker()
        scan = PairScan(left: left, right: right, comparisons: comparisons, blocker: blocker)  // random pairs need no index

        let training = settings.training
        // Never more random pairs than there are pairs.
        let samplePairs = min(training.uSamplePairs, left.rowCount * max(right.entityCount, 1))
        let frequencies: [TermFrequencies?] = stages.time("value frequencies") {
            settings.comparisons.indices.map { k in
                settings.comparisons[k].kind.isText ? nil : TermFrequencies(table: right, comparison: k, threads: threads)
            }
        }
        let uEstimate = try stages.time("u") {
            try UEstimate.estimate(
                scan: scan, frequencies: frequencies, samplePairs: samplePairs, seed: training.seed,
                minimumCount: training.uMinimumLevelCount, threads: threads)
        }

        // Given u replaces the estimate; given m is held in every session and used as is.
        var u = uEstimate.u
        var uSources = uEstimate.sources
        let fixedM = settings.training.fixM.compactMap { name, m in settings.comparisonIndex(name).map { ($0, [0] + m) } }
        for (name, given) in settings.training.fixU {
            guard let k = settings.comparisonIndex(name) else { continue }
            u[k] = [0] + given
            uSources[k] = [""] + given.map { _ in "given" }
        }

        // m by EM, one session per rule.
        var mSums = levelCounts.map { [Double](repeating: 0, count: $0) }
        var mSessions = [Int](repeating: 0, count: K)
        var sessionReports: [TrainingReport.SessionReport] = []
        stages.time("EM") {
            for r in 0..<rules {
                let excluded = indexes[r].rule.comparisons
                let counts = sessions[r]
                var initial = FSParameters.startingValues(for: counts, lambda: 0.5)
                initial.u = u
                for (k, m) in fixedM { initial.m[k] = m }
                let options = EMOptions(
                    maxIterations: training.maxIterations, tolerance: training.tolerance,
                    fixM: Set(fixedM.map(\.0)), fixU: Set(0..<K), excluded: excluded, monotone: training.monotone ? Set(0..<K) : [])
                let result = counts.total > 0
                    ? ExpectationMaximisation.fit(counts, initial: initial, options: options)
                    : EMResult(parameters: initial, iterations: [], converged: false, logLikelihood: nil, problems: [])
                let remaining = (0..<K).filter { !excluded.contains($0) && counts.levelTotals(comparison: $0).dropFirst().reduce(0, +) > 0 }
                let identifiable = remaining.count >= 2
                let usable = counts.total > 0 && identifiable && !result.problems.contains(where: \.isFatal)
                if usable {
                    for k in 0..<K where !excluded.contains(k) && counts.levelTotals(comparison: k).dropFirst().reduce(0, +) > 0 {
                        for l in 1..<levelCounts[k] { mSums[k][l] += result.parameters.m[k][l] }
                        mSessions[k] += 1
                    }
                }
                var problems = result.problems.map(\.description)
                if counts.total == 0 { problems.append("no candidate pairs agree on this rule") }
                if counts.total > 0, !identifiable {
                    problems.append("only one comparison left: not identifiable, so this session's m is not used")
                }
                sessionReports.append(TrainingReport.SessionReport(
                    rule: indexes[r].rule.rule.description, pairs: counts.total,
                    excluded: excluded.sorted().map { settings.comparisons[$0].name },
                    converged: result.converged, lambda: result.parameters.lambda,
                    iterations: result.iterations, problems: problems))
            }
        }
        let unestimated = (0..<K).filter { k in mSessions[k] == 0 && !fixedM.contains { $0.0 == k } }
        if !unestimated.isEmpty {
            let names = unestimated.map { settings.comparisons[$0].name }.joined(separator: ", ")
            throw ModelError("cannot estimate m-probabilities of \(names): every blocking rule uses it or no rule's pairs reach it; add a blocking rule that does not use it")
        }
        var m = (0..<K).map { k in (0..<levelCounts[k]).map { l in l == 0 || mSessions[k] == 0 ? 0 : mSums[k][l] / Double(mSessions[k]) } }
        for (k, given) in fixedM { m[k] = given }

        // λ from the deterministic rule.
        let allPairs = Double(left.rowCount) * Double(max(right.entityCount, 1))
        var expected: Double
        if lambdaComparisons.isEmpty {
            let first = sessionReports.first
            expected = (first?.lambda ?? 0.5) * (first?.pairs ?? 0)
        } else {
            expected = Double(lambdaAgreeing) / training.lambdaRuleRecall
        }
        expected = min(max(expected, 1), Double(max(left.rowCount, 1)))
        let lambda = min(max(expected / max(allPairs, 1), 1e-15), 0.5)

        // Every session shares u, so a mean of monotone m/u ratios is itself monotone.
        let parameters = FSParameters(lambda: lambda, m: m, u: u)

        let termFrequencies: [TermFrequencySummary?] = settings.comparisons.indices.map { k in
            guard settings.comparisons[k].termFrequency, let summary = frequencies[k]?.summary else { return nil }
            return TermFrequencySummary(distinctValues: summary.distinct, largestCount: summary.largest, entitiesWithValue: summary.entities)
        }
        let report = TrainingReport(
            leftRecords: left.rowCount, rightEntities: right.entityCount, rightRows: right.rowCount,
            candidatePairs: newPairs.reduce(0, +),
            rules: (0..<rules).map { r in
                TrainingReport.RuleReport(
                    rule: indexes[r].rule.rule.description, newPairs: newPairs[r], pairs: rulePairs[r],
                    oversizedBlocks: indexes[r].oversizedBlocks, oversizedRows: indexes[r].oversizedRows)
            },
            lambda: TrainingReport.LambdaReport(
                rule: settings.training.lambdaRule, recall: training.lambdaRuleRecall,
                agreeingRecords: lambdaAgreeing, expectedMatches: expected),
            uSamplePairs: uEstimate.sampledPairs, sessions: sessionReports,
            missing: left.missingByLabel, missingRight: right.missingByLabel)
        // Null rates among matches, for the blocking recall: either side missing.
        let nullRates = (0..<K).map { k in
            let leftMissing = Double(left.missingCounts[k].reduce(0, +)) / Double(max(left.rowCount, 1))
            let rightMissing = Double(right.missingCounts[k].reduce(0, +)) / Double(max(right.rowCount, 1))
            return 1 - (1 - leftMissing) * (1 - rightMissing)
        }
        let recall = BlockingRecall.estimate(
            settings: settings, levels: comparisons.map(\.levels), m: parameters.m, nullRates: nullRates)
        return FittedModel(
            settings: settings, parameters: parameters, matchShare: expected / Double(max(left.rowCount, 1)),
            blockingRecall: recall, levelLabels: comparisons.map(\.levelLabels),
            uSources: uSources, termFrequencies: termFrequencies, report: report, provenance: provenance)
    }
}

/// The model cannot be fitted or used as configured. Exits 1 with the message.
public struct ModelError: Error, Equatable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
