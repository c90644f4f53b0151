import Comparators
import Testing

@Suite struct DateComparatorTests {
    static func standardised(_ text: String) -> Standardised<CalendarDate> {
        CalendarDate.standardise(text.utf8, latest: referenceDate)
    }

    /// Levels with the separate placeholder level (the default).
    static let withPlaceholderLevel: [LevelCase] = [
        .init("exact, different formats", "1987-06-15", "15/06/1987", 1, "exact"),
        .init("twins share a birth date", "2001-09-30", "20010930", 1, "exact"),
        .init("exact on 1900-01-01", "1900-01-01", "01/01/1900", 2, "exact-placeholder"),
        .init("exact on 1 January", "1987-01-01", "1987-01-01", 2, "exact-placeholder"),
        .init("day and month swapped", "1987-06-05", "1987-05-06", 3, "day-month-swapped"),
        .init("swapped, UK vs ISO order", "05/06/1987", "1987-05-06", 3, "day-month-swapped"),
        .init("year off by one", "1987-06-15", "1988-06-15", 4, "two-of-three"),
        .init("day digit mistyped", "1987-06-15", "1987-06-16", 4, "two-of-three"),
        .init("month wrong", "1987-06-15", "1987-07-15", 4, "two-of-three"),
        .init("1 January vs a date of its year (month agrees too)", "1987-01-01", "1987-01-15", 5, "placeholder-year"),
        .init("1 January vs a date of its year", "1970-01-01", "1970-12-07", 5, "placeholder-year"),
        .init("a date vs 1 January of its year", "2014-09-02", "01/01/2014", 5, "placeholder-year"),
        .init("1 January vs another year's date", "1970-01-01", "1952-03-25", 6, "else"),
        .init("1 January vs 1 January of another year", "1970-01-01", "1971-01-01", 4, "two-of-three"),
        .init("1 January vs another year's January", "1970-01-01", "1952-01-25", 6, "else"),
        .init("1900-01-01 (not known) vs a real date", "1900-01-01", "1927-08-21", 0, "null"),
        .init("a real date vs 1900-01-01", "1990-01-20", "1900-01-01", 0, "null"),
        .init("1900-01-01 vs 1 January of another year", "1900-01-01", "1901-01-01", 0, "null"),
        .init("swapped and year wrong", "1987-06-05", "1988-05-06", 6, "else"),
        .init("only the year agrees", "1987-06-15", "1987-07-16", 6, "else"),
        .init("nothing agrees", "1987-06-15", "1990-01-20", 6, "else"),
        .init("malformed on one side", "31/02/1987", "1987-02-28", 0, "null"),
        .init("out of range on one side", "1987-06-15", "2099-06-15", 0, "null"),
        .init("1800-01-01 sentinel on one side", "1800-01-01", "1800-01-01", 0, "null"),
        .init("blank", "", "1987-06-15", 0, "null"),
    ]

    @Test(arguments: withPlaceholderLevel)
    func levelsWithPlaceholderLevel(_ row: LevelCase) {
        let comparator = DateComparator()
        #expect(comparator.levelLabels == ["null", "exact", "exact-placeholder", "day-month-swapped", "two-of-three", "placeholder-year", "else"])
        let level = comparator.level(Self.standardised(row.left), Self.standardised(row.right))
        #expect(level == row.level)
        #expect(comparator.levelLabels[level] == row.label)
    }

    /// Without the placeholder level 1 January is a date like any other; 1900-01-01 still says nothing.
    static let withoutPlaceholderLevel: [LevelCase] = [
        .init("exact", "1987-06-15", "15/06/1987", 1, "exact"),
        .init("exact on 1900-01-01", "1900-01-01", "01/01/1900", 1, "exact"),
        .init("day and month swapped", "1987-06-05", "1987-05-06", 2, "day-month-swapped"),
        .init("year off by one", "1987-06-15", "1988-06-15", 3, "two-of-three"),
        .init("nothing agrees", "1987-06-15", "1990-01-20", 4, "else"),
        .init("1 January vs a date of its year and month", "1987-01-01", "1987-01-15", 3, "two-of-three"),
        .init("1 January vs a date of its year", "1970-01-01", "1970-12-07", 4, "else"),
        .init("1900-01-01 vs a real date", "1900-01-01", "1927-08-21", 0, "null"),
        .init("blank", "1987-06-15", "", 0, "null"),
    ]

    @Test(arguments: withoutPlaceholderLevel)
    func levelsWithoutPlaceholderLevel(_ row: LevelCase) {
        let comparator = DateComparator(separatePlaceholderLevel: false)
        #expect(comparator.levelLabels == ["null", "exact", "day-month-swapped", "two-of-three", "else"])
        let level = comparator.level(Self.standardised(row.left), Self.standardised(row.right))
        #expect(level == row.level)
        #expect(comparator.levelLabels[level] == row.label)
    }
}
