import Foundation
import Kernels

/// A streaming RFC 4180 CSV reader over bytes.
///
/// Reads a header row, then one record per `next()`. Fields may be quoted; a quoted field may hold
/// the delimiter, doubled quotes (`""` reads as `"`) and line breaks. Lines end with LF or CRLF (a
/// CR on its own is an error outside quotes); the last line needs no line ending; a leading UTF-8 byte
/// order mark is skipped; blank lines are skipped. The delimiter is comma, tab or pipe: given, or
/// detected from the header line (the most frequent of the three outside quotes; comma when none).
///
/// Every field is checked to be UTF-8, and every record to have as many fields as the header. Any
/// malformed input throws an `InputError` naming the file, the line and the column, never a value.
///
/// Fields are read in place: `withField(_:_:)` lends the unquoted bytes without allocating.
/// `line` is the 1-based physical line on which the current record starts.
///
/// - Complexity: `next()` is O(bytes of the record). Memory is O(`Options.blockSize` + longest
///   record), whatever the file's size.
public final class CSVReader {
    /// Tuning knobs; the defaults suit files from kilobytes to many gigabytes.
    public struct Options: Sendable {
        /// Bytes read per `pread(2)`; the window starts this large.
        public var blockSize: Int
        /// The longest record accepted; a longer one (usually an unclosed quote) is an error.
        public var maxRecordBytes: Int

        public init(blockSize: Int = 1 << 20, maxRecordBytes: Int = 16 << 20) {
            self.blockSize = max(1, blockSize)
            self.maxRecordBytes = max(self.blockSize, maxRecordBytes)
        }
    }

    /// The file as errors name it (e.g. `did.csv`).
    public let name: String
    /// The header row: column names and their case-insensitive lookup.
    public internal(set) var columns: CSVHeader
    /// The field separator: `,`, tab or `|`.
    public internal(set) var delimiter: UInt8
    /// 1-based physical line on which the current record starts (the header's line before the first
    /// `next()`).
    @exclusivity(unchecked) public internal(set) var line = 1

    /// The column names, in file order.
    public var header: [String] { columns.names }

    // The per-record state below is marked `@exclusivity(unchecked)`: a reader is confined to one
    // thread and never lends its properties `inout`, so the runtime's dynamic exclusivity checks (a
    // third of the parse CPU time: 0.81 -> 0.50 CPU-s on 268 MB, measured) can never fire; they are off.
    let window: ByteWindow
    /// Parse position in the window: the first byte not yet consumed.
    @exclusivity(unchecked) var position = 0
    /// The physical line at `position`.
    @exclusivity(unchecked) var nextLine = 1
    /// The field table's storage (Kernels' `RawArray`s, grown together by `growFields`); `starts`,
    /// `ends` and `escaped` are views of it.
    let fieldTable: (starts: RawArray<Int>, ends: RawArray<Int>, escaped: RawArray<UInt8>)
    /// Fields of the current record: bytes `starts[i]..<ends[i]` of `recordBase` (`@usableFromInline`
    /// so that field access inlines into callers in other modules).
    @exclusivity(unchecked) @usableFromInline var starts: BufferView<Int>
    @exclusivity(unchecked) @usableFromInline var ends: BufferView<Int>
    /// The window's bytes when the current record was read.
    @exclusivity(unchecked) @usableFromInline var recordBase: BufferView<UInt8>
    /// Per field: nonzero when the field was quoted and holds doubled quotes still to be undone.
    @exclusivity(unchecked) var escaped: BufferView<UInt8>
    @exclusivity(unchecked) var fieldCapacity: Int
    /// Fields in the current record.
    @exclusivity(unchecked) public internal(set) var fieldCount = 0
    /// Fields every record must have; nil while reading the header.
    @exclusivity(unchecked) var expectedFields: Int?
    private let allowHeaderOnly: Bool
    @exclusivity(unchecked) private var recordsRead = 0
    /// Counts the bytes read for a progress display, once per block (nil: none). Unchecked as the
    /// per-record state above: checked, reading it cost a `swift_beginAccess` per record (callgrind).
    @exclusivity(unchecked) public var progress: WorkCounter?
    /// The source offset up to which bytes were added to `progress`.
    @exclusivity(unchecked) var progressOffset = 0

    /// Opens `url`, reads and checks its header.
    ///
    /// - Parameters:
    ///   - name: how errors name the file, e.g. `did.csv`.
    ///   - delimiter: `,`, tab or `|` (anything else is an error); nil to detect it from the header line.
    ///   - allowHeaderOnly: accept a file with a header and no records.
    /// - Throws: `InputError` when the file cannot be read, is empty, or its header is malformed
    ///   (repeated or empty names, bad quoting, invalid UTF-8).
    public convenience init(
        url: URL, name: String, delimiter: UInt8? = nil, allowHeaderOnly: Bool = false, options: Options = Options()
    ) throws {
        try self.init(
            source: .file(path: url.path), name: name, delimiter: delimiter, allowHeaderOnly: allowHeaderOnly,
            options: options)
    }

    /// Reads CSV text already in memory; otherwise as `init(url:name:delimiter:allowHeaderOnly:options:)`.
    public convenience init(
        bytes: [UInt8], name: String, delimiter: UInt8? = nil, allowHeaderOnly: Bool = false,
        options: Options = Options()
    ) throws {
        try self.init(
            source: .memory(bytes), name: name, delimiter: delimiter, allowHeaderOnly: allowHeaderOnly,
            options: options)
    }

