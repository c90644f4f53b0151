import Comparators
import Foundation
import Kernels
import LinkIO

/// The first pass over a left release that is linked in chunks (`run`): what must be known of the
/// whole release before its first chunk is linked, and the chunks themselves.
///
/// - The latest record date: the right side's birth dates are read against it (`HESIndex.matching`,
///   `RecordTable.load(…latestBirthDate:…)`), so it must be known before any record is linked.
/// - Every error `RecordTable.load` throws for the left side, the first in file order: a malformed
///   record, a blank or overlong id, and a repeated id (the earliest record whose id an earlier
///   record has, as the whole-table load reports it). Ids are checked by their 64-bit hashes
///   (`KeyHash.hash`, 8 bytes per record while the pass runs); only when two hashes are equal is
///   the file read again to compare those ids' bytes, so a collision is never taken for a repeat.
/// - The chunks: `chunkRecords` records each, in input order (the last holds the rest), as byte
///   ranges of the file, each read again by `CSVPartition(chunk:of:parts:)` when it is linked.
/// - The records' fingerprint (`CSVReader.recordFingerprint()`, summed), which the chunks' tables
///   must add up to: a file that changed between the passes is an error, never a mixed release.
/// - Whether any record has one of the `watched` ids (the clerical decisions ledger's records: the
///   bands of every chunk have the clerical rank when one does).
///
/// - Complexity: O(bytes), in parallel chunks; memory about 20 bytes per record during the pass
///   (hashes and record ends), released before it returns but for the chunks' ranges.
package struct ReleaseScan: Sendable {
    /// The file, its header and its records as one chunk per `CSVPartition` part (the pass's cut).
    package let partition: CSVPartition
    /// The release in chunks of `chunkRecords` records, in input order; one empty chunk when the
    /// file has no records.
    package let chunks: [CSVChunk]
    package let records: Int
    package let latestRecordDate: CalendarDate?
    package let fingerprint: UInt64
    /// True when a record's id is one of the ids `scan` watched for.
    package let hasWatchedID: Bool

    /// What one part of the pass found.
    struct Part: Sendable {
        var hashes: [UInt64] = []
        /// Per record, where the next record starts (offset and line).
        var ends: [Int] = []
        var endLines: [Int32] = []
        var latestRecordDate: CalendarDate?
        var fingerprint: UInt64 = 0
        var hasWatchedID = false
    }

    /// Reads the left file `url` once.
    ///
    /// - Throws: `InputError` as `RecordTable.load(…side: .left…)` would for the whole file.
    ///
    /// - Parameter watched: ids to look for (`hasWatchedID`), each record's checked by its hash first.
    package static func scan(url: URL, file: String, settings: LinkSettings, chunkRecords: Int, threads: Int,
                             watching watched: Set<[UInt8]> = [], stages: StageLog = StageLog()) throws -> ReleaseScan {
        let watchedHashes = Set(watched.map { $0.withUnsafeBufferPointer(hash) })
        precondition(chunkRecords > 0, "chunks of at least one record")
        let partition = try CSVPartition(url: url, name: file, parts: threads > 1 ? threads * 4 : 1, allowHeaderOnly: true)
        let columns = try partition.columns.requireColumns([settings.left.idColumn] + settings.comparisons.map(\.leftColumn))
        let idColumn = columns[0]
        let recordDateColumn = settings.left.recordDateColumn.flatMap(partition.columns.columnIndex)
        var parts = try stages.time("scan", counting: partition.dataBytes, of: .bytes) { bytesRead in
            try partition.mapChunks(progress: bytesRead) { chunk, reader in
                var part = Part()
                part.hashes.reserveCapacity(chunk.maxRecords)
                part.ends.reserveCapacity(chunk.maxRecords)
                part.endLines.reserveCapacity(chunk.maxRecords)
                while try reader.next() {
                    try reader.withField(idColumn) { id in
                        guard !id.isEmpty else { throw RecordTable.blankID(reader, column: idColumn) }
                        guard id.count <= StringInterner.Batch.maximumLength else { throw RecordTable.longID(reader, column: idColumn) }
                        let hash = hash(id)
                        part.hashes.append(hash)
                        if watchedHashes.contains(hash), watched.contains(Array(id)) { part.hasWatchedID = true }
                    }
                    part.fingerprint &+= reader.recordFingerprint()
                    if let column = recordDateColumn,
                       let date = reader.withField(column, { CalendarDate.standardise($0, latest: .latestRecordDate).value }) {
                        part.latestRecordDate = max(part.latestRecordDate ?? date, date)
                    }
                    let end = reader.nextRecordStart
                    part.ends.append(end.offset)
                    part.endLines.append(Int32(end.line))
                }
                return part
            }
        }
        let records = parts.reduce(0) { $0 + $1.hashes.count }
        let latest = parts.compactMap(\.latestRecordDate).max()
        let fingerprint = parts.reduce(UInt64(0)) { $0 &+ $1.fingerprint }
        let chunks = cut(parts, partition: partition, records: records, chunkRecords: chunkRecords)
        let hasWatchedID = parts.contains(where: \.hasWatchedID)
        var hashes: [UInt64] = []
        hashes.reserveCapacity(records)
        for index in parts.indices {
            hashes += parts[index].hashes
            parts[index] = Part()
        }
        try stages.time("repeated ids") {
            try checkRepeats(hashes, url: url, file: file, idColumn: idColumn, columnName: settings.left.idColumn, threads: threads)
        }
        return ReleaseScan(partition: partition, chunks: chunks, records: records, latestRecordDate: latest, fingerprint: fingerprint,
                           hasWatchedID: hasWatchedID)
    }

    /// An id's hash for the repeat check: never 0 (the radix sort's empty key).
    static func hash(_ id: UnsafeBufferPointer<UInt8>) -> UInt64 { max(KeyHash.hash(id), 1) }

    /// The byte ranges of records `[c·n, (c+1)·n)`, from each record's end as the parts saw it.
    static func cut(_ parts: [Part], partition: CSVPartition, records: Int, chunkRecords n: Int) -> [CSVChunk] {
        guard let first = partition.chunks.first, let last = partition.chunks.last else {
            return [CSVChunk(index: 0, bytes: 0..<0, firstLine: partition.columns.line + 1, maxRecords: 0)]
        }
        // Where record `r` ends (the next starts), for the boundaries r = n − 1, 2n − 1, …
        var boundaries: [(offset: Int, line: Int)] = []
        var partStart = 0
        for part in parts {
            var record = (partStart / n + 1) * n - 1
            while record < partStart + part.ends.count {
                boundaries.append((part.ends[record - partStart], Int(part.endLines[record - partStart])))
                record += n
            }
            partStart += part.ends.count
        }
        if records % n == 0 { boundaries.removeLast() }  // the file's end is the last chunk's end
        var starts = [(offset: first.bytes.lowerBound, line: first.firstLine)] + boundaries
        let endLine = last.firstLine + last.maxRecords
        starts.append((last.bytes.upperBound, endLine))
        return (0..<starts.count - 1).map { index in
            CSVChunk(index: index, bytes: starts[index].offset..<starts[index + 1].offset, firstLine: starts[index].line,
                     maxRecords: starts[index + 1].line - starts[index].line + (index == starts.count - 2 ? 1 : 0))
        }
    }

    /// Throws the whole-table load's error for the earliest record whose id an earlier record has.
    /// Equal hashes are found by sorting them; the file is read again only when there are any, and
    /// only their ids' bytes are compared.
    static func checkRepeats(_ hashes: consuming [UInt64], url: URL, file: String, idColumn: Int, columnName: String,
                             threads: Int) throws {
        let sorted = RadixSort.sortedNonZero(hashes, threads: threads)
        var suspects: Set<UInt64> = []
        for index in sorted.indices.dropFirst() where sorted[index] == sorted[index - 1] { suspects.insert(sorted[index]) }
        guard !suspects.isEmpty else { return }
        let reader = try CSVReader(url: url, name: file, allowHeaderOnly: true)
        var firstLine: [[UInt8]: Int] = [:]
        while try reader.next() {
            let repeated = reader.withField(idColumn) { id -> Int? in
                guard suspects.contains(hash(id)) else { return nil }
                let bytes = Array(id)
                if let first = firstLine[bytes] { return first }
                firstLine[bytes] = reader.line
                return nil
            }
            if let first = repeated {
                throw RecordTable.repeatedID(file: file, line: reader.line, first: first, column: columnName)
            }
        }
    }
}
