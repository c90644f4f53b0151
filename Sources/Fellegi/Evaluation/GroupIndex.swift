import Foundation

/// Numbers the distinct values of a column (provider codes, ranks) in order of first appearance,
/// without a `String` per record: a value of at most 7 bytes is looked up by its bytes packed into
/// one integer (with its length), a longer one by its text.
///
/// - Complexity: O(length) per lookup; one `String` per distinct value.
struct GroupIndex: Sendable {
    private var packed: [UInt64: Int] = [:]
    private var long: [String: Int] = [:]
    /// The values, by number.
    private(set) var labels: [String] = []

    /// The number of `bytes`' value, numbering it when new.
    mutating func index(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        if bytes.count <= 7 {
            var key = UInt64(bytes.count) << 56
            for (i, byte) in bytes.enumerated() { key |= UInt64(byte) << (8 * UInt64(i)) }
            if let found = packed[key] { return found }
            packed[key] = labels.count
        } else {
            let text = String(decoding: bytes, as: UTF8.self)
            if let found = long[text] { return found }
            long[text] = labels.count
        }
        labels.append(String(decoding: bytes, as: UTF8.self))
        return labels.count - 1
    }
}

enum Decimal {
    private static let powers: [Double] = (0...18).map { pow(10, Double($0)) }

    /// The value of a plain decimal (`-12.345`, `1.000000`, `7`) read from bytes, as `Double(text)`
    /// reads it: up to 15 significant digits the mantissa and the power of ten are exact doubles, so
    /// one division rounds correctly. Anything else (an exponent, more digits) goes to `Double(text)`.
    /// Nil when not a number.
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        var mantissa: UInt64 = 0
        var digits = 0
        var decimals = 0
        var seenPoint = false
        var negative = false
        for (i, byte) in bytes.enumerated() {
            if byte == UInt8(ascii: "-"), i == 0 {
                negative = true
            } else if byte == UInt8(ascii: "."), !seenPoint {
                seenPoint = true
            } else if byte >= 0x30, byte <= 0x39, digits < 15 {
                mantissa = mantissa * 10 + UInt64(byte - 0x30)
                digits += 1
                if seenPoint { decimals += 1 }
            } else {
                return Double(String(decoding: bytes, as: UTF8.self))
            }
        }
        guard digits > 0 else { return nil }
        let value = Double(mantissa) / powers[decimals]
        return negative ? -value : value
    }
}
