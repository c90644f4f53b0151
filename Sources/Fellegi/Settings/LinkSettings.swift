import LinkIO

/// Everything a linkage is configured by: the two sides, the comparisons and their levels, blocking
/// rules, training options and linking rules. Nothing is hard-wired: the built-in default is DID→HES
/// with the data-dictionary column names (`LinkSettings.didToHES`), and a settings file can describe
/// any pair of files (e.g. the FEBRL benchmark's names, addresses and birth dates).
///
/// The JSON form is documented key by key in `docs/settings.md`; `linkfit settings --default` prints
/// the default as a starting point. Loading validates every entry and reports every problem at once.
package struct LinkSettings: Sendable, Equatable {
    package static let schemaVersion = 1

    /// The records to link (e.g. DID), and the index they are linked to (e.g. HES).
    package var left: Side
    package var right: Side
    package var comparisons: [ComparisonSettings]
    package var blocking: BlockingSettings
    package var training: TrainingSettings
    package var linking: LinkingSettings

    package struct Side: Sendable, Equatable {
        /// A short name used in reports (`DID`, `HES`).
        package var name: String
        /// The id column: unique per record on the left; on the right, rows sharing an id are one
        /// entity (a HESID's address history) and are compared on their best level per comparison.
        package var idColumn: String
        /// Left side only: the record's own date (DID `TEST_DATE`); a birth date after it is invalid.
        /// Used when the column is present.
        package var recordDateColumn: String?
        /// Right side only: the name links.csv and review.csv give the linked id, when it is not the id
        /// column's own name (both files' id columns may share a name, as FEBRL's `rec_id` does).
        package var linkColumnName: String?

        /// The column links.csv and review.csv give this side's id: `linkColumnName`, else `idColumn`.
        package var linkColumn: String { linkColumnName ?? idColumn }

        package init(name: String, idColumn: String, recordDateColumn: String? = nil, linkColumnName: String? = nil) {
            self.name = name
            self.idColumn = idColumn
            self.recordDateColumn = recordDateColumn
            self.linkColumnName = linkColumnName
        }
    }

    package init(left: Side, right: Side, comparisons: [ComparisonSettings], blocking: BlockingSettings,
                training: TrainingSettings = TrainingSettings(), linking: LinkingSettings = LinkingSettings()) {
        self.left = left
        self.right = right
        self.comparisons = comparisons
        self.blocking = blocking
        self.training = training
        self.linking = linking
    }

    /// The index of the comparison named `name`.
    package func comparisonIndex(_ name: String) -> Int? { comparisons.firstIndex { $0.name == name } }

    /// The one comparison of `kind`, when there is exactly one.
    package func onlyComparison(of kind: ComparisonKind) -> Int? {
        let matches = comparisons.indices.filter { comparisons[$0].kind == kind }
        return matches.count == 1 ? matches[0] : nil
    }
}
