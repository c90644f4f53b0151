import Fellegi
import Foundation
import LinkIO
import Releases
import Testing

@testable import linkfit

/// `run` links the DID release in chunks of input order (`LINKFIT_RUN_CHUNK_RECORDS` sets the chunk
/// size for tests): every output is the same bytes for any chunk size and thread count, with the
/// HES CSV and with an index, and with the features that read the whole release.
@Suite struct StreamedRunTests {
    /// The fixture (1,000 DID records) and an index built for its model.
    static let data: Result<URL, any Error> = Result {
        let directory = try CLITest.fixture.get()
        let index = CLITest.run(["index", "--hes", "hes.csv", "--old-new", "old_new_hesid.csv", "--model", "model.json", "--out", "stream.lfx"],
                                in: directory)
        guard index.status == 0 else { throw CLITest.SetupError.failed(index.stderr) }
        return directory
    }

    static let files = ["links.csv", "review.csv", "summary.json", "quality.json", "quality.csv", "duplicates.csv"]

    static func run(_ hes: [String], out: String, chunk: Int?, threads: Int, extra: [String] = [], in directory: URL) throws -> URL {
        let outcome = CLITest.run(["run", "--did", "did.csv"] + hes + ["--old-new", "old_new_hesid.csv", "--model", "model.json",
                                   "--file-version", "v1", "--out", out, "--threads", String(threads)] + extra,
                                  in: directory, environment: chunk.map { ["LINKFIT_RUN_CHUNK_RECORDS": String($0)] } ?? [:])
        try #require(outcome.status == 0, "\(outcome.stderr)")
        return directory.appendingPathComponent(out)
    }

