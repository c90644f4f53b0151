import Comparators

/// A row's standardised values as a sharded job passes them between steps (the `CODES` field of
/// docs/spark.md): one value per comparison, in settings order, separated by commas. A coded value
/// is its `FieldCode` in lowercase hexadecimal, empty when missing; an NHS number that fails the check
/// digit (missing, but comparable as a typo) is `~` and the number in hexadecimal; a text value is its
/// standardised UTF-8 bytes in hexadecimal, empty when missing. An entity's rows (`ROWS`) are its
/// rows' values separated by semicolons, in file order.
///
/// Standardisation happens once, in the step that reads the CSV text (`ShardRecords`); later steps
/// rebuild a `RecordTable` from these values (`ShardTableBuilder`) and compare exactly what `run`
/// compares.
package enum ShardCodes {
    /// One comparison's value on one row.
    enum Value: Equatable {
        /// A `FieldCode` (0: missing).
        case code(UInt64)
        /// A missing NHS number that fails the check digit: the number.
        case failedCheck(UInt64)
        /// Standardised text (empty: missing).
        case text([UInt8])
    }

    /// The values of `row` of `table`.
    ///
    /// - Complexity: O(K).
    package static func encode(_ table: RecordTable, row: Int) -> String {
        var text = ""
        for k in table.settings.indices {
            if k > 0 { text += "," }
            if let column = table.texts[k] {
                column.withBytes(row) { bytes in for byte in bytes { text += hexByte(byte) } }
                continue
            }
            let code = table.codes[k][row]
            if code != 0 {
                text += String(code, radix: 16)
            } else if let typo = table.failedCheck[k].code(row: row) {
                text += "~" + String(typo, radix: 16)
            }
        }
        return text
    }

    /// The values of one row, checked against the comparisons' kinds; nil when `text` is not what
    /// `encode` writes for them (a value no standardisation yields is refused, so nothing downstream
    /// traps on it).
    static func decode(_ text: Substring, settings: [ComparisonSettings]) -> [Value]? {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false)
        guard parts.count == settings.count else { return nil }
        var values: [Value] = []
        values.reserveCapacity(parts.count)
        for (part, comparison) in zip(parts, settings) {
            guard let value = decode(part, kind: comparison.kind) else { return nil }
            values.append(value)
        }
        return values
    }

    private static func decode(_ part: Substring, kind: ComparisonKind) -> Value? {
        if kind.isText {
            guard part.utf8.count % 2 == 0 else { return nil }
            var bytes: [UInt8] = []
            var index = part.utf8.startIndex
            while index < part.utf8.endIndex {
                let next = part.utf8.index(index, offsetBy: 2)
                guard let byte = UInt8(part[index..<next], radix: 16) else { return nil }
                bytes.append(byte)
                index = next
            }
            return .text(bytes)
        }
        if part.isEmpty { return .code(0) }
        if kind == .nhsNumber, part.hasPrefix("~") {
            guard let number = UInt64(part.dropFirst(), radix: 16), number <= 9_999_999_999, !NHSNumber.isValid(number) else { return nil }
            return .failedCheck(number)
        }
        guard !part.hasPrefix("+"), !part.hasPrefix("-"), let code = UInt64(part, radix: 16), code != 0, isValid(code, kind: kind) else { return nil }
        return .code(code)
    }

    /// True when `code` is one standardisation of `kind` can yield.
    private static func isValid(_ code: UInt64, kind: ComparisonKind) -> Bool {
        switch kind {
        case .nhsNumber: return NHSNumber.isValid(code)
        case .date:
            let days = Int64(code >> 1) - FieldCode.dayBias
            guard days >= Int64(CalendarDate.earliestPlausibleBirth.days), days <= Int64(CalendarDate.latestRecordDate.days) else { return false }
            return FieldCode.date(CalendarDate(days: Int32(days))) == code
        case .sex: return code <= UInt64(UInt8.max)
        case .postcode, .jaroWinkler, .exact: return true
        }
    }

    private static func hexByte(_ byte: UInt8) -> String {
        byte < 16 ? "0" + String(byte, radix: 16) : String(byte, radix: 16)
    }
}
