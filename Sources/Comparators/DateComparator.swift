/// Compares two standardised dates of birth: exact / [exact, placeholder date] / day and month
/// swapped / two of year, month, day agree / [a 1 January date and the year] / else.
///
/// Levels: 0 null, 1 exact; then, when `separatePlaceholderLevel` is on, "exact-placeholder" for an
/// exact agreement on a placeholder date (1 January: weak evidence, so the model can weigh it apart);
/// then "day-month-swapped" (same year, day and month exchanged, as the NHS algorithm allows), then
/// "two-of-three" (two of year, month, day agree: one component mistyped), then, with the placeholder
/// level, "placeholder-year", then else. Together the swapped, two-of-three and placeholder-year
/// levels are the national algorithm's "partial DOB".
///
/// With the placeholder level, a 1 January date is read for what it says: at least the year.
/// Suppliers write 1 January when only the year is known, so against another date of the same year
/// it is "placeholder-year" (whatever the month and day); against a date of another year it compares
/// as any date does (two-of-three against 1 January of another year, a New Year's Day birthday with
/// its year mistyped; else otherwise: the year contradicts). 1900-01-01 is the "not known" date
/// itself (`notKnown`): against any other date it says nothing (null). Without the placeholder
/// level, 1 January is a date like any other (1900-01-01 still says nothing).
///
/// What the levels imply for the parts a blocking key may use: both exact levels agree on the whole
/// date, its year and its month-day; day-month-swapped and placeholder-year agree on the year only;
/// two-of-three agrees on the year in 2 of 3 cases and on month-day in 1 of 3 (taking each of year,
/// month and day as equally likely to be the one that differs).
public struct DateComparator: FieldComparator {
    public typealias Value = CalendarDate

    public let separatePlaceholderLevel: Bool
    public let levels: [ComparisonLevel]

    static let exact = ComparisonLevel("exact", agreeing: [.whole: 1, .year: 1, .monthDay: 1])
    static let exactPlaceholder = ComparisonLevel("exact-placeholder", agreeing: [.whole: 1, .year: 1, .monthDay: 1])
    static let dayMonthSwapped = ComparisonLevel("day-month-swapped", agreeing: [.year: 1])
    static let twoOfThree = ComparisonLevel("two-of-three", agreeing: [.year: 2.0 / 3, .monthDay: 1.0 / 3])
    static let placeholderYear = ComparisonLevel("placeholder-year", agreeing: [.year: 1])
    static let disagree = ComparisonLevel("else")

    /// 1900-01-01: the commonest "not known" birth date, which says nothing against another date.
    public static let notKnown = CalendarDate(days: -25_567)

    public init(separatePlaceholderLevel: Bool = true) {
        self.separatePlaceholderLevel = separatePlaceholderLevel
        levels = [.null, Self.exact] + (separatePlaceholderLevel ? [Self.exactPlaceholder] : [])
            + [Self.dayMonthSwapped, Self.twoOfThree] + (separatePlaceholderLevel ? [Self.placeholderYear] : []) + [Self.disagree]
    }

    /// - Complexity: O(1): two civil-date conversions at most.
    public func level(_ a: CalendarDate, _ b: CalendarDate) -> Int {
        if a.days == b.days { return separatePlaceholderLevel && a.isPlaceholder ? 2 : 1 }
        if a.days == Self.notKnown.days || b.days == Self.notKnown.days { return 0 }
        let x = a.civil
        let y = b.civil
        let offset = separatePlaceholderLevel ? 1 : 0
        if separatePlaceholderLevel, x.year == y.year, (x.month == 1 && x.day == 1) || (y.month == 1 && y.day == 1) { return 5 }
        // Different dates with the same year and crossed day/month necessarily have day ≠ month.
        if x.year == y.year && x.month == y.day && x.day == y.month { return 2 + offset }
        let agreeing = (x.year == y.year ? 1 : 0) + (x.month == y.month ? 1 : 0) + (x.day == y.day ? 1 : 0)
        return agreeing >= 2 ? 3 + offset : 4 + 2 * offset
    }
}
