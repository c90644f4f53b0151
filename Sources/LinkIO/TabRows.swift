/// The rows a sharded job passes between an engine and linkfit (docs/spark.md): one row per line
/// (LF; a CR before it is dropped), fields separated by tabs, no header. In a field, `\\` stands for a
/// backslash, `\t` for a tab, `\n` for a line feed and `\r` for a carriage return; `\N` alone is a null
/// (what Spark's `TRANSFORM` writes for one), which no linkfit step accepts. Any other backslash, a
/// row with the wrong number of fields, or bytes that are not UTF-8 is an `InputError` located at the
/// row's line and the field's name and position, never showing a value. Blank lines are skipped.
///
/// - Complexity: O(bytes).
public struct TabRows: Sendable {
    /// One row: its line in the input (1-based) and its fields, unescaped.
    public struct Row: Sendable, Equatable {
        public var line: Int
        public var fields: [String]

        public init(line: Int, fields: [String]) {
            self.line = line
            self.fields = fields
        }
    }

    /// How errors name the input (`stdin`).
    public let name: String
    /// The fields every row has, by name (`LINE`, `TEXT`).
    public let fieldNames: [String]
    public private(set) var rows: [Row] = []

    /// Parses `bytes`.
    ///
    /// - Throws: `InputError` at the first malformed row.
    public init(_ bytes: [UInt8], name: String, fieldNames: [String]) throws(InputError) {
        precondition(!fieldNames.isEmpty, "a row has at least one field")
        self.name = name
        self.fieldNames = fieldNames
        var line = 0
        var start = 0
        while start < bytes.count {
            line += 1
            var end = start
            while end < bytes.count, bytes[end] != 0x0A { end += 1 }
            var last = end
            if last > start, bytes[last - 1] == 0x0D { last -= 1 }
            if last > start { rows.append(try row(bytes[start..<last], line: line)) }
            start = end + 1
        }
    }

    /// The error for field `index` of the row on `line`.
    public func error(line: Int, field index: Int, _ message: String) -> InputError {
        InputError(file: name, line: line, column: "\(fieldNames[index]) (field \(index + 1))", message)
    }

    private func row(_ bytes: ArraySlice<UInt8>, line: Int) throws(InputError) -> Row {
        var fields: [String] = []
        fields.reserveCapacity(fieldNames.count)
        var start = bytes.startIndex
        while true {
            var end = start
            while end < bytes.endIndex, bytes[end] != 0x09 { end += 1 }
            if fields.count == fieldNames.count {
                throw InputError(file: name, line: line, "has more than \(fieldNames.count) tab-separated fields (\(fieldNames.joined(separator: ", ")))")
            }
            fields.append(try field(bytes[start..<end], line: line, index: fields.count))
            if end == bytes.endIndex { break }
            start = end + 1
        }
        guard fields.count == fieldNames.count else {
            throw InputError(file: name, line: line, "has \(fields.count) tab-separated fields, expected \(fieldNames.count) (\(fieldNames.joined(separator: ", ")))")
        }
        return Row(line: line, fields: fields)
    }

    private func field(_ bytes: ArraySlice<UInt8>, line: Int, index: Int) throws(InputError) -> String {
        guard bytes.contains(0x5C) else {
            guard let text = String(validating: bytes, as: UTF8.self) else { throw error(line: line, field: index, "is not UTF-8") }
            return text
        }
        if bytes.count == 2, bytes[bytes.startIndex + 1] == UInt8(ascii: "N") {
            throw error(line: line, field: index, "is null (\\N): every field needs a value, empty if none")
        }
        var unescaped: [UInt8] = []
        unescaped.reserveCapacity(bytes.count)
        var position = bytes.startIndex
        while position < bytes.endIndex {
            let byte = bytes[position]
            position += 1
            guard byte == 0x5C else {
                unescaped.append(byte)
                continue
            }
            guard position < bytes.endIndex, let meaning = Self.escapes[bytes[position]] else {
                throw error(line: line, field: index, "has a backslash that is not one of \\\\, \\t, \\n, \\r")
            }
            unescaped.append(meaning)
            position += 1
        }
        guard let text = String(validating: unescaped, as: UTF8.self) else { throw error(line: line, field: index, "is not UTF-8") }
        return text
    }

    /// The escapes, by the byte after the backslash.
    static let escapes: [UInt8: UInt8] = [0x5C: 0x5C, UInt8(ascii: "t"): 0x09, UInt8(ascii: "n"): 0x0A, UInt8(ascii: "r"): 0x0D]
}

/// Rows written in the form `TabRows` reads: fields escaped, separated by tabs, each row ended by LF.
public struct TabWriter: Sendable {
    public private(set) var bytes: [UInt8] = []
    /// Fields every row has.
    public let fieldCount: Int
    private var fieldsInRow = 0

    public init(fieldCount: Int) {
        precondition(fieldCount > 0, "a row has at least one field")
        self.fieldCount = fieldCount
    }

    /// Appends one field, escaping backslash, tab, LF and CR.
    public mutating func field(_ text: String) {
        var text = text
        text.withUTF8 { field(bytes: $0) }
    }

    public mutating func field(bytes value: UnsafeBufferPointer<UInt8>) {
        precondition(fieldsInRow < fieldCount, "row has more than \(fieldCount) fields")
        if fieldsInRow > 0 { bytes.append(0x09) }
        fieldsInRow += 1
        guard value.contains(where: { $0 == 0x5C || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) else {
            bytes.append(contentsOf: value)
            return
        }
        for byte in value {
            switch byte {
            case 0x5C: bytes += [0x5C, 0x5C]
            case 0x09: bytes += [0x5C, UInt8(ascii: "t")]
            case 0x0A: bytes += [0x5C, UInt8(ascii: "n")]
            case 0x0D: bytes += [0x5C, UInt8(ascii: "r")]
            default: bytes.append(byte)
            }
        }
    }

    public mutating func field(_ value: Int) { field(String(value)) }

    /// Writes a whole row.
    public mutating func row(_ fields: [String]) {
        for text in fields { field(text) }
        endRow()
    }

    /// Ends the current row, which must have `fieldCount` fields.
    public mutating func endRow() {
        precondition(fieldsInRow == fieldCount, "row has \(fieldsInRow) fields, expected \(fieldCount)")
        bytes.append(0x0A)
        fieldsInRow = 0
    }
}
