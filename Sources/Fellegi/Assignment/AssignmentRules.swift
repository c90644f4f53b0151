/// What the one-to-one decision needs from the settings and the model, resolved to comparison
/// indices once per run (`Assignment.decide`).
public struct AssignmentRules: Sendable {
    /// A conflict: the best pair agrees at the strongest level on `agrees` (the NHS number) while
    /// other evidence contradicts it (`LinkingSettings.Conflict`).
    public struct Conflict: Sendable, Equatable {
        public var agrees: Int
        public var disagrees: Int
        public init(agrees: Int, disagrees: Int) {
            self.agrees = agrees
            self.disagrees = disagrees
        }
    }

    /// Below this best weight a record is unlinked (`LinkingSettings.reviewMinimumWeight`).
    public var reviewMinimumWeight: Double
    /// A second candidate within this many bits of the best is a near tie (`nearTieMargin`).
    public var nearTieMargin: Double
    /// A candidate at or above this weight is a match in its own right (`linkMinimumWeight`).
    public var linkMinimumWeight: Double
    public var conflicts: [Conflict]
    /// Per comparison, its else (disagreement) level: the last one.
    public var elseLevels: [Int]
    /// The score bands in rank order (`MatchBands.bands`).
    public var bands: [ResolvedBand]

    public init(
        reviewMinimumWeight: Double, nearTieMargin: Double, linkMinimumWeight: Double, conflicts: [Conflict], elseLevels: [Int],
        bands: [ResolvedBand]
    ) {
        self.reviewMinimumWeight = reviewMinimumWeight
        self.nearTieMargin = nearTieMargin
        self.linkMinimumWeight = linkMinimumWeight
        self.conflicts = conflicts
        self.elseLevels = elseLevels
        self.bands = bands
    }

    /// The rules of `settings` for `comparisons` and `bands`; conflicts naming an unknown comparison
    /// are dropped (settings loading already reports them).
    public init(settings: LinkSettings, comparisons: [FieldComparison], bands: [MatchBand]) {
        let linking = settings.linking
        self.init(
            reviewMinimumWeight: linking.reviewMinimumWeight, nearTieMargin: linking.nearTieMargin,
            linkMinimumWeight: linking.linkMinimumWeight,
            conflicts: linking.conflicts.compactMap { conflict in
                guard let a = settings.comparisonIndex(conflict.agrees), let b = settings.comparisonIndex(conflict.disagrees) else { return nil }
                return Conflict(agrees: a, disagrees: b)
            },
            elseLevels: comparisons.map { $0.levelCount - 1 },
            bands: bands.map { ResolvedBand($0, settings: settings) })
    }
}
