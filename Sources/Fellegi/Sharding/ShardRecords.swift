import Comparators
import Foundation
import LinkIO

/// One partition of a side's records as a sharded job's first steps receive them: rows `LINE TEXT`,
/// the record's line in its source file and the record as CSV text (the source's own line, or a
/// table row written as CSV), read with `run`'s own reader and standardisation (`RecordTable.load`)
/// as if the partition's records were a file under the source's header. Errors name the source file
/// and the record's line there (`did.csv:1042: DID_ID: is blank …`), as `run` would.
struct ShardRecords {
    static let fieldNames = ["LINE", "TEXT"]

    /// The records, standardised; `table.lines[row]` is a line of `document`.
    let table: RecordTable
    /// The header and records as one CSV text, as read.
    let document: [UInt8]
    let delimiter: UInt8
    /// Each table row's line in the source file.
    let sourceLines: [Int]

    /// Loads `rows` (the `fieldNames` rows of one partition) as side `side` of `settings`.
    ///
    /// - Parameters:
    ///   - header: the source's header (its column names) and delimiter.
    ///   - source: how errors name the source file (`did.csv`).
    /// - Throws: `InputError`: a malformed `LINE` or a text holding more than one record (located on
    ///   the input row), or what `RecordTable.load` finds (located in the source file).
    init(_ rows: TabRows, header: CSVHeader, delimiter: UInt8, settings: LinkSettings, side: LinkSide,
         changes: IdentifierChanges = IdentifierChanges(), latestBirthDate: CalendarDate? = nil, source: String) throws {
        var headerLine = CSVLine(delimiter: delimiter)
        for name in header.names { headerLine.field(name) }
        var document = headerLine.bytes + [0x0A]
        var starts: [(documentLine: Int, sourceLine: Int, inputLine: Int)] = []
        var documentLine = 2
        for row in rows.rows where !row.fields[1].isEmpty {
            guard let line = Int(row.fields[0]), line >= 1, line <= EntityOrder.maximumLine, row.fields[0].first != "+" else {
                throw rows.error(line: row.line, field: 0, "is not a line number (a whole number from 1)")
            }
            starts.append((documentLine, line, row.line))
            document += row.fields[1].utf8
            document.append(0x0A)
            documentLine += row.fields[1].utf8.reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) }
        }
        // The record that document line `line` falls in: the last starting at or before it.
        func record(_ line: Int) -> Int? {
            var (low, high) = (0, starts.count)
            while low < high {
                let middle = (low + high) / 2
                if starts[middle].documentLine <= line { low = middle + 1 } else { high = middle }
            }
            return low > 0 ? low - 1 : nil
        }
        func sourceLine(_ line: Int) -> Int? { record(line).map { starts[$0].sourceLine + line - starts[$0].documentLine } }
        let table: RecordTable
        do {
            let partition = try CSVPartition(source: .memory(document), name: source, parts: 1, delimiter: delimiter, allowHeaderOnly: true)
            table = try RecordTable.load(partition, settings: settings, side: side, changes: changes, latestBirthDate: latestBirthDate, sharded: true)
        } catch var error as InputError {
            error.line = error.line.flatMap(sourceLine)
            throw error
        }
        // One table row per text, in order: a text with none or several records is refused.
        for row in 0..<(table.rowCount + 1) {
            let found = row < table.rowCount ? record(Int(table.lines[row])) ?? 0 : starts.count
            if found < row { throw rows.error(line: starts[found].inputLine, field: 1, "holds more than one record (a TEXT is one CSV record)") }
            if found > row { throw rows.error(line: starts[row].inputLine, field: 1, "holds no record (a TEXT is one CSV record)") }
        }
        self.table = table
        self.document = document
        self.delimiter = delimiter
        sourceLines = (0..<table.rowCount).map { sourceLine(Int(table.lines[$0])) ?? 0 }
    }

    /// Reads the records of `document` again, calling `body` on each with its table row.
    func forEachRecord(_ body: (Int, CSVReader) throws -> Void) throws {
        let reader = try CSVReader(bytes: document, name: table.file, delimiter: delimiter, allowHeaderOnly: true)
        var row = 0
        while try reader.next() {
            try body(row, reader)
            row += 1
        }
    }
}
