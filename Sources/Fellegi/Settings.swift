import LinkIO

/// Everything a linkage is configured by: the two sides, the comparisons and their levels, blocking
/// rules, training options and linking rules. Nothing is hard-wired: the built-in default is DID→HES
/// with the data-dictionary column names (`LinkSettings.didToHES`), and a settings file can describe
/// any pair of files (e.g. the FEBRL benchmark's names, addresses and birth dates).
///
/// The JSON form is documented key by key in `docs/settings.md`; `linkfit settings --default` prints
/// the default as a starting point. Loading validates every entry and reports every problem at once.
public struct LinkSettings: Sendable, Equatable {
    public static let schemaVersion = 1

    /// The records to link (e.g. DID), and the index they are linked to (e.g. HES).
    public var left: Side
    public var right: Side
    public var comparisons: [ComparisonSettings]
    public var blocking: BlockingSettings
    public var training: TrainingSettings
    public var linking: LinkingSettings

    public struct Side: Sendable, Equatable {
        /// A short name used in reports (`DID`, `HES`).
        public var name: String
        /// The id column: unique per record on the left; on the right, rows sharing an id are one
        /// entity (a HESID's address history) and are compared on their best level per comparison.
        public var idColumn: String
        /// Left side only: the record's own date (DID `TEST_DATE`); a birth date after it is invalid.
        /// Used when the column is present.
        public var recordDateColumn: String?

        public init(name: String, idColumn: String, recordDateColumn: String? = nil) {
            self.name = name
            self.idColumn = idColumn
            self.recordDateColumn = recordDateColumn
        }
    }

    public init(left: Side, right: Side, comparisons: [ComparisonSettings], blocking: BlockingSettings,
                training: TrainingSettings = TrainingSettings(), linking: LinkingSettings = LinkingSettings()) {
        self.left = left
        self.right = right
        self.comparisons = comparisons
        self.blocking = blocking
        self.training = training
        self.linking = linking
    }

    /// The index of the comparison named `name`.
    public func comparisonIndex(_ name: String) -> Int? { comparisons.firstIndex { $0.name == name } }

    /// The one comparison of `kind`, when there is exactly one.
    public func onlyComparison(of kind: ComparisonKind) -> Int? {
        let matches = comparisons.indices.filter { comparisons[$0].kind == kind }
        return matches.count == 1 ? matches[0] : nil
    }
}

/// The kinds of comparison linkfit knows. Each has a fixed ordered list of levels (level 0 is null).
public enum ComparisonKind: String, Sendable, Equatable, CaseIterable {
    /// exact / near (one substitution or adjacent transposition) / else, on valid NHS numbers.
    case nhsNumber = "nhs-number"
    /// exact / [exact placeholder] / day-month swapped / two of year, month, day / else.
    case date
    /// agree / disagree on 1 or 2.
    case sex
    /// unit / sector / district / area / else, on UK postcodes (`ZZ99` pseudo-postcodes are missing).
    case postcode
    /// exact / Jaro–Winkler ≥ each threshold / else, on standardised text.
    case jaroWinkler = "jaro-winkler"
    /// exact / else, on standardised text.
    case exact

    /// The parts of a standardised value a blocking key may use (`postcode.district`, `dob.year`).
    public var keyParts: [String] {
        switch self {
        case .nhsNumber, .sex, .exact: return []
        case .date: return ["year", "month-day"]
        case .postcode: return ["unit", "sector", "district", "area"]
        case .jaroWinkler: return ["first3"]
        }
    }
}

/// One comparison: which column on each side, the comparator, and its options.
public struct ComparisonSettings: Sendable, Equatable {
    /// Name used in blocking rules, reports and the model (`nhs_number`, `dob`).
    public var name: String
    public var kind: ComparisonKind
    public var leftColumn: String
    public var rightColumn: String
    /// Jaro–Winkler thresholds, strictly descending in (0, 1] (`jaro-winkler` kind; optional
    /// single threshold for `nhs-number` near agreement).
    public var thresholds: [Double]
    /// `date` kind: give exact agreement on a placeholder date (1 January, 1900-01-01) its own level.
    public var placeholderLevel: Bool
    /// Adjust exact agreement by the frequency of the agreed value (common values count for less).
    public var termFrequency: Bool

    public init(name: String, kind: ComparisonKind, left: String, right: String, thresholds: [Double] = [],
                placeholderLevel: Bool = true, termFrequency: Bool = false) {
        self.name = name
        self.kind = kind
        self.leftColumn = left
        self.rightColumn = right
        self.thresholds = thresholds
        self.placeholderLevel = placeholderLevel
        self.termFrequency = termFrequency
    }
}

/// Blocking: candidate pairs are the union of pairs agreeing exactly on every key of at least one rule.
public struct BlockingSettings: Sendable, Equatable {
    public var rules: [BlockingRule]
    /// Blocks (right-side rows sharing one key) larger than this are reported and skipped, never
    /// silently exploded into pairs.
    public var maxBlockSize: Int

    public init(rules: [BlockingRule], maxBlockSize: Int = 5_000) {
        self.rules = rules
        self.maxBlockSize = maxBlockSize
    }
}

/// A blocking rule: exact agreement on every key. Null keys never block.
public struct BlockingRule: Sendable, Equatable, CustomStringConvertible {
    public var keys: [BlockingKey]
    public init(_ keys: [BlockingKey]) { self.keys = keys }
    public var description: String { keys.map(\.description).joined(separator: " + ") }
}

