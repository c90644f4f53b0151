import Foundation
import Kernels
import LinkIO

/// Writes links.csv, review.csv and duplicates.csv chunk by chunk of left records in input order
/// (`run` links a release in chunks and writes each as it is decided; `LinkOutput.write` is one
/// chunk), and sums the run's summary. Each chunk's records are read again from the left file, its
/// parts formatted in parallel and appended in file order, so the files are the same for any chunk
/// size and thread count. Nothing is renamed into place before `finish`; a writer released without
/// it leaves nothing behind (`CSVWriter`).
///
/// Across chunks it keeps only counts: the summary, the duplicate pairs (two right ids per pair)
/// and the records' fingerprint.
package final class LinkWriter {
    let settings: LinkSettings
    let fileVersion: String
    let folder: URL
    let leftName: String
    let kept: [Int]
    let reviewColumns: LinkOutput.ReviewColumns
    let links: CSVWriter
    let review: CSVWriter
    /// The suspected duplicate pairs (`best << 32 | duplicate`, right entities) and their records.
    private var duplicates: [Int64: Int] = [:]
    private var summary: RunSummary?
    /// The sum of the written records' fingerprints (`CSVReader.recordFingerprint()`).
    package private(set) var fingerprint: UInt64 = 0

    /// Creates the temporary links.csv and review.csv in `folder` for a left file with header `columns`.
    ///
    /// - Throws: `InputError` when a carried column clashes with an added one (`LinkOutput.keptColumns`)
    ///   or a column the review rows read is missing; `OutputError` when the folder cannot be written.
    package init(settings: LinkSettings, fileVersion: String, columns: CSVHeader, leftName: String, folder: URL) throws {
        self.settings = settings
        self.fileVersion = fileVersion
        self.folder = folder
        self.leftName = leftName
        kept = try LinkOutput.keptColumns(columns, settings: settings)
        links = try CSVWriter(url: folder.appendingPathComponent("links.csv"), header: LinkOutput.header(columns, kept: kept, settings: settings))
        reviewColumns = LinkOutput.ReviewColumns(
            id: try columns.requireColumns([settings.left.idColumn])[0], values: try columns.requireColumns(settings.comparisons.map(\.leftColumn)),
            comparisons: try settings.comparisons.map(FieldComparison.init))
        review = try CSVWriter(url: folder.appendingPathComponent("review.csv"), header: LinkOutput.reviewHeader(settings), permissions: 0o600)
    }

    /// What one part of a chunk formatted.
    struct Formatted: Sendable {
        var links = CSVLine()
        var review = CSVLine()
        var reviewRows = 0
        var fingerprint: UInt64 = 0
    }

    /// Writes the rows of `output` (one chunk: its left table and result), reading its records again
    /// from `records` (the chunk's bytes of the left file, cut into parts).
    ///
    /// - Throws: `InputError` when the records are not those of `output.left`: another line, fewer
    ///   or more records, or different bytes (`RecordTable.contentFingerprint`).
    /// - Complexity: O(bytes of the chunk), its parts in parallel; memory O(bytes written for it).
    package func write(_ output: LinkOutput, records: CSVPartition, threads: Int, progress: WorkCounter? = nil) throws {
        let left = output.left
        // Each part's first row: the row whose record starts on the part's first line.
        let firstRows = try records.chunks.map { chunk -> Int in
            guard let row = Self.row(startingOn: chunk.firstLine, in: left.lines) else {
                throw InputError(file: leftName, line: chunk.firstLine, "changed while linkfit was reading it (records differ between passes)")
            }
            return row
        }
        let parts = try ParallelChunks.map(count: records.chunks.count, threads: threads) { part -> Formatted in
            let reader = try records.reader(for: records.chunks[part])
            reader.progress = progress
            let end = part + 1 < firstRows.count ? firstRows[part + 1] : left.rowCount
            return try format(output, reader: reader, rows: firstRows[part]..<end)
        }
        guard firstRows.first ?? 0 == 0, !(firstRows.isEmpty && left.rowCount > 0) else {
            throw InputError(file: leftName, "changed while linkfit was reading it (fewer records on the second pass)")
        }
        var chunkFingerprint: UInt64 = 0
        var reviewRows = 0
        for part in parts {
            try links.append(rows: part.links)
            try review.append(rows: part.review)
            chunkFingerprint &+= part.fingerprint
            reviewRows += part.reviewRows
        }
        guard chunkFingerprint == left.contentFingerprint else {
            throw InputError(file: leftName, "changed while linkfit was reading it (the records differ from those linked; nothing was written)")
        }
        fingerprint &+= chunkFingerprint
        let result = output.result
        for row in 0..<result.count where result.duplicate[row] >= 0 {
            duplicates[Int64(result.best[row]) << 32 | Int64(result.duplicate[row]), default: 0] += 1
        }
        let counts = RunSummary(result: result, fileVersion: fileVersion, reviewRows: reviewRows)
        if summary == nil { summary = counts } else { summary?.add(counts) }
    }

    /// The rows `rows` of `output`, from the records `reader` reads (exactly those).
    private func format(_ output: LinkOutput, reader: CSVReader, rows: Range<Int>) throws -> Formatted {
        let left = output.left
        var formatted = Formatted()
        var terms: [Double] = []
        var row = rows.lowerBound
        while try reader.next() {
            guard row < rows.upperBound, Int(left.lines[row]) == reader.line else {
                throw InputError(file: leftName, line: reader.line, "changed while linkfit was reading it (records differ between passes)")
            }
            formatted.fingerprint &+= reader.recordFingerprint()
            LinkOutput.writeKept(reader: reader, kept: kept, to: &formatted.links)
            output.writeResult(row, to: &formatted.links)
            formatted.links.endRow()
            if output.result.status[row] == .review {
                formatted.reviewRows += output.writeReview(row, reader: reader, columns: reviewColumns, terms: &terms, to: &formatted.review)
            }
            row += 1
        }
        guard row == rows.upperBound else {
            throw InputError(file: leftName, "changed while linkfit was reading it (fewer records on the second pass)")
        }
        return formatted
    }

    /// The row whose record starts on `line` (`lines` ascending), or nil.
    static func row(startingOn line: Int, in lines: [Int32]) -> Int? {
        var (low, high) = (0, lines.count)
        while low < high {
            let middle = (low + high) / 2
            if Int(lines[middle]) < line { low = middle + 1 } else { high = middle }
        }
        return low < lines.count && Int(lines[low]) == line ? low : nil
    }

    /// Renames links.csv and review.csv into place, writes duplicates.csv and returns the summary
    /// of every chunk written (`right`: the right table the entities of every chunk's result are of).
    ///
    /// - Parameter beforeCommit: called before anything is renamed (a test hook).
    /// - Precondition: `write` was called (with no records, for an empty release).
    package func finish(right: RecordTable, beforeCommit: () -> Void = {}) throws -> RunSummary {
        guard let summary else { preconditionFailure("finish() after at least one write()") }
        beforeCommit()
        try links.commit()
        try review.commit()
        try writeDuplicates(right: right)
        return summary
    }

    /// The suspected duplicate pairs of right ids (two live HESIDs of one person) for the team that
    /// keeps the right file: one row per pair, the id the records linked to first, with how many
    /// left records met the pair, in id order. Holds ids only, no identifying values.
    func writeDuplicates(right: RecordTable) throws {
        let id = settings.right.linkColumn
        let rows = duplicates.map { (first: right.ids[Int($0.key >> 32)], second: right.ids[Int($0.key & 0xFFFF_FFFF)], records: $0.value) }
            .sorted { ($0.first, $0.second) < ($1.first, $1.second) }
        let writer = try CSVWriter(url: folder.appendingPathComponent("duplicates.csv"), header: [id, "DUPLICATE_\(id)", "RECORDS"])
        for pair in rows {
            writer.field(pair.first)
            writer.field(pair.second)
            writer.field(pair.records)
            try writer.endRow()
        }
        try writer.commit()
    }
}
