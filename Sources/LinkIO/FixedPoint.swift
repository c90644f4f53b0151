/// Decimal text of a number with a fixed count of fraction digits, by integer arithmetic: the same
/// bytes on every machine, and far faster than `String(format:)` (which goes through Foundation's
/// formatter on Linux). Rounds half away from zero; never prints `-0.000`.
public enum FixedPoint {
    /// `format(-1.23456, digits: 3)` → `"-1.235"`; non-finite or beyond ±9e15 → `""`.
    public static func format(_ value: Double, digits: Int) -> String {
        precondition((0...9).contains(digits), "0 to 9 fraction digits")
        guard value.isFinite else { return "" }
        var scale: Int64 = 1
        for _ in 0..<digits { scale *= 10 }
        let scaled = (abs(value) * Double(scale)).rounded(.toNearestOrAwayFromZero)
        guard scaled < 9e15 else { return "" }
        let units = Int64(scaled)
        let whole = units / scale
        let sign = value < 0 && units != 0 ? "-" : ""
        guard digits > 0 else { return sign + String(whole) }
        let fraction = String(units % scale)
        return sign + String(whole) + "." + String(repeating: "0", count: digits - fraction.count) + fraction
    }
}
