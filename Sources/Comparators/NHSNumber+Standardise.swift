extension NHSNumber {
    /// Standardises an NHS number as submitted: ten digits, optionally separated by spaces or dashes
    /// anywhere (`943 476 5919`, `943-476-5919`), with surrounding whitespace ignored.
    ///
    /// Reasons, in order of precedence:
    /// - `blank`: nothing but whitespace;
    /// - `malformed`: a byte other than a digit, space or dash, or not exactly ten digits;
    /// - `placeholder`: one repeated digit (`0000000000`, `9999999999`), which passes the check;
    /// - `failedCheck`: the Modulus 11 check digit is wrong, or the first nine digits give a check
    ///   of 10 (never issued). A mistyped digit or two swapped adjacent digits always lands here.
    ///
    /// Source: NHS Data Dictionary, "NHS Number" (Modulus 11 check); see `checkDigit(forFirstNine:)`.
    /// - Complexity: O(n) in the byte count; allocates nothing.
    @inlinable
    public static func standardise(_ bytes: some Collection<UInt8>) -> Standardised<UInt64> {
        switch digits(bytes) {
        case .missing(let reason): return .missing(reason)
        case .value(let number):
            if number % 1_111_111_111 == 0 { return .missing(.placeholder) }
            guard checkDigit(forFirstNine: number / 10) == number % 10 else { return .missing(.failedCheck) }
            return .value(number)
        }
    }

    /// The number of a well-formed NHS number that fails the Modulus 11 check (a mistyped digit or
    /// two swapped adjacent digits usually leave one), or nil for a valid, placeholder, blank or
    /// malformed one. Such a number is never compared as a value; it can still be one edit from the
    /// other side's valid number (`NHSNumberComparator.level(failedCheck:valid:)`).
    @inlinable
    public static func failedCheckNumber(_ bytes: some Collection<UInt8>) -> UInt64? {
        guard case .value(let number) = digits(bytes), number % 1_111_111_111 != 0,
              checkDigit(forFirstNine: number / 10) != number % 10
        else { return nil }
        return number
    }

    /// Exactly ten digits, optionally separated by spaces or dashes, surrounding whitespace ignored:
    /// the digits as a number, or `blank` / `malformed` (no check digit test).
    @inlinable
    static func digits(_ bytes: some Collection<UInt8>) -> Standardised<UInt64> {
        var number: UInt64 = 0
        var digits = 0
        var sawContent = false
        for byte in bytes {
            if ASCII.isDigit(byte) {
                digits += 1
                if digits > 10 { return .missing(.malformed) }
                number = number * 10 + UInt64(byte &- 0x30)
                sawContent = true
            } else if byte == 0x2D {  // '-'
                sawContent = true
            } else if !ASCII.isSpace(byte) {
                return .missing(.malformed)
            }
        }
        guard sawContent else { return .missing(.blank) }
        guard digits == 10 else { return .missing(.malformed) }
        return .value(number)
    }

    /// The ten digits of `number` (0...9_999_999_999) as ASCII, zero-padded: `9434765919`.
    public static func formatted(_ number: UInt64) -> String {
        let digits = String(number)
        return String(repeating: "0", count: max(0, 10 - digits.count)) + digits
    }
}
