import Foundation
import Kernels

private let quote: UInt8 = 0x22
private let lineFeed: UInt8 = 0x0A
private let carriageReturn: UInt8 = 0x0D

/// The record scanner: the reader's hot loop.
extension CSVReader {
    enum ScanResult {
        case record
        case needMore
        case end
    }

    /// Reads the next record into the field table, refilling the window as needed.
    ///
    /// - Returns: false at the end of the input.
    /// - Complexity: O(bytes of the record); a record that straddles a block is scanned twice.
    func readRecord() throws -> Bool {
        while true {
            switch try scanRecord() {
            case .record: return true
            case .end:
                countProgress()
                return false
            case .needMore:
                countProgress()
                do {
                    try window.refill(keepingFrom: position)
                } catch {
                    if case .recordTooLong(let limit) = error {
                        throw InputError(
                            file: name, line: nextLine,
                            "a record starting on this line is longer than \(limit) bytes (is a quote left open?)")
                    }
                    throw Self.openError(error, file: name)
                }
                position = 0
            }
        }
    }

    /// Scans one record from `position`. On `.record` the field table holds it (unquoted, checked) and
    /// `position`, `line` and `nextLine` have moved past it; on `.needMore` only blank lines have been
    /// consumed and the caller refills and calls again.
    private func scanRecord() throws -> ScanResult {
        let base = window.bytes
        let count = window.count
        let atEnd = window.atEnd
        let delimiter = self.delimiter
        var index = position

        // Blank lines.
        while true {
            if index == count {
                position = index
                return atEnd ? .end : .needMore
            }
            let byte = base[index]
            if byte == lineFeed {
                index += 1
                nextLine += 1
                continue
            }
            if byte == carriageReturn {
                if index + 1 == count, !atEnd {
                    position = index
                    return .needMore
                }
                if index + 1 < count, base[index + 1] == lineFeed {
                    index += 2
                    nextLine += 1
                    continue
                }
                throw bareCarriageReturn(line: nextLine, field: 0)
            }
            break
        }
        position = index

        var starts = self.starts
        var ends = self.ends
        var escaped = self.escaped
        var capacity = fieldCapacity
        var field = 0
        var newlines = 0
        var highBits: UInt8 = 0
        var anyEscaped = false

        while true {
            if field == capacity {
                growFields()
                starts = self.starts
                ends = self.ends
                escaped = self.escaped
                capacity = fieldCapacity
            }
            var start = index
            let end: Int
            var fieldEscaped: UInt8 = 0
            if index < count, base[index] == quote {
                let fieldLine = nextLine + newlines
                index += 1
                start = index
                while true {
                    if index == count {
                        if atEnd {
                            throw InputError(
                                file: name, line: fieldLine, column: columns.label(field),
                                "a quoted field starting on this line has no closing quote")
                        }
                        return .needMore
                    }
                    let byte = base[index]
                    highBits |= byte
                    if byte == quote {
                        if index + 1 == count, !atEnd { return .needMore }
                        if index + 1 < count, base[index + 1] == quote {
                            fieldEscaped = 1
                            index += 2
                            continue
                        }
                        break
                    }
                    if byte == lineFeed { newlines += 1 }
                    index += 1
                }
                end = index
                index += 1
            } else {
                while index < count {
                    let byte = base[index]
                    if byte == delimiter || byte == lineFeed || byte == carriageReturn || byte == quote { break }
                    highBits |= byte
                    index += 1
                }
                if index == count, !atEnd { return .needMore }
                if index < count, base[index] == quote {
                    throw InputError(
                        file: name, line: nextLine + newlines, column: columns.label(field),
                        "a quote inside an unquoted field (quote the whole field and double its quotes)")
                }
                end = index
            }
            starts[field] = start
            ends[field] = end
            escaped[field] = fieldEscaped
            anyEscaped = anyEscaped || fieldEscaped != 0
            field += 1

            if index == count {
                if !atEnd { return .needMore }
                break
            }
            let byte = base[index]
            if byte == delimiter {
                index += 1
                continue
            }
            if byte == lineFeed {
                index += 1
                break
            }
            if byte == carriageReturn {
                if index + 1 == count, !atEnd { return .needMore }
                if index + 1 < count, base[index + 1] == lineFeed {
                    index += 2
                    break
                }
                throw bareCarriageReturn(line: nextLine + newlines, field: field - 1)
            }
            throw InputError(
                file: name, line: nextLine + newlines, column: columns.label(field - 1),
                "unexpected text after a closing quote (expected the delimiter or the end of the line)")
        }

        let recordLine = nextLine
        if let expectedFields, field != expectedFields {
            throw InputError(
                file: name, line: recordLine,
                "expected \(expectedFields) \(expectedFields == 1 ? "field" : "fields") (as in the header), found \(field)")
        }
        fieldCount = field
        recordBase = base
        if highBits & 0x80 != 0 { try checkUTF8(recordLine: recordLine) }
        if anyEscaped { undoubleQuotes() }
        line = recordLine
        nextLine = recordLine + 1 + newlines
        position = index
        return .record
    }

