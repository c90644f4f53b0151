/// The one-to-one decision for a record that a clerical reviewer has decided on, in this order:
/// 1. a decision made on another version of the record (its identifiers changed since: `stale`) is
///    not applied; when every decision on the record is stale, the record goes to review
///    (`decision-stale`), whatever the model says (decisions made on its current version apply) —
///    unless it has no candidate left to show a reviewer (then the model decides: unlinked);
/// 2. `non-match` pairs leave the record's candidates before anything else is decided, so the next
///    best candidate is judged on its own (and links if it qualifies);
/// 3. a `match` links the record to that entity at the clerical rank (`band`), scored like any pair
///    (when blocking did not pair them, the pair is compared directly); with several (a person the
///    right file holds twice), the one with the higher weight (at equal weight, the first added);
/// 4. otherwise the model decides (`Assignment.decide`) over the remaining candidates, except that an
///    `unsure` pair keeps the record in review (`unsure`) while it has a candidate.
/// A decided pair therefore never returns to the review queue unless the record changed.
package struct ClericalAssignment: Sendable {
    package let probability: RecordProbability
    package let scan: PairScan
    /// Index of the clerical rank in the run's bands.
    package let band: Int

    /// How decisions shaped one record's outcome (for changes.csv and the summary).
    package enum Effect: UInt8, Sendable {
        case matched, excluded, unsure, stale
    }

    package init(probability: RecordProbability, scan: PairScan, band: Int) {
        self.probability = probability
        self.scan = scan
        self.band = band
    }

    /// Decides `row` given its decisions; `decide` is the model's decision over a candidate list.
    package func outcome(
        _ row: PairScan.Row, decisions: [ClericalDecisions.Decision], terms: [Double],
        decide: (RankedCandidates) -> Assignment.Outcome
    ) -> (outcome: Assignment.Outcome, effect: Effect) {
        let decisions = decisions.filter { !$0.stale }
        if decisions.isEmpty {
            var outcome = decide(probability.best(of: row, terms: terms))
            if outcome.best != nil { outcome.decision = .review(.decisionStale) }
            return (outcome, .stale)
        }
        let excluded = Set(decisions.filter { $0.verdict == .nonMatch }.map(\.entity))
        let remaining = excluded.isEmpty ? row : row.removing(excluded, comparisons: scan.comparisons.count)
        let matches = decisions.filter { $0.verdict == .match }
        if !matches.isEmpty {
            // Several matches: one person held twice in the right file; link the better-scoring.
            let outcomes = matches.map { linked(remaining, to: $0.entity, terms: terms) }
            let best = outcomes.indices.max { (outcomes[$0].best?.weight ?? -.infinity, -$0) < (outcomes[$1].best?.weight ?? -.infinity, -$1) } ?? 0
            return (outcomes[best], .matched)
        }
        var outcome = decide(probability.best(of: remaining, terms: terms))
        if decisions.contains(where: { $0.verdict == .unsure }), outcome.best != nil {
            outcome.decision = .review(.decisionUnsure)
            return (outcome, .unsure)
        }
        return (outcome, .excluded)
    }

    /// The outcome linking `row` to `entity` at the clerical rank; its competitor is the best other.
    func linked(_ row: PairScan.Row, to entity: Int32, terms: [Double]) -> Assignment.Outcome {
        var row = row
        let K = scan.comparisons.count
        let index: Int
        if let found = row.candidates.firstIndex(where: { $0.entity == entity }) {
            index = found
        } else {
            row.candidates.append(Candidate(entity: entity, rules: 0))
            row.levels += scan.levels(leftRow: row.leftRow, entity: Int(entity)).map { UInt8($0) }
            index = row.candidates.count - 1
        }
        let chosen = probability.candidate(index, of: row, terms: terms)
        let others = row.removing([entity], comparisons: K)
        return Assignment.Outcome(decision: .linked(band: band), best: chosen, second: probability.best(of: others, terms: terms).best)
    }
}

extension PairScan.Row {
    /// This row without the candidates whose entity is in `entities`.
    package func removing(_ entities: Set<Int32>, comparisons K: Int) -> PairScan.Row {
        var kept = PairScan.Row(leftRow: leftRow, leftMissing: leftMissing, candidates: [], levels: [])
        for (c, candidate) in candidates.enumerated() where !entities.contains(candidate.entity) {
            kept.candidates.append(candidate)
            kept.levels += levels[(c * K)..<((c + 1) * K)]
        }
        return kept
    }
}
