import Comparators
import Testing

// Day numbers worked in CivilDaysTests: 1987-06-15 = 6374 (1987-01-01 = 17·365 + 4 leap days = 6209,
// + 151 days Jan–May + 14); 1900-01-01 = −25567; 1895-01-01 = −27393; 2020-02-29 = 18321;
// 2000-02-29 = 11016 (2000-03-01 = 11017 − 1); 1987-01-01 = 6209; 1895-01-02 = −27392;
// 2024-03-31 = 19813 (the reference date).
@Suite struct CalendarDateTests {
    static func date(_ days: Int32, placeholder: Bool = false) -> Standardised<CalendarDate> {
        let date = CalendarDate(days: days)
        precondition(date.isPlaceholder == placeholder, "test table inconsistent")
        return .value(date)
    }

    static let cases: [ParseCase<CalendarDate>] = [
        .init("ISO YYYY-MM-DD", "1987-06-15", date(6374)),
        .init("compact YYYYMMDD", "19870615", date(6374)),
        .init("UK DD/MM/YYYY", "15/06/1987", date(6374)),
        .init("surrounding whitespace", " 15/06/1987 ", date(6374)),
        .init("leap day 2020", "2020-02-29", date(18_321)),
        .init("leap day 2000 (divisible by 400)", "29/02/2000", date(11_016)),
        .init("reference date itself", "2024-03-31", date(19_813)),
        .init("earliest plausible, 1 Jan: placeholder kept", "1895-01-01", date(-27_393, placeholder: true)),
        .init("day after earliest", "1895-01-02", date(-27_392)),
        .init("1900-01-01 placeholder kept", "1900-01-01", date(-25_567, placeholder: true)),
        .init("1 January of any year placeholder kept", "01/01/1987", date(6209, placeholder: true)),
        .init("empty", "", .missing(.blank)),
        .init("only whitespace", " \t ", .missing(.blank)),
        .init("31 February", "31/02/2020", .missing(.malformed)),
        .init("29 February in a common year", "2019-02-29", .missing(.malformed)),
        .init("29 February 1900 (century, not leap)", "19000229", .missing(.malformed)),
        .init("month 13", "2020-13-01", .missing(.malformed)),
        .init("month 0", "2020-00-10", .missing(.malformed)),
        .init("day 0", "00/06/1987", .missing(.malformed)),
        .init("slashes in ISO order", "1987/06/15", .missing(.malformed)),
        .init("two-digit year", "15/06/87", .missing(.malformed)),
        .init("unpadded month", "1987-6-15", .missing(.malformed)),
        .init("US order dashes", "06-15-1987", .missing(.malformed)),
        .init("letters", "15-JUN-1987", .missing(.malformed)),
        .init("space inside", "1987 06 15", .missing(.malformed)),
        .init("too long", "1987-06-150", .missing(.malformed)),
        .init("day before earliest", "1894-12-31", .missing(.outOfRange)),
        .init("day after reference", "2024-04-01", .missing(.outOfRange)),
        .init("1800-01-01: out of range and 1 Jan → placeholder", "1800-01-01", .missing(.placeholder)),
        .init("future 1 January → placeholder", "2030-01-01", .missing(.placeholder)),
    ]

    @Test(arguments: cases)
    func standardise(_ row: ParseCase<CalendarDate>) {
        #expect(CalendarDate.standardise(row.input.utf8, latest: referenceDate) == row.expected)
    }

    @Test func civilInitialiserRejectsImpossibleDays() {
        #expect(CalendarDate(year: 2020, month: 2, day: 30) == nil)
        #expect(CalendarDate(year: 2021, month: 4, day: 31) == nil)
        #expect(CalendarDate(year: 2021, month: 4, day: 30)?.description == "2021-04-30")
        #expect(CalendarDate(year: 1900, month: 1, day: 1)?.isPlaceholder == true)
        #expect(CalendarDate(year: 1900, month: 1, day: 2)?.isPlaceholder == false)
        #expect(CalendarDate.earliestPlausibleBirth.description == "1895-01-01")
    }

    @Test func earliestBoundIsAParameter() {
        let earliest = CalendarDate(days: 0)  // 1970-01-01
        #expect(CalendarDate.standardise("1969-12-31".utf8, earliest: earliest, latest: referenceDate) == .missing(.outOfRange))
        #expect(CalendarDate.standardise("1970-01-02".utf8, earliest: earliest, latest: referenceDate) == .value(CalendarDate(days: 1)))
    }
}
