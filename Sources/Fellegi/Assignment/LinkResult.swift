import Foundation
import LinkIO

/// The outcome for every left record, by row: the best and second-best candidate and the decision.
public struct LinkResult: Sendable {
    public let comparisonCount: Int
    public let bands: [MatchBand]
    /// The weights used (with the right side's term frequencies), for writing review rows.
    public let scorer: Scorer
    public var status: [LinkStatus]
    public var reason: [ReviewReason]
    /// Band index for linked records (-1 otherwise).
    public var band: [Int8]
    /// Best and second-best entity (-1 when none) and their weights.
    public var best: [Int32]
    public var bestWeight: [Double]
    public var second: [Int32]
    public var secondWeight: [Double]
    /// Record-level probability that the best (second) candidate is the record's match.
    public var bestProbability: [Double]
    public var secondProbability: [Double]
    /// Levels of the best and second candidates: `K` per row.
    public var bestLevels: [UInt8]
    public var secondLevels: [UInt8]
    public var candidatePairs: Int
    /// The best's other id when the record's two best candidates are one person held twice (-1: none).
    public var duplicate: [Int32]

    public var count: Int { status.count }

    /// An empty result, to be filled row by row.
    public init(comparisonCount: Int, bands: [MatchBand], scorer: Scorer) {
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
    public mutating func append(_ decision: Assignment.Decision, best first: ScoredCandidate?, second next: ScoredCandidate?) {
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
    public mutating func append(contentsOf other: LinkResult) {
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
    }

    public func levels(ofBest row: Int) -> ArraySlice<UInt8> { bestLevels[(row * comparisonCount)..<((row + 1) * comparisonCount)] }
    public func levels(ofSecond row: Int) -> ArraySlice<UInt8> { secondLevels[(row * comparisonCount)..<((row + 1) * comparisonCount)] }
}
