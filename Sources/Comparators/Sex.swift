/// Person stated sex / gender code, standardised to 1 (male) or 2 (female).
///
/// NHS Data Dictionary "Person Stated Gender Code": 0 not known, 1 male, 2 female, 9 not specified.
/// Some sources send letters or words instead.
public enum Sex {
    /// 1: male.
    public static let male: UInt8 = 1
    /// 2: female.
    public static let female: UInt8 = 2

    /// Standardises a sex or gender code, case-insensitively, with surrounding whitespace ignored.
    ///
    /// - `1`, `M`, `MALE` → 1; `2`, `F`, `FEMALE` → 2;
    /// - blank → missing(`blank`);
    /// - `0`, `9`, `U` (unknown), `I` (indeterminate) → missing(`notKnown`): never a disagreement;
    /// - anything else → missing(`malformed`).
    ///
    /// - Complexity: O(n) in the byte count; allocates nothing.
    @inlinable
    public static func standardise(_ bytes: some Collection<UInt8>) -> Standardised<UInt8> {
        // Pack up to 6 uppercased non-space bytes into an integer, most significant first.
        var packed: UInt64 = 0
        var count = 0
        var trailingSpace = false
        for byte in bytes {
            if ASCII.isSpace(byte) {
                if count > 0 { trailingSpace = true }
                continue
            }
            if trailingSpace || count == 6 || byte == 0 { return .missing(.malformed) }
            packed = packed << 8 | UInt64(ASCII.uppercased(byte))
            count += 1
        }
        if count == 0 { return .missing(.blank) }
        switch packed {
        case 0x31, 0x4D, 0x4D_414C_45: return .value(male)  // "1", "M", "MALE"
        case 0x32, 0x46, 0x46_454D_414C_45: return .value(female)  // "2", "F", "FEMALE"
        case 0x30, 0x39, 0x55, 0x49: return .missing(.notKnown)  // "0", "9", "U", "I"
        default: return .missing(.malformed)
        }
    }
}
