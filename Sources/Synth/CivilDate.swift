/// Calendar dates as integer day numbers (days since 1970-01-01, proleptic Gregorian), so that the
/// generator's hot loops never touch `Date` or `Calendar`.
///
/// The conversions are Howard Hinnant's `days_from_civil` / `civil_from_days` algorithms.
enum CivilDate {
    /// The day number of `year-month-day`. Does not validate; see `isValid`.
    static func day(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let shiftedMonth = (month + 9) % 12
        let dayOfYear = (153 * shiftedMonth + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The (year, month, day) of a day number.
    static func civil(_ dayNumber: Int) -> (year: Int, month: Int, day: Int) {
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        let y = yearOfEra + era * 400
        return (month <= 2 ? y + 1 : y, month, day)
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
