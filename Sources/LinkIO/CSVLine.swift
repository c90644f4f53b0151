/// Where CSV fields go: a file (`CSVWriter`) or one line in memory (`CSVLine`). Code that writes a
/// row once for both (the link file's row, written by `run` and by a sharded job's `assign`) is
/// generic over it, so the two cannot format a field differently.
public protocol CSVFieldSink {
    /// One field, quoted only when it holds the delimiter, a quote, CR or LF.
    mutating func field(bytes: UnsafeBufferPointer<UInt8>)
    mutating func field(_ text: String)
    /// A number with `digits` fraction digits (`FixedPoint.format`).
    mutating func field(_ value: Double, digits: Int)
    /// An integer (never quoted).
    mutating func field(_ value: Int)
}

/// Fields of one CSV row formatted in memory exactly as `CSVWriter` writes them (quoted only when
/// needed, quotes doubled), without the line ending.
public struct CSVLine: CSVFieldSink, Sendable {
    /// The row's text so far.
    public private(set) var bytes: [UInt8] = []
    public let delimiter: UInt8
    /// Fields appended so far.
    public private(set) var fieldCount = 0

    /// Where the current row starts in `bytes`.
    private var rowStart = 0

    public init(delimiter: UInt8 = UInt8(ascii: ",")) { self.delimiter = delimiter }

    /// Ends the row as `CSVWriter.endRow` does (a line feed; a row with no bytes is written `""`),
    /// so that one `CSVLine` holds many rows for `CSVWriter.append(rows:)`.
    public mutating func endRow() {
        if bytes.count == rowStart { bytes.append(contentsOf: [0x22, 0x22]) }
        bytes.append(0x0A)
        fieldCount = 0
        rowStart = bytes.count
    }

    /// An integer field (no quoting ever needed), as `CSVWriter.field(_: Int)` writes it.
    public mutating func field(_ value: Int) {
        field(String(value))
    }

    public mutating func field(bytes value: UnsafeBufferPointer<UInt8>) {
        separate()
        Self.appendField(value, delimiter: delimiter, to: &bytes)
    }

    public mutating func field(_ text: String) {
        separate()
        var text = text
        text.withUTF8 { Self.appendField($0, delimiter: delimiter, to: &bytes) }
    }

    public mutating func field(_ value: Double, digits: Int) {
        separate()
        FixedPoint.append(value, digits: digits, to: &bytes)
    }

    private mutating func separate() {
        if fieldCount > 0 { bytes.append(delimiter) }
        fieldCount += 1
    }

    /// Appends `value` to `buffer`, quoted (with quotes doubled) when it holds `delimiter`, a quote,
    /// CR or LF (RFC 4180). The one quoting rule of every CSV linkfit writes.
    ///
    /// - Complexity: O(`value.count`).
    @inline(__always)
    static func appendField<C: Collection>(_ value: C, delimiter: UInt8, to buffer: inout [UInt8]) where C.Element == UInt8 {
        guard value.contains(where: { $0 == delimiter || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) else {
            buffer.append(contentsOf: value)
            return
        }
        buffer.append(0x22)
        for byte in value {
            if byte == 0x22 { buffer.append(0x22) }
            buffer.append(byte)
        }
        buffer.append(0x22)
    }
}