    /// Reads the header of `source`.
    public init(
        source: CSVSource, name: String, delimiter: UInt8? = nil, allowHeaderOnly: Bool = false,
        options: Options = Options()
    ) throws {
        if let delimiter, !Self.delimiters.contains(delimiter) {
            throw InputError(file: name, "the delimiter must be a comma, a tab or a pipe")
        }
        self.name = name
        self.allowHeaderOnly = allowHeaderOnly
        do {
            window = try ByteWindow(
                source: source, range: nil, blockSize: options.blockSize, maxCapacity: options.maxRecordBytes)
        } catch {
            throw Self.openError(error, file: name)
        }
        recordBase = window.bytes
        fieldCapacity = 16
        fieldTable = (RawArray(capacity: fieldCapacity), RawArray(capacity: fieldCapacity), RawArray(capacity: fieldCapacity))
        (starts, ends, escaped) = (fieldTable.starts.view, fieldTable.ends.view, fieldTable.escaped.view)
        self.delimiter = 0x2C
        columns = try CSVHeader(names: [], file: name)
        let detected = try skipByteOrderMarkAndDetect(delimiter)
        let names = try readHeader(delimiter: detected)
        self.delimiter = detected
        columns = try CSVHeader(names: names, file: name, line: line)
        expectedFields = names.count
    }

    /// A reader of one chunk of a partitioned file: no header of its own, lines counted from
    /// `chunk.firstLine`.
    init(chunk: CSVChunk, of partition: CSVPartition) throws {
        name = partition.name
        allowHeaderOnly = true
        columns = partition.columns
        delimiter = partition.delimiter
        do {
            window = try ByteWindow(
                source: partition.source, range: chunk.bytes, blockSize: partition.options.blockSize,
                maxCapacity: partition.options.maxRecordBytes)
        } catch {
            throw Self.openError(error, file: partition.name)
        }
        recordBase = window.bytes
        fieldCapacity = max(16, columns.names.count + 1)
        fieldTable = (RawArray(capacity: fieldCapacity), RawArray(capacity: fieldCapacity), RawArray(capacity: fieldCapacity))
        (starts, ends, escaped) = (fieldTable.starts.view, fieldTable.ends.view, fieldTable.escaped.view)
        expectedFields = columns.names.count
        nextLine = chunk.firstLine
        line = chunk.firstLine
        progressOffset = chunk.bytes.lowerBound
    }

    /// The index of the column called `name`, ignoring case; nil when there is none.
    ///
    /// - Complexity: O(length of `name`).
    public func columnIndex(_ name: String) -> Int? { columns.columnIndex(name) }

    /// The indices of `names`, in the order asked.
    ///
    /// - Throws: one `InputError` naming every missing column, never a header cell.
    /// - Complexity: O(total length of `names`).
    public func requireColumns(_ names: [String]) throws -> [Int] { try columns.requireColumns(names) }

    /// Advances to the next record.
    ///
    /// - Returns: false at the end of the input.
    /// - Throws: `InputError` for a malformed record, or at the end when the file had a header but no
    ///   records and `allowHeaderOnly` is false.
    /// - Complexity: O(bytes of the record).
    public func next() throws -> Bool {
        if try readRecord() {
            recordsRead += 1
            return true
        }
        if recordsRead == 0, !allowHeaderOnly {
            throw InputError(file: name, line: line, "has a header but no records")
        }
        return false
    }

    /// Lends the unquoted bytes of field `index` of the current record to `body`. The bytes are valid
    /// UTF-8 and valid only inside `body`.
    ///
    /// - Complexity: O(1) plus `body`.
    @inlinable @inline(__always)
    public func withField<R>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        precondition(index >= 0 && index < fieldCount, "field index out of range")
        let start = starts[index]
        return try body(recordBase.slice(start: start, count: ends[index] - start))
    }

    /// Field `index` of the current record as a `String` (allocates; prefer `withField` in hot loops).
    ///
    /// - Complexity: O(length of the field).
    @inlinable
    public func string(_ index: Int) -> String {
        withField(index) { String(decoding: $0, as: UTF8.self) }
    }

    /// An error about column `column` of the current record, for callers that find a value they cannot
    /// use (`did.csv:1042: NHS_NUMBER: is not 10 digits`). Never put the value in `message`.
    public func error(column: Int, _ message: String) -> InputError {
        InputError(file: name, line: line, column: columns.label(column), message)
    }

    /// An error about the current record as a whole.
    public func error(_ message: String) -> InputError {
        InputError(file: name, line: line, message)
    }

    /// The delimiters the reader accepts: comma, tab, pipe (in the order detection prefers them).
    public static let delimiters: [UInt8] = [0x2C, 0x09, 0x7C]

    /// Absolute offset in the source of the first byte not yet consumed.
    var sourceOffset: Int { window.baseOffset + position }

    /// Where the record after the current one starts: its byte offset in the source and its physical
    /// line (a chunk of the file can start there: `CSVChunk`).
    public var nextRecordStart: (offset: Int, line: Int) { (sourceOffset, nextLine) }

    /// Adds the bytes consumed since the last call to `progress`: called before each refill and at
    /// the end, so a reader of a whole file counts its size and a chunk's reader its chunk.
    func countProgress() {
        guard let progress else { return }
        let offset = sourceOffset
        progress.add(offset - progressOffset)
        progressOffset = offset
    }

    static func openError(_ error: ByteWindowError, file: String) -> InputError {
        switch error {
        case .cannotOpen(let code): return InputError(file: file, "cannot be opened (\(String(cString: strerror(code))))")
        case .cannotRead(let code): return InputError(file: file, "cannot be read (\(String(cString: strerror(code))))")
        case .recordTooLong(let limit): return InputError(file: file, "has a record longer than \(limit) bytes")
        case .notRegular(let kind): return InputError(file: file, RegularFile.refusal(kind))
        }
    }
}

/// Where a CSV reader's bytes come from: a file or bytes in memory (Kernels' `ByteSource`).
public typealias CSVSource = ByteSource
