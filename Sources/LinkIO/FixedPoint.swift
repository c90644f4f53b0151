/// Decimal text of a number with a fixed count of fraction digits, by integer arithmetic: the same
/// bytes on every machine, and far faster than `String(format:)` (which goes through Foundation's
/// formatter on Linux). Rounds half away from zero; never prints `-0.000`.
public enum FixedPoint {
    /// `format(-1.23456, digits: 3)` → `"-1.235"`; non-finite or beyond ±9e15 → `""`.
    public static func format(_ value: Double, digits: Int) -> String {
        var text: [UInt8] = []
        text.reserveCapacity(27)
        append(value, digits: digits, to: &text)
        return String(decoding: text, as: UTF8.self)
    }

    /// Appends the text of `format(value, digits:)` to `bytes`, without allocating beyond its growth.
    ///
    /// - Complexity: O(digits of the result): written right to left after the sign, then reversed.
    @inline(__always)
    public static func append(_ value: Double, digits: Int, to bytes: inout [UInt8]) {
        precondition((0...9).contains(digits), "0 to 9 fraction digits")
        guard value.isFinite else { return }
        var scale: Int64 = 1
        for _ in 0..<digits { scale *= 10 }
        let scaled = (abs(value) * Double(scale)).rounded(.toNearestOrAwayFromZero)
        guard scaled < 9e15 else { return }
        var units = Int64(scaled)
        if value < 0 && units != 0 { bytes.append(UInt8(ascii: "-")) }
        // Digits from the right (sign, up to 16 whole digits, the point and 9 fraction digits: 27
        // bytes at most), then reversed in place.
        let start = bytes.count
        var written = 0
        repeat {
            if written == digits, digits > 0 { bytes.append(UInt8(ascii: ".")) }
            bytes.append(UInt8(ascii: "0") + UInt8(units % 10))
            units /= 10
            written += 1
        } while units > 0 || written <= digits
        bytes[start...].reverse()
    }
}
