/// What the one-to-one decision needs from the settings and the model, resolved to comparison
/// indices once per run (`Assignment.decide`).
package struct AssignmentRules: Sendable {
    /// A conflict: the best pair agrees at the strongest level on `agrees` (the NHS number) while
    /// other evidence contradicts it (`LinkingSettings.Conflict`).
    package struct Conflict: Sendable, Equatable {
        package var agrees: Int
        package var disagrees: Int
        package init(agrees: Int, disagrees: Int) {
            self.agrees = agrees
            self.disagrees = disagrees
        }
    }

    /// Below this best weight a record is unlinked (`LinkingSettings.reviewMinimumWeight`).
    package var reviewMinimumWeight: Double
    /// A second candidate within this many bits of the best is a near tie (`nearTieMargin`).
    package var nearTieMargin: Double
    /// A candidate at or above this weight is a match in its own right (`linkMinimumWeight`).
    package var linkMinimumWeight: Double
    package var conflicts: [Conflict]
    /// Per comparison, its else (disagreement) level: the last one.
    package var elseLevels: [Int]
    /// The score bands in rank order (`MatchBands.bands`).
    package var bands: [ResolvedBand]

    package init(
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
    package init(settings: LinkSettings, comparisons: [FieldComparison], bands: [MatchBand]) {
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
