import Foundation
import LinkIO

/// The outcome for every left record, by row: the best and second-best candidate and the decision.
package struct LinkResult: Sendable {
    package let comparisonCount: Int
    package let bands: [MatchBand]
    /// The weights used (with the right side's term frequencies), for writing review rows.
    package let scorer: Scorer
    package var status: [LinkStatus]
    package var reason: [ReviewReason]
    /// Band index for linked records (-1 otherwise).
    package var band: [Int8]
    /// Best and second-best entity (-1 when none) and their weights.
    package var best: [Int32]
    package var bestWeight: [Double]
    package var second: [Int32]
    package var secondWeight: [Double]
    /// Record-level probability that the best (second) candidate is the record's match.
    package var bestProbability: [Double]
    package var secondProbability: [Double]
    /// Levels of the best and second candidates: `K` per row.
    package var bestLevels: [UInt8]
    package var secondLevels: [UInt8]
    package var candidatePairs: Int
    /// The best's other id when the record's two best candidates are one person held twice (-1: none).
    package var duplicate: [Int32]
    /// Left rows whose outcome a clerical decision shaped, and how (`ClericalAssignment`).
    package var clerical: [Int32: ClericalAssignment.Effect] = [:]

    package var count: Int { status.count }

    /// An empty result, to be filled row by row.
    package init(comparisonCount: Int, bands: [MatchBand], scorer: Scorer) {
        self.comparisonCount = comparisonCount
        self.bands = bands
        self.scorer = scorer
        status = []
        reason = []
        band = []
        best = []
        bestWeight = []
        second = []
        secondWeight = []
        bestProbability = []
        secondProbability = []
        bestLevels = []
        secondLevels = []
        candidatePairs = 0
        duplicate = []
    }

    /// Appends one left record's decision and its best and second candidates (absent: entity −1,
    /// weight −∞, probability 0, levels all null).
    package mutating func append(_ decision: Assignment.Decision, best first: ScoredCandidate?, second next: ScoredCandidate?) {
        status.append(decision.status)
        duplicate.append(decision.duplicate)
        reason.append(decision.reason)
        band.append(decision.band)
        best.append(first?.entity ?? -1)
        bestWeight.append(first?.weight ?? -.infinity)
        bestProbability.append(first?.probability ?? 0)
        second.append(next?.entity ?? -1)
        secondWeight.append(next?.weight ?? -.infinity)
        secondProbability.append(next?.probability ?? 0)
        if let first { bestLevels.append(contentsOf: first.levels) } else { bestLevels.append(contentsOf: repeatElement(0, count: comparisonCount)) }
        if let next { secondLevels.append(contentsOf: next.levels) } else { secondLevels.append(contentsOf: repeatElement(0, count: comparisonCount)) }
    }

    /// Appends the rows of `other` (the next chunk of left records) after these.
    package mutating func append(contentsOf other: LinkResult) {
        status += other.status
        reason += other.reason
        band += other.band
        best += other.best
        bestWeight += other.bestWeight
        second += other.second
        secondWeight += other.secondWeight
        bestProbability += other.bestProbability
        secondProbability += other.secondProbability
        bestLevels += other.bestLevels
        secondLevels += other.secondLevels
        candidatePairs += other.candidatePairs
        duplicate += other.duplicate
        clerical.merge(other.clerical) { $1 }
    }

    /// The band of clerical match decisions, when the run applied decisions.
    package var clericalBand: Int? { bands.lastIndex(where: \.isClerical) }

    package func levels(ofBest row: Int) -> ArraySlice<UInt8> { bestLevels[(row * comparisonCount)..<((row + 1) * comparisonCount)] }
    package func levels(ofSecond row: Int) -> ArraySlice<UInt8> { secondLevels[(row * comparisonCount)..<((row + 1) * comparisonCount)] }
}
