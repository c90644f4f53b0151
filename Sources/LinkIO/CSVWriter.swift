import Foundation

/// Writes a CSV file atomically: rows go to a temporary file in the destination's folder, and only
/// `commit()` renames it into place, so readers see the old file or the whole new one, never a part.
/// A writer released without `commit()` (an error was thrown) leaves the destination untouched and
/// removes its temporary file; so does an interruption (`TemporaryPaths`). After a SIGKILL only a
/// hidden `.<name>.<pid>.<UUID>.tmp` can remain, and the next writer of the same file removes it
/// (`TemporaryName`).
///
/// Fields are quoted only when needed (they contain the delimiter, a quote, CR or LF); quotes are
/// doubled (RFC 4180). Lines end with LF. Column order is the header's, fixed at creation.
/// `CSVReader` reads back exactly what was written.
///
/// - Complexity: O(bytes written); memory O(1 MiB) (rows are buffered and flushed in blocks).
public final class CSVWriter: CSVFieldSink {
    public let url: URL
    public let columnCount: Int
    private let delimiter: UInt8
    private let temporaryURL: URL
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private var fieldsInRow = 0
    /// Where the current row starts in `buffer`.
    private var rowStart = 0
    private var finished = false
    private static let flushThreshold = 1 << 20

    /// Creates the temporary file (named uniquely, beside `url`, with exactly `permissions` whatever
    /// the umask) and writes the header.
    ///
    /// - Parameters:
    ///   - permissions: POSIX mode for the file, e.g. `0o600` for files holding identifiers.
    /// - Throws: `OutputError` when the folder cannot be written.
    public init(url: URL, header: [String], delimiter: UInt8 = UInt8(ascii: ","), permissions: Int = 0o644) throws {
        precondition(!header.isEmpty, "a CSV file needs at least one column")
        self.url = url
        self.columnCount = header.count
        self.delimiter = delimiter
        let folder = url.deletingLastPathComponent()
        TemporaryName.removeStale(in: folder, of: url.lastPathComponent, suffixes: ["tmp"])
        let temporaryURL = folder.appendingPathComponent(TemporaryName.make(for: url.lastPathComponent, suffix: "tmp"))
        self.temporaryURL = temporaryURL
        let descriptor = TemporaryPaths.critical { paths -> Int32 in
            let descriptor = open(temporaryURL.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
            if descriptor >= 0 { paths.insert(temporaryURL.path) }
            return descriptor
        }
        guard descriptor >= 0 else {
            throw OutputError(path: url.path, reason: "cannot create a file in \(folder.path) (\(String(cString: strerror(errno))))")
        }
        guard fchmod(descriptor, mode_t(permissions)) == 0 else {
            close(descriptor)
            unlink(temporaryURL.path)
            TemporaryPaths.forget(temporaryURL.path)
            throw OutputError(path: url.path, reason: "cannot set the file's permissions")
        }
        handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        buffer.reserveCapacity(Self.flushThreshold + 4096)
        try writeRow(header)
    }

    deinit {
        if !finished {
            try? handle.close()
            try? FileManager.default.removeItem(at: temporaryURL)
            TemporaryPaths.forget(temporaryURL.path)
        }
    }

    /// Appends one field to the current row, quoted only when it holds the delimiter, a quote, CR or LF.
    ///
    /// - Complexity: O(length of `text`).
    public func field<S: StringProtocol>(_ text: S) {
        separate()
        append(text.utf8)
    }

    /// As `field(_:)` for a `String`, through its contiguous UTF-8 (no per-byte generic walk).
    public func field(_ text: String) {
        separate()
        var text = text
        text.withUTF8 { append($0) }
    }

    /// Appends a number with `digits` fraction digits (`FixedPoint.format`), without allocating.
    public func field(_ value: Double, digits: Int) {
        separate()
        FixedPoint.append(value, digits: digits, to: &buffer)
    }

    /// Appends an integer field (no quoting ever needed).
    public func field(_ value: Int) {
        separate()
        if value == 0 {
            buffer.append(UInt8(ascii: "0"))
            return
        }
        var magnitude = value.magnitude
        if value < 0 { buffer.append(UInt8(ascii: "-")) }
        // Digits from the right, then reversed in place.
        let start = buffer.count
        while magnitude > 0 {
            buffer.append(UInt8(ascii: "0") + UInt8(magnitude % 10))
            magnitude /= 10
        }
        buffer[start...].reverse()
    }

    /// Appends raw bytes as one field, quoting when needed.
    ///
    /// - Complexity: O(`bytes.count`).
    public func field(bytes: UnsafeBufferPointer<UInt8>) {
        separate()
        append(bytes)
    }

    @inline(__always)
    private func append<C: Collection>(_ bytes: C) where C.Element == UInt8 {
        CSVLine.appendField(bytes, delimiter: delimiter, to: &buffer)
    }

    /// Ends the current row. The row must have exactly `columnCount` fields. A one-column row whose
    /// field is empty is written `""`, since readers skip blank lines.
    public func endRow() throws {
        precondition(fieldsInRow == columnCount, "row has \(fieldsInRow) fields, header has \(columnCount)")
        if buffer.count == rowStart { buffer.append(contentsOf: [0x22, 0x22]) }
        buffer.append(0x0A)
        fieldsInRow = 0
        if buffer.count >= Self.flushThreshold { try flush() }
        rowStart = buffer.count
    }

    /// Writes a whole row of text fields.
    public func writeRow<S: StringProtocol>(_ fields: [S]) throws {
        for text in fields { field(text) }
        try endRow()
    }

    /// Flushes, closes, and renames the temporary file onto the destination.
    public func commit() throws {
        precondition(!finished, "commit() called twice")
        precondition(fieldsInRow == 0, "commit() with an unfinished row")
        try flush()
        finished = true
        do {
            try handle.synchronize()
            try handle.close()
        } catch {
            try? FileManager.default.removeItem(at: temporaryURL)
            TemporaryPaths.forget(temporaryURL.path)
            throw OutputError(path: url.path, reason: "cannot finish writing")
        }
        defer { TemporaryPaths.forget(temporaryURL.path) }
        if rename(temporaryURL.path, url.path) != 0 {
            try? FileManager.default.removeItem(at: temporaryURL)
            throw OutputError(path: url.path, reason: "cannot move the finished file into place")
        }
    }

    private func separate() {
        if fieldsInRow > 0 { buffer.append(delimiter) }
        fieldsInRow += 1
    }

    /// Appends rows formatted in memory (`CSVLine` with `endRow()` after each), as `field` and
    /// `endRow` would have written them: formatting can run on other threads, writing in order here.
    public func append(rows: CSVLine) throws {
        precondition(fieldsInRow == 0 && rows.fieldCount == 0, "append(rows:) between whole rows")
        buffer.append(contentsOf: rows.bytes)
        if buffer.count >= Self.flushThreshold { try flush() }
        rowStart = buffer.count
    }

    private func flush() throws {
        guard !buffer.isEmpty else { return }
        do {
            try handle.write(contentsOf: buffer)
        } catch {
            throw OutputError(path: url.path, reason: "cannot write (disk full?)")
        }
        buffer.removeAll(keepingCapacity: true)
    }
}

/// An output file could not be written. Exits 1 (not bad input).
public struct OutputError: Error, Equatable, Sendable, CustomStringConvertible {
    public var path: String
    public var reason: String
    public var description: String { "\(path): \(reason)" }
}
