/// What scoring and the one-to-one decision are built from, made once from a fitted model, the
/// right side's term frequencies and its entity count: `Linker` makes it from the right table; a
/// sharded job's score and assign steps from the tables file (`ShardTables`), so both decide with
/// the same parts.
package struct LinkingParts: Sendable {
    package let comparisons: [FieldComparison]
    package let scorer: Scorer
    /// The score bands (`MatchBands.bands`), without a clerical band.
    package let bands: [MatchBand]
    package let rules: AssignmentRules
    package let probability: RecordProbability
    /// The comparisons of `LinkingSettings.duplicateRule`, by index.
    package let duplicateRule: [Int]

    package init(model: FittedModel, frequencies: [TermFrequencies?], rightEntities: Int) throws {
        let settings = model.settings
        comparisons = try settings.comparisons.map(FieldComparison.init)
        scorer = Scorer(model: model, comparisons: comparisons, frequencies: frequencies)
        bands = MatchBands.bands(for: model, termFrequencies: frequencies)
        rules = AssignmentRules(settings: settings, comparisons: comparisons, bands: bands)
        probability = RecordProbability(model: model, scorer: scorer, rightEntities: rightEntities)
        duplicateRule = settings.linking.duplicateRule.compactMap(settings.comparisonIndex)
    }

    /// Whether two candidates are one person held twice (`LinkingSettings.duplicateRule`).
    package func samePerson(_ right: RecordTable) -> (ScoredCandidate, ScoredCandidate) -> Bool {
        { [duplicateRule] a, b in right.entitiesShareValues(Int(a.entity), Int(b.entity), on: duplicateRule) }
    }

    /// Whether the first candidate's id sorts before the second's, bytewise.
    package static func sortsFirst(_ right: RecordTable) -> (ScoredCandidate, ScoredCandidate) -> Bool {
        { a, b in right.ids.withBytes(Int(a.entity)) { x in right.ids.withBytes(Int(b.entity)) { y in x.lexicographicallyPrecedes(y) } } }
    }
}
