import LinkIO

/// How scores become links, ranks and review rows.
package struct LinkingSettings: Sendable, Equatable {
    /// No link below this match weight (bits); 0 means a match probability of one half.
    package var linkMinimumWeight: Double = 0
    /// Best candidates from here up to the lowest link band go to clerical review.
    package var reviewMinimumWeight: Double = -6
    /// A second candidate within this many bits of the best makes a near tie: not linked, reviewed.
    package var nearTieMargin: Double = 7
    /// The derived ladder's score-only rank 9 links a best candidate no ladder step accepts when its
    /// record-level match probability reaches this.
    package var scoreOnlyProbability: Double = 0.98
    /// Score bands (rank label, minimum weight, optional required levels). Empty: derive the national
    /// ladder from the fitted model (when the comparisons have the four DID→HES kinds), otherwise a
    /// single band `1` at `linkMinimumWeight`.
    package var bands: [MatchBand] = []
    /// Left-side columns left out of the link file (the identifying ones).
    package var dropColumns: [String] = []
    /// Left-side columns that a comparison reads and that the link file still carries. Every other
    /// compared column is left out of links.csv whatever `dropColumns` says: keeping one is a
    /// decision the settings state by name (the default keeps `GENDER`, as the national file does).
    package var keepComparedColumns: [String] = []
    /// Evidence that conflicts: the first comparison agreeing at its strongest level while the second
    /// is at its weakest (else) level sends the best candidate to review.
    package var conflicts: [Conflict] = []
    /// Comparisons on which two right entities holding the same present value (not a placeholder)
    /// are one person held twice (two live HESIDs with one NHS number and birth date): two such
    /// candidates are not a near tie. Twins differ on the NHS number, so they still are. Empty: off.
    package var duplicateRule: [String] = []

    package init() {}

    package struct Conflict: Sendable, Equatable {
        package var agrees: String
        package var disagrees: String
        package init(agrees: String, disagrees: String) {
            self.agrees = agrees
            self.disagrees = disagrees
        }
    }
}
