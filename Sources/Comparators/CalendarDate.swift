import Kernels

/// A standardised calendar date: a day number and whether it is a placeholder.
///
/// `days` counts days since 1970-01-01 in the proleptic Gregorian calendar (see `CivilDays`), so
/// dates compare and subtract as integers. `isPlaceholder` marks 1 January of any year
/// (1900-01-01 being the commonest): suppliers use it when only the year is known, so agreement on it
/// is weak evidence and the date comparator can give it a level of its own.
public struct CalendarDate: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// Days since 1970-01-01 (negative before).
    public let days: Int32
    /// True for 1 January of any year. Computed when asked, not stored: the pair loops make a date
    /// per comparison and ask only when both dates are equal (a stored flag cost a civil-date
    /// conversion per date, half of the date comparator's time).
    @inlinable
    public var isPlaceholder: Bool {
        let civil = self.civil
        return civil.month == 1 && civil.day == 1
    }

    /// The date with day number `days`.
    @inlinable
    public init(days: Int32) {
        self.days = days
    }

    /// The date `year`-`month`-`day`, or nil when no such day exists (31 February, month 13).
    @inlinable
    public init?(year: Int32, month: Int32, day: Int32) {
        guard month >= 1, month <= 12, day >= 1, day <= CivilDays.daysInMonth(year: year, month: month) else {
            return nil
        }
        days = CivilDays.days(year: year, month: month, day: day)
    }

    /// Year, month (1...12) and day (1...31).
    @inlinable
    public var civil: (year: Int32, month: Int32, day: Int32) { CivilDays.civil(days) }

    /// 1895-01-01: the earliest plausible date of birth for a living patient.
    public static let earliestPlausibleBirth = CalendarDate(days: -27_393)

    /// `YYYY-MM-DD`, for display.
    public var description: String {
        let (year, month, day) = civil
        func pad(_ value: Int32, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    public static func < (lhs: CalendarDate, rhs: CalendarDate) -> Bool { lhs.days < rhs.days }

    /// Standardises a date as submitted: `YYYY-MM-DD`, `YYYYMMDD` or `DD/MM/YYYY` (UK order), with
    /// surrounding whitespace ignored.
    ///
    /// Reasons, in order of precedence:
    /// - `blank`: nothing but whitespace;
    /// - `malformed`: none of the three shapes, or no such day (`31/02/2020`, month 13);
    /// - `placeholder`: outside `earliest...latest` *and* 1 January (`1800-01-01`): a sentinel for
    ///   "not known" rather than a mistyped year, which is worth telling a supplier apart;
    /// - `outOfRange`: any other date before `earliest` or after `latest`.
    ///
    /// A placeholder date inside the range (`1900-01-01`, `1987-01-01`) is *not* missing: it is
    /// returned with `isPlaceholder == true`, as weak evidence.
    ///
    /// - Parameters:
    ///   - earliest: the first plausible date (default 1895-01-01).
    ///   - latest: the reference date, e.g. the record's own test date; later dates are out of range.
    /// - Complexity: O(n) in the byte count; allocates nothing.
    @inlinable
    public static func standardise(
        _ bytes: some Collection<UInt8>, earliest: CalendarDate = earliestPlausibleBirth, latest: CalendarDate
    ) -> Standardised<CalendarDate> {
        // Trimmed content must be 8 or 10 bytes; gather it into 16 inline bytes on the stack.
        var b = InlineBytes16()
        var count = 0
        var trailingSpace = false
        var malformed = false
        b.withView { slots in
            for byte in bytes {
                if ASCII.isSpace(byte) {
                    if count > 0 { trailingSpace = true }
                    continue
                }
                if trailingSpace || count == 10 {  // a space inside, or too long
                    malformed = true
                    return
                }
                slots[count] = byte
                count += 1
            }
        }
        if malformed { return .missing(.malformed) }
        if count == 0 { return .missing(.blank) }
        let parsed: (year: Int32, month: Int32, day: Int32)? = b.withBytes { b in
            // Digits at `range` as an integer, or nil if any is not a digit.
            func number(_ range: Range<Int>) -> Int32? {
                var value: Int32 = 0
                for index in range {
                    guard ASCII.isDigit(b[index]) else { return nil }
                    value = value * 10 + Int32(b[index] &- 0x30)
                }
                return value
            }
            switch count {
            case 8:  // YYYYMMDD
                guard let y = number(0..<4), let m = number(4..<6), let d = number(6..<8) else { return nil }
                return (y, m, d)
            case 10 where b[4] == 0x2D && b[7] == 0x2D:  // YYYY-MM-DD
                guard let y = number(0..<4), let m = number(5..<7), let d = number(8..<10) else { return nil }
                return (y, m, d)
            case 10 where b[2] == 0x2F && b[5] == 0x2F:  // DD/MM/YYYY
                guard let d = number(0..<2), let m = number(3..<5), let y = number(6..<10) else { return nil }
                return (y, m, d)
            default:
                return nil
            }
        }
        guard let parsed, let date = CalendarDate(year: parsed.year, month: parsed.month, day: parsed.day) else {
            return .missing(.malformed)
        }
        if date.days < earliest.days || date.days > latest.days {
            return .missing(date.isPlaceholder ? .placeholder : .outOfRange)
        }
        return .value(date)
    }
}
