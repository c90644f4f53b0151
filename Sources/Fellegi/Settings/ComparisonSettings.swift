import Comparators

/// The kinds of comparison linkfit knows. Each has a fixed ordered list of levels (level 0 is null).
package enum ComparisonKind: String, Sendable, Equatable, CaseIterable {
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

    /// The parts of a standardised value a blocking key may use besides the whole value
    /// (`postcode.district`, `dob.year`).
    package var keyParts: [ValuePart] {
        switch self {
        case .nhsNumber, .sex, .exact: return []
        case .date: return [.year, .monthDay]
        case .postcode: return [.unit, .sector, .district, .area]
        case .jaroWinkler: return [.first3]
        }
    }
}

/// One comparison: which column on each side, the comparator, and its options.
package struct ComparisonSettings: Sendable, Equatable {
    /// Name used in blocking rules, reports and the model (`nhs_number`, `dob`).
    package var name: String
    package var kind: ComparisonKind
    package var leftColumn: String
    package var rightColumn: String
    /// Jaro–Winkler thresholds, strictly descending in (0, 1] (`jaro-winkler` kind; optional
    /// single threshold for `nhs-number` near agreement).
    package var thresholds: [Double]
    /// `date` kind: give exact agreement on a placeholder date (1 January, 1900-01-01) its own level.
    package var placeholderLevel: Bool
    /// Adjust exact agreement by the frequency of the agreed value (common values count for less).
    package var termFrequency: Bool

    package init(name: String, kind: ComparisonKind, left: String, right: String, thresholds: [Double] = [],
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
