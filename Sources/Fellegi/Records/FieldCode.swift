import Comparators

/// The compact encodings of standardised values used in the hot path: every non-text field is one
/// `UInt64`, with 0 meaning missing. No `String` per record.
///
/// | kind | code |
/// |---|---|
/// | nhs-number | the ten-digit number |
/// | date | `(days + 2²⁰) << 1 | placeholder` (days since 1970-01-01) |
/// | sex | 1 or 2 |
/// | postcode | `PackedPostcode.rawValue` |
/// | jaro-winkler, exact | 0 (the text lives in a `TextColumn`) |
package enum FieldCode {
    static let dayBias: Int64 = 1 << 20

    package static func date(_ date: CalendarDate) -> UInt64 {
        (UInt64(Int64(date.days) + dayBias) << 1) | (date.isPlaceholder ? 1 : 0)
    }

    /// The date behind a date code (nil for 0).
    package static func calendarDate(_ code: UInt64) -> CalendarDate? {
        guard code != 0 else { return nil }
        return CalendarDate(days: Int32(Int64(code >> 1) - dayBias))
    }

    package static func isPlaceholderDate(_ code: UInt64) -> Bool { code & 1 == 1 }

    /// Days since 1970-01-01 of a (non-zero) date code.
    @inline(__always)
    package static func days(_ code: UInt64) -> Int32 { Int32(Int64(code >> 1) - dayBias) }

    /// How a code is shown to a clerical reviewer (never in logs or errors).
    package static func display(_ code: UInt64, kind: ComparisonKind) -> String {
        guard code != 0 else { return "" }
        switch kind {
        case .nhsNumber: return NHSNumber.formatted(code)
        case .date: return calendarDate(code)?.description ?? ""
        case .sex: return String(code)
        case .postcode: return PackedPostcode(rawValue: code).formatted
        case .jaroWinkler, .exact: return ""
        }
    }
}

/// Text values of one column, one per row, in a single arena (empty = missing).
package struct TextColumn: Sendable {
    package private(set) var bytes: [UInt8] = []
    package private(set) var offsets: [Int] = [0]

    package init() {}

    /// The column whose rows are `bytes[offsets[row]..<offsets[row + 1]]`; nil unless `offsets`
    /// starts at 0, ascends and ends at `bytes.count`.
    package init?(bytes: [UInt8], offsets: [Int]) {
        guard offsets.first == 0, offsets.last == bytes.count, zip(offsets, offsets.dropFirst()).allSatisfy({ $0 <= $1 }) else { return nil }
        self.bytes = bytes
        self.offsets = offsets
    }

    package var count: Int { offsets.count - 1 }

    package mutating func append(_ value: UnsafeBufferPointer<UInt8>) {
        bytes.append(contentsOf: value)
        offsets.append(bytes.count)
    }

    package mutating func append(contentsOf other: TextColumn) {
        let base = bytes.count
        bytes.append(contentsOf: other.bytes)
        offsets.append(contentsOf: other.offsets.dropFirst().map { $0 + base })
    }

    package func isMissing(_ row: Int) -> Bool { offsets[row] == offsets[row + 1] }

    package subscript(row: Int) -> String {
        String(decoding: bytes[offsets[row]..<offsets[row + 1]], as: UTF8.self)
    }

    /// Calls `body` with the bytes of `row`.
    @inline(__always)
    package func withBytes<R>(_ row: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try bytes.withUnsafeBufferPointer { all in
            try body(UnsafeBufferPointer(rebasing: all[offsets[row]..<offsets[row + 1]]))
        }
    }
}
