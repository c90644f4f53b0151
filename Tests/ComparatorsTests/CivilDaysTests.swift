import Comparators
import Foundation
import Testing

// Known day numbers (days since 1970-01-01), worked by hand:
//   2000-03-01: 2000-01-01 is 10957 (30·365 + 7 leap days 72…96) + 31 + 29 = 11017.
//   1900-01-01: 70 years back, 17 leap days (1904…1968) → −(70·365 + 17) = −25567.
//   1895-01-01: 5 more years, 1 leap (1896) → −25567 − 1826 = −27393.
//   1800-01-01: 100 more years, 24 leap days (1804…1896; 1800 and 1900 are not) → −25567 − 36524 = −62091.
//   2020-02-29: 2020-01-01 is 18262 (50·365 + 12 leap days) + 31 + 28 = 18321.
//   0000-03-01: Hinnant's era origin → −719468.
@Suite struct CivilDaysTests {
    struct Known: Sendable, CustomTestStringConvertible {
        var year: Int32, month: Int32, day: Int32, days: Int32
        var testDescription: String { "\(year)-\(month)-\(day)" }
    }

    static let known: [Known] = [
        .init(year: 1970, month: 1, day: 1, days: 0),
        .init(year: 1969, month: 12, day: 31, days: -1),
        .init(year: 2000, month: 3, day: 1, days: 11_017),
        .init(year: 1900, month: 1, day: 1, days: -25_567),
        .init(year: 1895, month: 1, day: 1, days: -27_393),
        .init(year: 1800, month: 1, day: 1, days: -62_091),
        .init(year: 2020, month: 2, day: 29, days: 18_321),
        .init(year: 0, month: 3, day: 1, days: -719_468),
    ]

    @Test(arguments: known)
    func knownDayNumbers(_ row: Known) {
        #expect(CivilDays.days(year: row.year, month: row.month, day: row.day) == row.days)
        let civil = CivilDays.civil(row.days)
        #expect(civil.year == row.year && civil.month == row.month && civil.day == row.day)
    }

    @Test func leapYears() {
        #expect(CivilDays.isLeapYear(2000) && CivilDays.isLeapYear(2020) && CivilDays.isLeapYear(1896))
        #expect(!CivilDays.isLeapYear(1900) && !CivilDays.isLeapYear(2019) && !CivilDays.isLeapYear(1800))
        #expect(CivilDays.daysInMonth(year: 2020, month: 2) == 29)
        #expect(CivilDays.daysInMonth(year: 1900, month: 2) == 28)
        #expect(CivilDays.daysInMonth(year: 2021, month: 4) == 30)
    }

    /// Independent check: Foundation's Gregorian calendar, for every 1st and 28th of each month from
    /// 1800 to 2100, and the round trip for every day in between.
    @Test func agreesWithFoundationCalendar() throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = try #require(TimeZone(identifier: "UTC"))
        for year in Int32(1800)...2100 {
            for month in Int32(1)...12 {
                for day in [Int32(1), 28] {
                    let components = DateComponents(year: Int(year), month: Int(month), day: Int(day))
                    let date = try #require(calendar.date(from: components))
                    let expected = Int32((date.timeIntervalSince1970 / 86_400).rounded(.down))
                    #expect(CivilDays.days(year: year, month: month, day: day) == expected)
                }
            }
        }
        let first = CivilDays.days(year: 1800, month: 1, day: 1)
        let last = CivilDays.days(year: 2100, month: 12, day: 31)
        var previous = CivilDays.civil(first - 1)
        for days in first...last {
            let civil = CivilDays.civil(days)
            #expect(CivilDays.days(year: civil.year, month: civil.month, day: civil.day) == days)
            // Each day follows the previous one: same month and day + 1, or the 1st after the month's last day.
            let follows = (civil.year == previous.year && civil.month == previous.month && civil.day == previous.day + 1)
                || (civil.day == 1 && previous.day == CivilDays.daysInMonth(year: previous.year, month: previous.month))
            if !follows { Issue.record("day \(days) does not follow the previous day") }
            previous = civil
        }
    }
}
