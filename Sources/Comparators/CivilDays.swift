/// Conversions between proleptic Gregorian civil dates and day numbers (days since 1970-01-01).
///
/// Algorithms `days_from_civil` and `civil_from_days` from Howard Hinnant, "chrono-Compatible
/// Low-Level Date Algorithms" (2013, howardhinnant.github.io/date_algorithms.html): the year is
/// shifted to start on 1 March so the leap day falls last, then split into 400-year eras of 146,097
/// days. Exact for every date whose day number fits in `Int32`.
public enum CivilDays {
    /// Day number of `year`-`month`-`day` (month 1...12, day 1...31; the caller checks the day exists).
    ///
    /// - Complexity: O(1), integer arithmetic only.
    @inlinable
    public static func days(year: Int32, month: Int32, day: Int32) -> Int32 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400                                            // [0, 399]
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1  // [0, 365]
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear   // [0, 146096]
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The civil date of day number `days`.
    ///
    /// - Complexity: O(1), integer arithmetic only.
    @inlinable
    public static func civil(_ days: Int32) -> (year: Int32, month: Int32, day: Int32) {
        let z = Int64(days) + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097                                                        // [0, 146096]
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365  // [0, 399]
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)           // [0, 365]
        let shiftedMonth = (5 * dayOfYear + 2) / 153                                             // [0, 11], 0 = March
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (Int32(truncatingIfNeeded: year), Int32(month), Int32(day))
    }

    /// True for Gregorian leap years: divisible by 4, except centuries not divisible by 400.
    @inlinable
    public static func isLeapYear(_ year: Int32) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    /// Days in `month` (1...12) of `year`.
    @inlinable
    public static func daysInMonth(year: Int32, month: Int32) -> Int32 {
        switch month {
        case 2: isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}
