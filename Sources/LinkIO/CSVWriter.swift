import Foundation

/// Writes a CSV file atomically: rows go to a temporary file in the destination's folder, and only
/// `commit()` renames it into place. A writer that is never committed (an error, a crash) leaves the
/// destination untouched and removes its temporary file.
///
/// Fields are quoted only when needed (they contain the delimiter, a quote, CR or LF); quotes are
/// doubled (RFC 4180). Lines end with LF. Column order is the header's, fixed at creation.
public final class CSVWriter {
    public let url: URL
    public let columnCount: Int
    private let delimiter: UInt8
    private let temporaryURL: URL
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private var fieldsInRow = 0
    private var finished = false
    private static let flushThreshold = 1 << 20

    /// Creates the temporary file and writes the header.
    ///
    /// - Parameters:
    ///   - permissions: POSIX mode for the file, e.g. `0o600` for files holding identifiers.
    /// - Throws: `CommandFailure`-style `CSVWriterError` when the folder cannot be written.
    public init(url: URL, header: [String], delimiter: UInt8 = UInt8(ascii: ","), permissions: Int = 0o644) throws {
        self.url = url
        self.columnCount = header.count
        self.delimiter = delimiter
        let folder = url.deletingLastPathComponent()
        temporaryURL = folder.appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp")
        guard FileManager.default.createFile(
            atPath: temporaryURL.path, contents: nil, attributes: [.posixPermissions: permissions])
        else { throw OutputError(path: url.path, reason: "cannot create a file in \(folder.path)") }
        do {
            handle = try FileHandle(forWritingTo: temporaryURL)
        } catch {
            try? FileManager.default.removeItem(at: temporaryURL)
            throw OutputError(path: url.path, reason: "cannot open for writing")
        }
        buffer.reserveCapacity(Self.flushThreshold + 4096)
        try writeRow(header)
    }

    deinit {
        if !finished {
            try? handle.close()
            try? FileManager.default.removeItem(at: temporaryURL)
        }
    }

    /// Appends one field to the current row.
    public func field<S: StringProtocol>(_ text: S) {
        separate()
        let utf8 = text.utf8
        if utf8.contains(where: { $0 == delimiter || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) {
            buffer.append(0x22)
            for byte in utf8 {
                if byte == 0x22 { buffer.append(0x22) }
                buffer.append(byte)
            }
            buffer.append(0x22)
        } else {
            buffer.append(contentsOf: utf8)
        }
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
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { raw in
            while magnitude > 0 {
                raw[count] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
                count += 1
            }
            for index in stride(from: count - 1, through: 0, by: -1) { buffer.append(raw[index]) }
        }
    }

    /// Appends raw bytes as one field, quoting when needed.
    public func field(bytes: UnsafeBufferPointer<UInt8>) {
        separate()
        if bytes.contains(where: { $0 == delimiter || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) {
            buffer.append(0x22)
            for byte in bytes {
                if byte == 0x22 { buffer.append(0x22) }
                buffer.append(byte)
            }
            buffer.append(0x22)
        } else {
            buffer.append(contentsOf: bytes)
        }
    }

    /// Ends the current row. The row must have exactly `columnCount` fields.
    public func endRow() throws {
        precondition(fieldsInRow == columnCount, "row has \(fieldsInRow) fields, header has \(columnCount)")
        buffer.append(0x0A)
        fieldsInRow = 0
        if buffer.count >= Self.flushThreshold { try flush() }
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
            throw OutputError(path: url.path, reason: "cannot finish writing")
        }
        if rename(temporaryURL.path, url.path) != 0 {
            try? FileManager.default.removeItem(at: temporaryURL)
            throw OutputError(path: url.path, reason: "cannot move the finished file into place")
        }
    }

    private func separate() {
        if fieldsInRow > 0 { buffer.append(delimiter) }
        fieldsInRow += 1
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
