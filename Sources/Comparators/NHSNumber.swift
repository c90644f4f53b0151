/// NHS number: ten digits, the tenth a Modulus 11 check digit.
///
/// Check digit: multiply digits 1–9 by 10, 9, …, 2; sum; r = sum mod 11; check = 11 − r, with 11 → 0;
/// a check of 10 means the nine digits can never be issued. A number of one repeated digit
/// (0000000000, 9999999999) passes the check but is a placeholder and is invalid here.
public enum NHSNumber {
    /// The check digit for the first nine digits (as an integer 0...999_999_999), or nil when the
    /// Modulus 11 rule gives 10 (no valid number starts with these digits).
    public static func checkDigit(forFirstNine firstNine: UInt64) -> UInt64? {
        precondition(firstNine < 1_000_000_000, "expects nine digits")
        var rest = firstNine
        var sum: UInt64 = 0
        for weight in 2...10 {  // the ninth digit (last) has weight 2, the first has weight 10
            sum += (rest % 10) * UInt64(weight)
            rest /= 10
        }
        let check = 11 - sum % 11
        switch check {
        case 11: return 0
        case 10: return nil
        default: return check
        }
    }

    /// True when `number` (0...9_999_999_999) has a correct check digit and is not one repeated digit.
    public static func isValid(_ number: UInt64) -> Bool {
        guard number <= 9_999_999_999 else { return false }
        if number % 1_111_111_111 == 0 { return false }  // 0000000000, 1111111111, …, 9999999999
        return checkDigit(forFirstNine: number / 10) == number % 10
    }
}
