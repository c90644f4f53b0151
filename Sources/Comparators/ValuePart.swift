/// A part of a standardised value on which two values can agree: the whole value, or a component of
/// it (a birth date's year, a postcode's district, a name's first three bytes).
///
/// Blocking keys name parts (`dob.year`, `postcode.district`), and each comparison level says which
/// parts two values at that level agree on (`ComparisonLevel.agreement`).
public enum ValuePart: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// The whole standardised value.
    case whole
    /// A date's year.
    case year
    /// A date's month and day together.
    case monthDay = "month-day"
    /// A postcode's full unit (`SW1A 1AA`), its sector (`SW1A 1`), district (`SW1A`) and area (`SW`).
    case unit, sector, district, area
    /// A text's first three bytes.
    case first3

    /// The name used in settings (`month-day`).
    public var description: String { rawValue }
}
