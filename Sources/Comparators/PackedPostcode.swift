/// A valid UK postcode packed into one integer, with integer keys for each level of its hierarchy.
///
/// A postcode is an outward code (area: 1–2 letters; district: digit(s), maybe a letter) and an inward
/// code (sector digit + 2 unit letters), in six shapes: `A9 9AA`, `A99 9AA`, `AA9 9AA`, `AA99 9AA`,
/// `A9A 9AA`, `AA9A 9AA`. Hierarchy: unit (`SW1A 1AA`) ⊂ sector (`SW1A 1`) ⊂ district (`SW1A`) ⊂
/// area (`SW`).
///
/// Packing: 7 slots of 6 bits, most significant first; the outward code left-aligned in slots 0–3
/// (unused slots 0), the inward code in slots 4–6. Slot codes: 0 empty, `0`–`9` → 1–10, `A`–`Z` →
/// 11–36. Because slot 0 is always a letter, every key below is non-zero, and two postcodes share a
/// key exactly when they share that level.
public struct PackedPostcode: Hashable, Sendable, CustomStringConvertible {
    /// The 42-bit packed form.
    public let rawValue: UInt64

    public init(rawValue: UInt64) { self.rawValue = rawValue }

    /// Key of the full postcode (unit).
    @inlinable public var unit: UInt64 { rawValue }
    /// Key of outward code + sector digit (`SW1A 1`).
    @inlinable public var sector: UInt64 { rawValue >> 12 }
    /// Key of the outward code (`SW1A`).
    @inlinable public var district: UInt64 { rawValue >> 18 }
    /// Key of the 1–2 leading letters (`SW`, `M`).
    @inlinable public var area: UInt64 {
        let first = rawValue >> 36
        let second = (rawValue >> 30) & 0x3F
        return first << 6 | (second > 10 ? second : 0)  // a digit in slot 1 is the district, not the area
    }

    /// `SW1A 1AA`, for display.
    public var formatted: String {
        var text = ""
        for slot in 0..<7 {
            let code = UInt8((rawValue >> (6 * UInt64(6 - slot))) & 0x3F)
            if slot == 4 { text += " " }
            if code == 0 { continue }
            text.append(Character(Unicode.Scalar(code <= 10 ? code - 1 + 0x30 : code - 11 + 0x41)))
        }
        return text
    }

    public var description: String { formatted }

    /// Standardises a postcode as submitted: uppercases, drops every byte that is not an ASCII letter
    /// or digit (so `sw1a 1aa`, `SW1A1AA` and the HES 8-character form `M1   1AA` all read), takes the
    /// last 3 characters as the inward code and checks both parts against the six shapes.
    ///
    /// Reasons, in order of precedence:
    /// - `blank`: nothing but whitespace;
    /// - `pseudo`: starts `ZZ99` (NHS pseudo-postcodes: `ZZ99 3VZ` no fixed abode, `ZZ99 3WZ` address
    ///   not known, `ZZ99` + country code overseas): never agreement;
    /// - `malformed`: not 5–7 letters and digits, or not one of the six shapes.
    ///
    /// Source: Royal Mail Programmers' Guide (postcode format); NHS Data Dictionary "Postcode of
    /// Usual Address" (pseudo-postcodes).
    /// - Complexity: O(n) in the byte count; allocates nothing.
    @inlinable
    public static func standardise(_ bytes: some Collection<UInt8>) -> Standardised<PackedPostcode> {
        // Slot codes of the first 7 alphanumerics, most significant first; `count` keeps counting past 7.
        var codes: UInt64 = 0
        var count = 0
        var sawContent = false
        for byte in bytes {
            let code: UInt64
            if ASCII.isDigit(byte) {
                code = UInt64(byte &- 0x30) + 1
            } else if ASCII.isLetter(byte) {
                code = UInt64(ASCII.uppercased(byte) &- 0x41) + 11
            } else {
                if !ASCII.isSpace(byte) { sawContent = true }
                continue
            }
            sawContent = true
            if count < 7 { codes = codes << 6 | code }
            count += 1
        }
        guard sawContent else { return .missing(.blank) }
        // "ZZ99": Z = 36, 9 = 10.
        if count >= 4, codes >> (6 * UInt64(min(count, 7) - 4)) == (36 << 18 | 36 << 12 | 10 << 6 | 10) {
            return .missing(.pseudo)
        }
        guard count >= 5, count <= 7 else { return .missing(.malformed) }
        @inline(__always) func code(_ index: Int) -> UInt64 { (codes >> (6 * UInt64(count - 1 - index))) & 0x3F }
        @inline(__always) func isLetter(_ index: Int) -> Bool { code(index) > 10 }
        // Inward: digit, letter, letter.
        guard !isLetter(count - 3), isLetter(count - 2), isLetter(count - 1) else { return .missing(.malformed) }
        // Outward: A9, A99, AA9, A9A, AA99, AA9A.
        let outward = count - 3
        guard isLetter(0) else { return .missing(.malformed) }
        if isLetter(1) {
            guard outward >= 3, !isLetter(2) else { return .missing(.malformed) }
        } else {
            guard outward <= 3 else { return .missing(.malformed) }
        }
        // Left-align the outward code: pad with empty slots between outward and inward.
        let inwardCodes = codes & 0x3FFFF
        let outwardCodes = codes >> 18
        let raw = outwardCodes << (18 + 6 * UInt64(4 - outward)) | inwardCodes
        return .value(PackedPostcode(rawValue: raw))
    }
}
