import Comparators

/// Calendar dates as integer day numbers (days since 1970-01-01, proleptic Gregorian), so that the
/// generator's hot loops never touch `Date` or `Calendar`: `Int` views of `CivilDays`.
enum CivilDate {
    /// The day number of `year-month-day`. Does not validate; see `isValid`.
    static func day(year: Int, month: Int, day: Int) -> Int {
        Int(CivilDays.days(year: Int32(year), month: Int32(month), day: Int32(day)))
    }

    /// The (year, month, day) of a day number.
    static func civil(_ dayNumber: Int) -> (year: Int, month: Int, day: Int) {
        let civil = CivilDays.civil(Int32(dayNumber))
        return (Int(civil.year), Int(civil.month), Int(civil.day))
    }

    /// True when the three numbers name a real calendar day.
    static func isValid(year: Int, month: Int, day: Int) -> Bool {
        guard (1...12).contains(month), (1...31).contains(day) else { return false }
        let civil = civil(Self.day(year: year, month: month, day: day))
        return civil.year == year && civil.month == month && civil.day == day
    }
}

/// How a source system writes dates: ISO `YYYY-MM-DD`, UK `DD/MM/YYYY`, or compact `YYYYMMDD`.
enum DateStyle: UInt8, Sendable {
    case iso, dayMonthYear, compact
}