/// A standardised field, or part of one: `dob`, `dob.year`, `postcode.district`.
public struct BlockingKey: Sendable, Equatable, CustomStringConvertible {
    public var comparison: String
    public var part: String?
    public init(_ comparison: String, _ part: String? = nil) {
        self.comparison = comparison
        self.part = part
    }
    public init(parsing text: String) {
        let pieces = text.split(separator: ".", maxSplits: 1).map(String.init)
        comparison = pieces.first ?? ""
        part = pieces.count > 1 ? pieces[1] : nil
    }
    public var description: String { part.map { "\(comparison).\($0)" } ?? comparison }
}

/// How the model is fitted (see `ModelTrainer`).
public struct TrainingSettings: Sendable, Equatable {
    public var seed: UInt64 = 1
    public var maxIterations: Int = 200
    /// Convergence: the largest absolute change of any m, u or λ in one iteration.
    public var tolerance: Double = 1e-6
    /// A stronger level never carries a smaller match weight than a weaker one.
    public var monotone: Bool = true
    /// Random pairs drawn to estimate u-probabilities of the non-exact levels.
    public var uSamplePairs: Int = 5_000_000
    /// A level seen fewer times than this among the random pairs gets a smoothed u and is reported.
    public var uMinimumLevelCount: Int = 100
    /// The deterministic rule for λ: candidate pairs agreeing exactly on all of these comparisons are
    /// counted as matches, and divided by the stated recall of the rule.
    public var lambdaRule: [String] = []
    public var lambdaRuleRecall: Double = 0.9
    /// Comparisons whose m-probabilities are given, not estimated: name → m per non-null level
    /// (strongest first, summing to 1). Held fixed in every EM session.
    public var fixM: [String: [Double]] = [:]
    /// Comparisons whose u-probabilities are given, not estimated from frequencies and sampling.
    public var fixU: [String: [Double]] = [:]

    public init() {}
}

/// How scores become links, ranks and review rows.
public struct LinkingSettings: Sendable, Equatable {
    /// No link below this match weight (bits); 0 means a match probability of one half.
    public var linkMinimumWeight: Double = 0
    /// Best candidates from here up to the lowest link band go to clerical review.
    public var reviewMinimumWeight: Double = -6
    /// A second candidate within this many bits of the best makes a near tie: not linked, reviewed.
    public var nearTieMargin: Double = 7
    /// The derived ladder's score-only rank 9 links a best candidate no ladder step accepts when its
    /// record-level match probability reaches this.
    public var scoreOnlyProbability: Double = 0.98
    /// Score bands (rank label, minimum weight, optional required levels). Empty: derive the national
    /// ladder from the fitted model (when the comparisons have the four DID→HES kinds), otherwise a
    /// single band `1` at `linkMinimumWeight`.
    public var bands: [MatchBand] = []
    /// Left-side columns left out of the link file (the identifying ones).
    public var dropColumns: [String] = []
    /// Evidence that conflicts: the first comparison agreeing at its strongest level while the second
    /// is at its weakest (else) level sends the best candidate to review.
    public var conflicts: [Conflict] = []

    public init() {}

    public struct Conflict: Sendable, Equatable {
        public var agrees: String
        public var disagrees: String
        public init(agrees: String, disagrees: String) {
            self.agrees = agrees
            self.disagrees = disagrees
        }
    }
}

/// A score band: pairs with weight ≥ `minimumWeight` (and, when `requires` is set, whose levels are
/// among the allowed ones for each named comparison) get rank `rank`.
public struct MatchBand: Sendable, Equatable {
    public var rank: String
    public var minimumWeight: Double
    /// When set, the record-level match probability (`Linker`) must also reach this.
    public var minimumProbability: Double?
    /// Comparison name → allowed levels. Empty: a pure score band.
    public var requires: [String: [Int]]
    /// What the band means, for people (`NHS number, DOB, sex and postcode agree`).
    public var meaning: String

    public init(rank: String, minimumWeight: Double, minimumProbability: Double? = nil, requires: [String: [Int]] = [:],
                meaning: String = "") {
        self.rank = rank
        self.minimumWeight = minimumWeight
        self.minimumProbability = minimumProbability
        self.requires = requires
        self.meaning = meaning
    }
}

extension LinkSettings {
    /// The built-in default: DID records linked to the HES patient index, with the data-dictionary
    /// column names.
    public static var didToHES: LinkSettings {
        var training = TrainingSettings()
        training.lambdaRule = ["nhs_number", "dob"]
        var linking = LinkingSettings()
        linking.dropColumns = ["NHS_NUMBER", "PERSON_BIRTH_DATE", "POSTCODE"]
        linking.conflicts = [.init(agrees: "nhs_number", disagrees: "dob")]
        return LinkSettings(
            left: Side(name: "DID", idColumn: "DID_ID", recordDateColumn: "TEST_DATE"),
            right: Side(name: "HES", idColumn: "HESID"),
            comparisons: [
                ComparisonSettings(name: "nhs_number", kind: .nhsNumber, left: "NHS_NUMBER", right: "NEWNHSNO"),
                ComparisonSettings(name: "dob", kind: .date, left: "PERSON_BIRTH_DATE", right: "DOB", termFrequency: true),
                ComparisonSettings(name: "sex", kind: .sex, left: "GENDER", right: "SEX"),
                ComparisonSettings(name: "postcode", kind: .postcode, left: "POSTCODE", right: "HOMEADD", termFrequency: true),
            ],
            blocking: BlockingSettings(rules: [
                BlockingRule([BlockingKey("nhs_number")]),
                BlockingRule([BlockingKey("dob"), BlockingKey("postcode", "district")]),
                BlockingRule([BlockingKey("postcode", "unit"), BlockingKey("dob", "year")]),
                // Not `dob + sex + postcode.area`: at national scale it made 85% of the candidate pairs
                // and almost no links (a pair it alone finds has no NHS number and only the area in
                // common: weight about −7), and its training session is not identifiable.
            ]),
            training: training,
            linking: linking)
    }
}
