/// Why a standardised identifier has no value.
///
/// Every parse in this module returns either a value or one of these reasons, so that reports can
/// count *why* identifiers are missing (a supplier sending sentinel dates is a different problem from
/// one sending typos). A missing value on either side puts a comparison at the null level (weight 0):
/// an invalid identifier is never evidence of disagreement.
///
/// The raw values are stable codes (they may be stored in columnar tables); never renumber them.
public enum MissingReason: UInt8, CaseIterable, Sendable {
    /// Empty, or only whitespace.
    case blank = 0
    /// Not in any accepted shape (wrong length, stray characters, an impossible calendar date).
    case malformed = 1
    /// Well formed but the check digit is wrong (NHS number Modulus 11), as a typo usually leaves it.
    case failedCheck = 2
    /// A sentinel that stands for "not known": an NHS number of one repeated digit, or a placeholder
    /// date (1 January) that is also out of range, such as 1800-01-01.
    case placeholder = 3
    /// An NHS pseudo-postcode (`ZZ99…`: no fixed abode, address not known, overseas).
    case pseudo = 4
    /// A real calendar date outside the plausible range (before 1895-01-01 or after the reference date).
    case outOfRange = 5
    /// A code that says the value is not known or not specified (sex 0, 9, U, I).
    case notKnown = 6

    /// A stable lowercase label for reports and JSON keys.
    public var label: String {
        switch self {
        case .blank: "blank"
        case .malformed: "malformed"
        case .failedCheck: "failed-check"
        case .placeholder: "placeholder"
        case .pseudo: "pseudo"
        case .outOfRange: "out-of-range"
        case .notKnown: "not-known"
        }
    }
}

/// The result of standardising one identifier: a value, or the reason there is none.
public enum Standardised<Value> {
    case value(Value)
    case missing(MissingReason)

    /// The value, or nil when missing.
    @inlinable
    public var value: Value? {
        if case .value(let value) = self { return value }
        return nil
    }

    /// Transforms a present value; a missing one keeps its reason.
    @inlinable
    public func map<T>(_ transform: (Value) throws -> T) rethrows -> Standardised<T> {
        switch self {
        case .value(let value): .value(try transform(value))
        case .missing(let reason): .missing(reason)
        }
    }
}

extension Standardised: Sendable where Value: Sendable {}
extension Standardised: Equatable where Value: Equatable {}
extension Standardised: Hashable where Value: Hashable {}
