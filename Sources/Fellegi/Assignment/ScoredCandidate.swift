/// One candidate entity of a left record as the one-to-one decision sees it: its match weight, its
/// record-level match probability and its level per comparison (0 = null, 1 = strongest).
package struct ScoredCandidate: Sendable, Equatable {
    package var entity: Int32
    /// Match weight in bits (`Scorer.weight`).
    package var weight: Double
    /// Record-level probability that this entity is the record's match (`RecordProbability`).
    package var probability: Double
    /// Level per comparison, in settings order.
    package var levels: ArraySlice<UInt8>

    package init(entity: Int32, weight: Double, probability: Double, levels: ArraySlice<UInt8>) {
        self.entity = entity
        self.weight = weight
        self.probability = probability
        self.levels = levels
    }
}

/// A left record's three best candidates by match weight (absent: fewer candidates).
package struct RankedCandidates: Sendable, Equatable {
    package var best: ScoredCandidate?
    package var second: ScoredCandidate?
    package var third: ScoredCandidate?

    package init(best: ScoredCandidate?, second: ScoredCandidate? = nil, third: ScoredCandidate? = nil) {
        self.best = best
        self.second = second
        self.third = third
    }
}