    private func bareCarriageReturn(line: Int, field: Int) -> InputError {
        InputError(
            file: name, line: line, column: columns.label(field),
            "a carriage return without a line feed outside quotes (quote the field)")
    }

    /// Finds the first field of the current record that is not UTF-8 and throws, naming the line the
    /// field starts on.
    private func checkUTF8(recordLine: Int) throws {
        let base = window.bytes
        for field in 0..<fieldCount {
            let bytes = base.slice(start: starts[field], count: ends[field] - starts[field])
            guard UTF8Validation.firstInvalidOffset(bytes) != nil else { continue }
            var fieldLine = recordLine
            for offset in position..<starts[field] where base[offset] == lineFeed { fieldLine += 1 }
            throw InputError(file: name, line: fieldLine, column: columns.label(field), "is not valid UTF-8")
        }
    }

    /// Turns `""` into `"` in the quoted fields that have them, in place.
    private func undoubleQuotes() {
        let base = window.bytes
        for field in 0..<fieldCount where escaped[field] != 0 {
            var read = starts[field]
            var write = read
            let end = ends[field]
            while read < end {
                let byte = base[read]
                base[write] = byte
                write += 1
                read += byte == quote ? 2 : 1
            }
            ends[field] = write
        }
    }

    private func growFields() {
        let grown = fieldCapacity * 2
        fieldTable.starts.grow(to: grown)
        fieldTable.ends.grow(to: grown)
        fieldTable.escaped.grow(to: grown)
        (starts, ends, escaped) = (fieldTable.starts.view, fieldTable.ends.view, fieldTable.escaped.view)
        fieldCapacity = grown
    }

    /// Skips a UTF-8 byte order mark and returns `given`, or the delimiter detected from the header
    /// line: the most frequent of comma, tab and pipe outside quotes (comma on a tie or when none).
    ///
    /// - Throws: `InputError` when the input is empty.
    /// - Complexity: O(bytes of the header line).
    func skipByteOrderMarkAndDetect(_ given: UInt8?) throws -> UInt8 {
        while window.count < 3, !window.atEnd { try refillKeepingAll() }
        if window.count >= 3, window.bytes[0] == 0xEF, window.bytes[1] == 0xBB, window.bytes[2] == 0xBF {
            position = 3
        }
        if let given { return given }
        while true {
            var counts = [0, 0, 0]
            var inQuotes = false
            var index = position
            var complete = false
            var sawText = false
            let bytes = window.bytes
            while index < bytes.count {
                let byte = bytes[index]
                if byte == quote {
                    inQuotes.toggle()
                    sawText = true
                } else if !inQuotes {
                    if byte == lineFeed, sawText {
                        complete = true
                        break
                    }
                    if byte != lineFeed, byte != carriageReturn { sawText = true }
                    if let which = Self.delimiters.firstIndex(of: byte) { counts[which] += 1 }
                }
                index += 1
            }
            if complete || window.atEnd {
                var best = 0
                for which in 1..<counts.count where counts[which] > counts[best] { best = which }
                return Self.delimiters[best]
            }
            try refillKeepingAll()
        }
    }

    /// Reads the header record with `delimiter`.
    ///
    /// - Throws: `InputError` when there is no header (empty input) or it is malformed.
    func readHeader(delimiter: UInt8) throws -> [String] {
        self.delimiter = delimiter
        expectedFields = nil
        guard try readRecord() else { throw InputError(file: name, "is empty (expected a header row)") }
        return (0..<fieldCount).map { string($0) }
    }

    private func refillKeepingAll() throws {
        do {
            try window.refill(keepingFrom: 0)
        } catch {
            throw Self.openError(error, file: name)
        }
    }
}
