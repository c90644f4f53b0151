import LinkIO

/// The rows one chunk of work produced for one file: the fields' bytes back to back and where each
/// field ends. Workers fill these in parallel; the writer thread replays them through `CSVWriter`
/// in chunk order, so the file is the same whatever the thread count.
///
/// Fields hold no delimiter, quote or line break (the generator never makes one), but `CSVWriter`
/// still quotes if one ever appears.
struct FieldBuffer: Sendable {
    private(set) var bytes: [UInt8] = []
    private(set) var ends: [Int32] = []

    init(reservingBytes capacity: Int = 0) {
        bytes.reserveCapacity(capacity)
        ends.reserveCapacity(capacity / 8)
    }

    /// Ends the field being built from bytes appended since the previous `endField()`.
    mutating func endField() { ends.append(Int32(bytes.count)) }

    mutating func append(_ byte: UInt8) { bytes.append(byte) }

    mutating func append(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    mutating func append(bytes more: UnsafeBufferPointer<UInt8>) { bytes.append(contentsOf: more) }

    mutating func append(_ more: [UInt8]) { bytes.append(contentsOf: more) }

    /// Appends `value` in decimal, left-padded with zeros to `width` digits.
    mutating func appendDecimal(_ value: UInt64, width: Int = 1) {
        // Digits from the right, then reversed in place.
        let start = bytes.count
        var count = 0
        var rest = value
        repeat {
            bytes.append(UInt8(ascii: "0") + UInt8(rest % 10))
            rest /= 10
            count += 1
        } while rest > 0 || count < width
        bytes[start...].reverse()
    }

    /// Replays the rows into `writer`, `writer.columnCount` fields a row.
    func write(to writer: CSVWriter) throws {
        let columns = writer.columnCount
        try bytes.withUnsafeBufferPointer { all in
            var start = 0
            var column = 0
            for end in ends {
                let stop = Int(end)
                writer.field(bytes: UnsafeBufferPointer(rebasing: all[start..<stop]))
                start = stop
                column += 1
                if column == columns {
                    try writer.endRow()
                    column = 0
                }
            }
        }
    }
}
