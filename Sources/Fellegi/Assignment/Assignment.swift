/// The one-to-one decision: for one left record, given its best and second-best candidates, link
/// it to the best, send it to clerical review, or leave it unlinked. A pure function of its inputs.
///
/// In order:
/// 1. no candidate, or best weight < `reviewMinimumWeight` → unlinked;
/// 2. a second entity within `nearTieMargin` bits of the best → review (near tie), whatever the band
///    — unless the two are one person held twice (`LinkingSettings.duplicateRule`: the same NHS
///    number and birth date on both right entities). Then they are one candidate: the record links
///    to the one with the higher weight (at equal weight, the id that sorts first, bytewise), its
///    probability is the sum of both, the decision carries the other as `duplicate`, and the third
///    candidate takes the second's place in the rules below. Twins differ on the NHS number, so a
///    twin is never taken for a duplicate;
/// 3. a conflict → review (conflict): the best pair agrees on the conflict's first comparison (NHS
///    number) while its second (birth date) is at its else level; or the first comparison is the only
///    thing favouring the best candidate: another candidate that is a match in its own right (weight
///    ≥ `linkMinimumWeight`), not agreeing on it, agrees at least as strongly on every other
///    comparison and more strongly on one (a twin's NHS number on the record);
/// 4. the first band the best pair meets → linked at that rank; none → review (score band).
package enum Assignment {
    /// What happens to one left record.
    package struct Decision: Sendable, Equatable {
        package var status: LinkStatus
        package var reason: ReviewReason
        /// Index of the band linked at (-1 unless linked).
        package var band: Int8
        /// The best's other id when the two best candidates are one person held twice (-1: none).
        package var duplicate: Int32 = -1

        package init(status: LinkStatus, reason: ReviewReason = .none, band: Int8 = -1) {
            self.status = status
            self.reason = reason
            self.band = band
        }

        package static let unlinked = Decision(status: .unlinked)
        package static func review(_ reason: ReviewReason) -> Decision { Decision(status: .review, reason: reason) }
        package static func linked(band: Int) -> Decision { Decision(status: .linked, band: Int8(band)) }
    }

    /// What the decision rests on: the candidate decided for (or against) and its closest competitor.
    package struct Outcome: Sendable, Equatable {
        package var decision: Decision
        package var best: ScoredCandidate?
        package var second: ScoredCandidate?
    }

    /// Decides one record from its ranked candidates (rule 2's duplicate step, then `decide`).
    ///
    /// - Parameters:
    ///   - samePerson: whether two candidates are one person held twice (the duplicate rule).
    ///   - sortsFirst: whether the first candidate's id sorts before the second's.
    @inline(__always)
    package static func decide(
        _ ranked: RankedCandidates, rules: AssignmentRules,
        samePerson: (ScoredCandidate, ScoredCandidate) -> Bool, sortsFirst: (ScoredCandidate, ScoredCandidate) -> Bool
    ) -> Outcome {
        guard var best = ranked.best, let second = ranked.second, best.weight - second.weight < rules.nearTieMargin,
              samePerson(best, second)
        else { return Outcome(decision: decide(best: ranked.best, second: ranked.second, rules: rules), best: ranked.best, second: ranked.second) }
        var other = second
        if best.weight == second.weight, sortsFirst(second, best) { swap(&best, &other) }
        best.probability += other.probability
        var decision = decide(best: best, second: ranked.third, rules: rules)
        decision.duplicate = other.entity
        return Outcome(decision: decision, best: best, second: ranked.third)
    }

    /// Decides one record. `second`, when present, has a weight no greater than `best`'s.
    @inline(__always)
    package static func decide(best: ScoredCandidate?, second: ScoredCandidate?, rules: AssignmentRules) -> Decision {
        guard let best, best.weight >= rules.reviewMinimumWeight else { return .unlinked }
        if let second, best.weight - second.weight < rules.nearTieMargin { return .review(.nearTie) }
        if isConflict(best: best, second: second, rules: rules) { return .review(.conflict) }
        if let index = MatchBands.band(for: best.levels, weight: best.weight, probability: best.probability, bands: rules.bands) {
            return .linked(band: index)
        }
        return .review(.scoreBand)
    }

    /// Rule 3: the best pair's agreement on a conflict's first comparison is contradicted.
    static func isConflict(best: ScoredCandidate, second: ScoredCandidate?, rules: AssignmentRules) -> Bool {
        let levels = best.levels
        return rules.conflicts.contains { conflict in
            guard levels[levels.startIndex + conflict.agrees] == 1 else { return false }
            if Int(levels[levels.startIndex + conflict.disagrees]) == rules.elseLevels[conflict.disagrees] { return true }
            guard let second, second.weight >= rules.linkMinimumWeight else { return false }
            return dominates(second.levels, levels, except: conflict.agrees)
        }
    }

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
