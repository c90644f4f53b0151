import Comparators
import Foundation
import LinkIO
import Synth
import Testing

@testable import Fellegi

/// A release linked in chunks (`ReleaseScan`, `Linker.prepare`, `LinkWriter`, `RecordIdentifiers`)
/// against the whole-table path (`RecordTable.load` of the whole file, one `Linker.link`, one
/// `LinkOutput.write`): the same tables, errors and bytes for every chunk size and thread count.
@Suite struct ReleaseScanTests {
    /// Synthetic HES and DID files (1,000 DID records, persons held twice among them), a record with
    /// a line break inside a quoted field, and the hand-built model.
    static let data: Result<URL, any Error> = Result {
        let folder = Engine.folder("release-scan")
        _ = try generate(.fixture, into: folder)
        let did = folder.appendingPathComponent("did.csv")
        var lines = try String(contentsOf: did, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        // A quoted MODALITY holding a line feed on the 4th record: records and lines differ from there.
        let header = lines[0].split(separator: ",").map(String.init)
        let modality = try #require(header.firstIndex(of: "MODALITY"))
        var fields = lines[4].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        fields[modality] = "\"C\nT\""
        lines[4] = fields.joined(separator: ",")
        try lines.joined(separator: "\n").write(to: did, atomically: true, encoding: .utf8)
        return folder
    }

    static func whole(_ folder: URL) throws -> RecordTable {
        try RecordTable.load(url: folder.appendingPathComponent("did.csv"), file: "did.csv", settings: Engine.settingsWithoutTermFrequencies,
                             side: .left, allowEmpty: true)
    }

    static func scan(_ folder: URL, chunk: Int, threads: Int = 2) throws -> ReleaseScan {
        try ReleaseScan.scan(url: folder.appendingPathComponent("did.csv"), file: "did.csv", settings: Engine.settingsWithoutTermFrequencies,
                             chunkRecords: chunk, threads: threads)
    }

    /// Each chunk's table, its records cut again into several parts (as `run` reads them).
    static func tables(_ scan: ReleaseScan) throws -> [(table: RecordTable, records: CSVPartition)] {
        try scan.chunks.map { chunk in
            let records = try CSVPartition(chunk: chunk, of: scan.partition, parts: 3, minimumChunkBytes: 1)
            return (try RecordTable.load(records, settings: Engine.settingsWithoutTermFrequencies, side: .left, threads: 2), records)
        }
    }

    @Test(arguments: [1, 2, 7, 333, 1_000, 5_000])
    func chunksHoldTheRecordsInInputOrderAndNOfThemEach(_ n: Int) throws {
        let folder = try Self.data.get()
        let whole = try Self.whole(folder)
        let scan = try Self.scan(folder, chunk: n)
        let tables = try Self.tables(scan)
        #expect(whole.rowCount == 1_000)
        #expect(scan.records == whole.rowCount)
        #expect(tables.map(\.table.rowCount) == Array(repeating: n, count: (whole.rowCount - 1) / n) + [(whole.rowCount - 1) % n + 1])
        #expect(tables.flatMap(\.table.lines) == whole.lines)
        #expect(tables.flatMap { part in (0..<part.table.rowCount).map { part.table.ids[$0] } } == (0..<whole.rowCount).map { whole.ids[$0] })
        #expect(tables.map(\.table.contentFingerprint).reduce(0, &+) == whole.contentFingerprint)
        #expect(scan.fingerprint == whole.contentFingerprint)
        #expect(scan.latestRecordDate == whole.latestRecordDate)
        #expect(whole.lines[3] + 2 == whole.lines[4])  // the 4th record holds a quoted line feed
    }

    @Test(arguments: [(1, 1), (3, 2), (7, 1), (64, 2)])
    func linkingInChunksWritesTheWholeTablesFiles(_ n: Int, threads: Int) throws {
        let folder = try Self.data.get()
        let model = try Engine.model()
        let right = try RecordTable.load(url: folder.appendingPathComponent("hes.csv"), file: "hes.csv", settings: model.settings, side: .right)
        let whole = try Self.whole(folder)
        let reference = folder.appendingPathComponent("whole-\(n)-\(threads)")
        try FileManager.default.createDirectory(at: reference, withIntermediateDirectories: true)
        let wholeResult = try Linker(model: model, threads: threads).link(left: whole, right: right)
        let wholeSummary = try LinkOutput(model: model, left: whole, right: right, result: wholeResult, fileVersion: "v1")
            .write(leftURL: folder.appendingPathComponent("did.csv"), leftName: "did.csv", folder: reference)

        let chunked = folder.appendingPathComponent("chunked-\(n)-\(threads)")
        try FileManager.default.createDirectory(at: chunked, withIntermediateDirectories: true)
        let scan = try Self.scan(folder, chunk: n, threads: threads)
        let linker = Linker(model: model, threads: threads)
        let prepared = try linker.prepare(right: right)
        let writer = try LinkWriter(settings: model.settings, fileVersion: "v1", columns: scan.partition.columns, leftName: "did.csv", folder: chunked)
        for (table, records) in try Self.tables(scan) {
            let result = try linker.link(left: table, prepared: prepared)
            try writer.write(LinkOutput(model: model, left: table, right: right, result: result, fileVersion: "v1"), records: records, threads: threads)
        }
        let summary = try writer.finish(right: right)
        #expect(scan.chunks.count == (1_000 + n - 1) / n)
        #expect(summary == wholeSummary)
        #expect(writer.fingerprint == whole.contentFingerprint)
        #expect(wholeSummary.review > 0 && wholeSummary.linkedDuplicate > 0)
        for name in ["links.csv", "review.csv", "duplicates.csv"] {
            let expected = try Data(contentsOf: reference.appendingPathComponent(name))
            #expect(try Data(contentsOf: chunked.appendingPathComponent(name)) == expected, "\(name)")
            #expect(expected.count > 100, "\(name)")
        }
    }

    @Test(arguments: [1, 3, 1_000])
    func theQualityPassesIdentifiersKeptPerChunkAreTheWholeTables(_ n: Int) throws {
        let folder = try Self.data.get()
        let whole = RecordIdentifiers(table: try Self.whole(folder))
        var chunked = RecordIdentifiers(settings: Engine.settingsWithoutTermFrequencies.comparisons)
        for (table, _) in try Self.tables(try Self.scan(folder, chunk: n)) { chunked.append(table) }
        #expect(chunked.rowCount == whole.rowCount)
        let ages = AgeBand.Limits(at: CalendarDate(days: 20_000))
        for row in 0..<whole.rowCount {
            #expect(chunked.line(row) == whole.line(row))
            #expect((0..<whole.comparisons).map { chunked.reason($0, row: row) } == (0..<whole.comparisons).map { whole.reason($0, row: row) })
            #expect(chunked.keys(row: row, ages: ages) == whole.keys(row: row, ages: ages))
        }
    }

    /// A DID file whose 1st and 6th records share an id, and whose 4th has none after the repeat.
    static func badFile(_ rows: [String], _ label: String) throws -> URL {
        let folder = Engine.folder(label)
        _ = try Engine.write([Engine.didHeader] + rows, to: folder, "did.csv")
        return folder
    }

    static let goodRows = (1...8).map { "D\($0),,1980-05-06,1,LS1 4AP,2025-03-0\($0),CT" }

    @Test(arguments: [1, 2, 5, 100])
    func aRepeatedIdAcrossChunksIsTheWholeLoadsError(_ n: Int) throws {
        var rows = Self.goodRows
        rows[5] = rows[0].replacingOccurrences(of: "2025-03-01", with: "2025-04-01")  // D1 again on line 7
        rows[7] = rows[2]  // D3 again on line 9: the earlier repeat is reported
        let folder = try Self.badFile(rows, "repeat")
        let expected = InputError(file: "did.csv", line: 7, column: "DID_ID", "repeats the id of the record on line 2")
        #expect(throws: expected) { _ = try Self.whole(folder) }
        #expect(throws: expected) { _ = try Self.scan(folder, chunk: n) }
    }

    @Test(arguments: [1, 3, 100])
    func aBlankIdIsTheWholeLoadsError(_ n: Int) throws {
        var rows = Self.goodRows
        rows[6] = rows[0]  // a repeat after the blank id: the blank comes first in the file
        rows[4] = "," + rows[4].drop { $0 != "," }.dropFirst()
        let folder = try Self.badFile(rows, "blank")
        var wholeError: InputError?
        do { _ = try Self.whole(folder) } catch let error as InputError { wholeError = error }
        let expected = try #require(wholeError)
        #expect(expected.description.contains("did.csv:6"))
        #expect(throws: expected) { _ = try Self.scan(folder, chunk: n) }
    }

    @Test func aFileWithOnlyAHeaderIsOneEmptyChunk() throws {
        let folder = try Self.badFile([], "empty")
        let scan = try Self.scan(folder, chunk: 4)
        #expect(scan.records == 0)
        #expect(try Self.tables(scan).map(\.table.rowCount) == [0])
    }
}