    static func stageNames(_ folder: URL) throws -> [String] {
        let timings = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("timings.json"))) as? [String: Any]
        return (timings?["stages"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
    }

    @Test(arguments: [["--hes", "hes.csv"], ["--hes-index", "stream.lfx"]])
    func chunksOfAnySizeOnOneOrTwoThreadsWriteTheSameFiles(_ hes: [String]) throws {
        let directory = try Self.data.get()
        let label = hes[0].dropFirst(2)
        // The reference: the release in one chunk (the default size holds the fixture whole).
        let whole = try Self.run(hes, out: "stream-\(label)-whole", chunk: nil, threads: 2, in: directory)
        for (chunk, threads) in [(1, 1), (7, 2), (250, 1), (999, 2)] {
            let chunked = try Self.run(hes, out: "stream-\(label)-\(chunk)-\(threads)", chunk: chunk, threads: threads, in: directory)
            for name in Self.files {
                let expected = try Data(contentsOf: whole.appendingPathComponent(name))
                #expect(expected.count > 50, "\(name)")
                #expect(try Data(contentsOf: chunked.appendingPathComponent(name)) == expected, "\(name), chunks of \(chunk), \(threads) threads")
            }
        }
    }

    @Test func theReleaseIsReadOnceWholeThenLinkedChunkByChunk() throws {
        let directory = try Self.data.get()
        let out = try Self.run(["--hes", "hes.csv"], out: "stream-stages", chunk: 100, threads: 2, in: directory)
        let names = try Self.stageNames(out)
        for stage in ["read DID", "scan", "repeated ids", "link", "read DID chunks", "block, compare, score", "write rows", "write", "quality"] {
            #expect(names.contains(stage), "\(stage) in \(names)")
        }
        #expect(try CLITest.rows(out.appendingPathComponent("links.csv")).count == 1_001)
    }

    @Test func aChunkSizeThatIsNotAPositiveNumberIsAUsageError() throws {
        let directory = try Self.data.get()
        let outcome = CLITest.run(["run", "--did", "did.csv", "--hes", "hes.csv", "--model", "model.json", "--file-version", "v1",
                                   "--out", "stream-bad"], in: directory, environment: ["LINKFIT_RUN_CHUNK_RECORDS": "0"])
        #expect(outcome.status == 64)
        #expect(outcome.stderr.contains("LINKFIT_RUN_CHUNK_RECORDS must be a positive integer"))
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("stream-bad/links.csv").path))
    }

    @Test func aReportAndAPreviousReleaseGiveTheSameBytesWhateverTheChunkSize() throws {
        let directory = try Self.data.get()
        let previous = try Self.run(["--hes", "hes.csv"], out: "stream-previous", chunk: nil, threads: 2, in: directory)
        let extra = ["--previous", previous.lastPathComponent]
        let whole = try Self.run(["--hes-index", "stream.lfx"], out: "stream-changes-whole", chunk: nil, threads: 2, extra: extra, in: directory)
        let chunked = try Self.run(["--hes-index", "stream.lfx"], out: "stream-changes-3", chunk: 3, threads: 1,
                                   extra: extra + ["--report", "stream-changes-3/report.html"], in: directory)
        for name in Self.files + ["changes.csv"] {
            #expect(try Data(contentsOf: chunked.appendingPathComponent(name)) == Data(contentsOf: whole.appendingPathComponent(name)), "\(name)")
        }
        #expect(FileManager.default.fileExists(atPath: chunked.appendingPathComponent("report.html").path))
    }

    @Test func decisionsGiveTheSameBytesWhateverTheChunkSize() throws {
        let directory = try Self.data.get()
        let first = try Self.run(["--hes", "hes.csv"], out: "stream-decisions-r1", chunk: nil, threads: 2, in: directory)
        // Decisions on the first candidates of review.csv and on linked records (a reviewer overruling
        // the model), and one on a record not in the release.
        let review = try CLITest.rows(first.appendingPathComponent("review.csv"))
        let links = try CLITest.rows(first.appendingPathComponent("links.csv"))
        let id = try #require(links[0].firstIndex(of: "DID_ID")), hesid = try #require(links[0].firstIndex(of: "HESID"))
        let linked = links.dropFirst().filter { !$0[hesid].isEmpty }.enumerated().filter { $0.offset % 97 == 0 }.map { ($0.element[id], $0.element[hesid]) }
        let candidates = Array((review.dropFirst().filter { $0[1] == "1" }.map { ($0[0], $0[2]) } + linked).prefix(7))
        try #require(candidates.count == 7)
        let verdicts: [ClericalDecisions.Verdict] = [.match, .nonMatch, .unsure, .match, .nonMatch, .match, .unsure]
        let key = Array(UInt8(7)..<39)
        _ = try ExtractCommandTests.writeKey(key, "stream.key", in: directory)
        let table = try RecordTable.load(url: directory.appendingPathComponent("did.csv"), file: "did.csv", settings: .didToHES, side: .left)
        let fingerprint = key.withUnsafeBytes { RecordFingerprint(key: $0) }
        var ledger = DecisionLedger(recordColumn: "DID_ID", entityColumn: "HESID")
        var entries = try zip(candidates, verdicts).map { candidate, verdict in
            let version = table.version(ofRow: try #require(table.ids.index(of: candidate.0)))
            return DecisionLedger.Entry(record: candidate.0, entity: candidate.1, verdict: verdict, fileVersion: "r1", model: "m",
                                        fingerprint: fingerprint.of(version: version), key: fingerprint.keyFingerprint)
        }
        entries.append(DecisionLedger.Entry(record: "NOT-IN-THIS-RELEASE", entity: candidates[0].1, verdict: .match, fileVersion: "r1", model: "m",
                                            fingerprint: String(repeating: "0", count: 32), key: fingerprint.keyFingerprint))
        _ = try ledger.add(entries, supersede: false, file: "test")
        try ledger.write(to: directory.appendingPathComponent("stream-ledger.csv"))
        let extra = ["--decisions", "stream-ledger.csv", "--decisions-key", "stream.key", "--previous", first.lastPathComponent]
        let whole = try Self.run(["--hes", "hes.csv"], out: "stream-decisions-whole", chunk: nil, threads: 2, extra: extra, in: directory)
        let summary = try JSON.parse(Data(contentsOf: whole.appendingPathComponent("summary.json")), file: "summary.json")
        #expect(summary["decisions"]?["absentRecords"]?.number == 1)
        #expect((summary["decisions"]?["match"]?.number ?? 0) + (summary["decisions"]?["stale"]?.number ?? 0) >= 3)
        for (chunk, threads) in [(1, 1), (13, 2), (400, 1)] {
            let chunked = try Self.run(["--hes", "hes.csv"], out: "stream-decisions-\(chunk)", chunk: chunk, threads: threads, extra: extra, in: directory)
            for name in Self.files + ["changes.csv"] {
                #expect(try Data(contentsOf: chunked.appendingPathComponent(name)) == Data(contentsOf: whole.appendingPathComponent(name)),
                        "\(name), chunks of \(chunk)")
            }
        }
    }
}
