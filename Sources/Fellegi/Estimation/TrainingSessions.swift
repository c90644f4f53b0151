import LinkIO

/// m by EM, one training session per blocking rule (as Splink's training sessions).
///
/// The pairs agreeing on rule r agree on its fields by construction, so those comparisons are left
/// out of session r (they would otherwise look like perfect evidence), and the session estimates m
/// of the others with u fixed and λ_r free. Each comparison's m is the mean over the sessions that
/// estimate it. Under conditional independence, the pairs of a rule that catches most matches are an
/// unbiased sample of matches for the comparisons the rule does not use. A session left with a
/// single comparison is not identifiable (with u fixed, any λ with λ·m = the observed share fits),
/// so it contributes no m: it is reported, not averaged in. Every session shares u, so a mean of
/// monotone m/u ratios is itself monotone.
///
/// With an agreement stratum on comparison s (`AgreementStratum`), the session of the rule on s
/// alone frees u too (except u given in the settings): its pairs all agree on s, so its non-matches
/// are exactly the non-matches agreeing on s, and the u it fits are theirs (u^S), with λ_S its λ.
struct TrainingSessions {
    /// Per comparison, per level: the mean m over the sessions that estimate it (given m where fixed).
    var m: [[Double]]
    var reports: [TrainingReport.SessionReport]
    /// The agreement stratum's u^S and λ_S, when one was asked for and its session could be fitted.
    var stratum: AgreementStratum?

    /// The comparison and exact levels of an agreement stratum to fit, the rule blocking on exactly
    /// that comparison (its session fits the stratum), and the comparisons whose u is given.
    struct StratumRequest {
        var rule: Int
        var comparison: Int
        var levels: [Int]
        var givenU: Set<Int>
    }

    /// Runs one EM session per rule.
    ///
    /// - Parameters:
    ///   - sessions: per rule, the pattern counts of its pairs (`CandidatePatterns`).
    ///   - excluded: per rule, the comparisons it blocks on.
    ///   - u: fixed u per comparison and level.
    ///   - fixedM: comparison → given m (level 0 first), held in every session.
    /// - Throws: `ModelError` when some comparison's m is estimated by no session.
    /// - Complexity: EM over distinct patterns per session, independent of the number of pairs.
    static func fit(
        sessions: [PatternCounts], ruleNames: [String], excluded: [Set<Int>], u: [[Double]], fixedM: [(Int, [Double])],
        settings: LinkSettings, stratum request: StratumRequest? = nil, progress: WorkCounter? = nil
    ) throws -> TrainingSessions {
        let training = settings.training
        let levelCounts = u.map(\.count)
        let K = levelCounts.count
        var mSums = levelCounts.map { [Double](repeating: 0, count: $0) }
        var mSessions = [Int](repeating: 0, count: K)
        var reports: [TrainingReport.SessionReport] = []
        var stratum: AgreementStratum?
        let stratumSession = request?.rule
        for r in sessions.indices {
            let counts = sessions[r]
            var initial = FSParameters.startingValues(for: counts, lambda: 0.5)
            initial.u = u
            for (k, m) in fixedM { initial.m[k] = m }
            func fitted(fixU: Set<Int>) -> EMResult {
                let options = EMOptions(
                    maxIterations: training.maxIterations, tolerance: training.tolerance,
                    fixM: Set(fixedM.map(\.0)), fixU: fixU, excluded: excluded[r], monotone: training.monotone ? Set(0..<K) : [])
                return counts.total > 0
                    ? ExpectationMaximisation.fit(counts, initial: initial, options: options)
                    : EMResult(parameters: initial, iterations: [], converged: false, logLikelihood: nil, problems: [])
            }
            let estimated = (0..<K).filter { !excluded[r].contains($0) && counts.levelTotals(comparison: $0).dropFirst().reduce(0, +) > 0 }
            let identifiable = estimated.count >= 2
            var stratumFit: EMResult?
            var stratumProblem: String?
            if r == stratumSession, let request, counts.total > 0, identifiable {
                // u free but the settings' given u; kept only with enough non-matches to estimate it.
                let free = fitted(fixU: request.givenU)
                let nonMatches = (1 - free.parameters.lambda) * counts.total
                if free.problems.contains(where: \.isFatal) {
                    stratumProblem = "the agreement stratum could not be fitted: no agreement stratum"
                } else if nonMatches < Double(training.uMinimumLevelCount) {
                    stratumProblem = "about \(Int(nonMatches.rounded())) non-matches agree on \(settings.comparisons[request.comparison].name), "
                        + "fewer than uMinimumLevelCount (\(training.uMinimumLevelCount)): no agreement stratum"
                } else {
                    stratumFit = free
                    stratum = AgreementStratum(
                        comparison: request.comparison, levels: request.levels, matchShare: free.parameters.lambda,
                        u: smoothed(free.parameters.u, nonMatches: nonMatches, stratum: request))
                }
            }
            // Without a stratum kept, the session is fitted as every other: u fixed.
            let result = stratumFit ?? fitted(fixU: Set(0..<K))
            if counts.total > 0, identifiable, !result.problems.contains(where: \.isFatal) {
                for k in estimated {
                    for l in 1..<levelCounts[k] { mSums[k][l] += result.parameters.m[k][l] }
                    mSessions[k] += 1
                }
            }
            var problems = result.problems.map(\.description)
            if let stratumProblem { problems.append(stratumProblem) }
            if counts.total == 0 { problems.append("no candidate pairs agree on this rule") }
            if counts.total > 0, !identifiable {
                problems.append("only one comparison left: not identifiable, so this session's m is not used")
            }
            reports.append(TrainingReport.SessionReport(
                rule: ruleNames[r], pairs: counts.total,
                excluded: excluded[r].sorted().map { settings.comparisons[$0].name },
                converged: result.converged, lambda: result.parameters.lambda,
                iterations: result.iterations, problems: problems))
            progress?.add(1)
        }
        let unestimated = (0..<K).filter { k in mSessions[k] == 0 && !fixedM.contains { $0.0 == k } }
        if !unestimated.isEmpty {
            let names = unestimated.map { settings.comparisons[$0].name }.joined(separator: ", ")
            throw ModelError("cannot estimate m-probabilities of \(names): every blocking rule uses it or no rule's pairs reach it; add a blocking rule that does not use it")
        }
        var m = (0..<K).map { k in (0..<levelCounts[k]).map { l in l == 0 || mSessions[k] == 0 ? 0 : mSums[k][l] / Double(mSessions[k]) } }
        for (k, given) in fixedM { m[k] = given }
        return TrainingSessions(m: m, reports: reports, stratum: stratum)
    }

    /// u^S with half a non-match added to every non-null level (a Jeffreys prior, as `UEstimate`
    /// gives sampled levels), so a level the stratum's few non-matches never showed is small, not ε;
    /// the stratum's own comparison all 0.
    static func smoothed(_ u: [[Double]], nonMatches: Double, stratum: StratumRequest) -> [[Double]] {
        u.indices.map { k in
            guard k != stratum.comparison else { return [Double](repeating: 0, count: u[k].count) }
            let levels = Double(u[k].count - 1)
            return u[k].indices.map { l in l == 0 ? 0 : (u[k][l] * nonMatches + 0.5) / (nonMatches + 0.5 * levels) }
        }
    }
}
