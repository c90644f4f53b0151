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

    public var count: Int { status.count }

    public func levels(ofBest row: Int) -> ArraySlice<UInt8> { bestLevels[(row * comparisonCount)..<((row + 1) * comparisonCount)] }
    public func levels(ofSecond row: Int) -> ArraySlice<UInt8> { secondLevels[(row * comparisonCount)..<((row + 1) * comparisonCount)] }
}
