/// Compares two standardised dates of birth: exact / [exact, placeholder date] / day and month
/// swapped / two of year, month, day agree / else.
///
/// Levels: 0 null, 1 exact; then, when `separatePlaceholderLevel` is on, "exact-placeholder" for an
/// exact agreement on a placeholder date (1 January: weak evidence, so the model can weigh it apart);
/// then "day-month-swapped" (same year, day and month exchanged, as the NHS algorithm allows), then
/// "two-of-three" (two of year, month, day agree: one component mistyped), then else. Together the
/// swapped and two-of-three levels are the national algorithm's "partial DOB".
///
/// What the levels imply for the parts a blocking key may use: both exact levels agree on the whole
/// date, its year and its month-day; day-month-swapped agrees on the year only; two-of-three agrees
/// on the year in 2 of 3 cases and on month-day in 1 of 3 (taking each of year, month and day as
/// equally likely to be the one that differs).
public struct DateComparator: FieldComparator {
    public typealias Value = CalendarDate

    public let separatePlaceholderLevel: Bool
    public let levels: [ComparisonLevel]

    static let exact = ComparisonLevel("exact", agreeing: [.whole: 1, .year: 1, .monthDay: 1])
    static let exactPlaceholder = ComparisonLevel("exact-placeholder", agreeing: [.whole: 1, .year: 1, .monthDay: 1])
    static let dayMonthSwapped = ComparisonLevel("day-month-swapped", agreeing: [.year: 1])
    static let twoOfThree = ComparisonLevel("two-of-three", agreeing: [.year: 2.0 / 3, .monthDay: 1.0 / 3])
    static let disagree = ComparisonLevel("else")

    public init(separatePlaceholderLevel: Bool = true) {
        self.separatePlaceholderLevel = separatePlaceholderLevel
        levels = [.null, Self.exact] + (separatePlaceholderLevel ? [Self.exactPlaceholder] : [])
            + [Self.dayMonthSwapped, Self.twoOfThree, Self.disagree]
    }

    /// - Complexity: O(1): two civil-date conversions at most.
    public func level(_ a: CalendarDate, _ b: CalendarDate) -> Int {
        if a.days == b.days { return separatePlaceholderLevel && a.isPlaceholder ? 2 : 1 }
        let offset = separatePlaceholderLevel ? 1 : 0
        let x = a.civil
        let y = b.civil
        // Different dates with the same year and crossed day/month necessarily have day ≠ month.
        if x.year == y.year && x.month == y.day && x.day == y.month { return 2 + offset }
        let agreeing = (x.year == y.year ? 1 : 0) + (x.month == y.month ? 1 : 0) + (x.day == y.day ? 1 : 0)
        return agreeing >= 2 ? 3 + offset : 4 + offset
    }
}
