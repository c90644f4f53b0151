import Fellegi
import Foundation
import LinkIO
import Releases
import Testing

@testable import linkfit

/// The decision rules of `run --decisions` on hand-made records, and `decisions add`'s checks.
@Suite struct DecisionsCommandTests {
    static let key = Array(UInt8(0)..<32)

    /// 1111111111 and 2222222222 are one person held twice; 3333333333 another person; 4444444444 an
    /// id that old_new.csv merges into 3333333333.
    static let hes = [
        "HESID,NEWNHSNO,DOB,SEX,HOMEADD",
        "1111111111,9434765919,1970-03-14,1,LS1 4AP",
        "2222222222,9434765919,1970-03-14,1,LS1 4AP",
        "3333333333,4010232137,1985-07-01,2,M1 1AA",
    ]
    static let did = [
        "DID_ID,NHS_NUMBER,PERSON_BIRTH_DATE,GENDER,POSTCODE,TEST_DATE",
        "D1,9434765919,1970-03-14,1,LS1 4AP,2025-02-01",
        "D2,4010232137,1985-07-01,2,M1 1AA,2025-02-01",
    ]

    /// A folder with the fixture's model, the files above, the key, and run 1 (`r1`).
    static func folder() throws -> URL {
        let folder = CLITest.folder("decisions")
        try FileManager.default.copyItem(at: CLITest.fixture.get().appendingPathComponent("model.json"), to: folder.appendingPathComponent("model.json"))
        try CLITest.write(hes, to: folder, "hes.csv")
        try CLITest.write(did, to: folder, "did.csv")
        try CLITest.write(["OLD_HESID,NEW_HESID", "4444444444,3333333333"], to: folder, "old_new.csv")
        try ExtractCommandTests.writeKey(key, "k.key", in: folder)
        let run = CLITest.run(run(out: "r1", decisions: false), in: folder)
        try #require(run.status == 0, "\(run.stderr)")
        return folder
    }

    static func run(out: String, decisions: Bool = true, did: String = "did.csv", key: String = "k.key") -> [String] {
        ["run", "--did", did, "--hes", "hes.csv", "--old-new", "old_new.csv", "--model", "model.json", "--file-version", out, "--out", out]
            + (decisions ? ["--decisions", "ledger.csv", "--decisions-key", key, "--previous", "r1"] : [])
    }

    /// Writes a ledger of `(record, entity, verdict)` rows, fingerprinted on the records of `did`.
    static func writeLedger(_ rows: [(String, String, ClericalDecisions.Verdict)], in folder: URL, did: String = "did.csv") throws {
        let table = try RecordTable.load(url: folder.appendingPathComponent(did), file: did, settings: .didToHES, side: .left)
        let fingerprint = key.withUnsafeBytes { RecordFingerprint(key: $0) }
        var ledger = DecisionLedger(recordColumn: "DID_ID", entityColumn: "HESID")
        _ = try ledger.add(rows.map { row in
            let version = table.version(ofRow: try #require(table.ids.index(of: row.0)))
            return DecisionLedger.Entry(record: row.0, entity: row.1, verdict: row.2, fileVersion: "r1", model: "m",
                                        fingerprint: fingerprint.of(version: version), key: fingerprint.keyFingerprint)
        }, supersede: false, file: "test")
        try ledger.write(to: folder.appendingPathComponent("ledger.csv"))
    }

    /// The links.csv row of `id` as column name → value.
    static func link(_ id: String, in folder: URL, _ out: String) throws -> [String: String] {
        let rows = try CLITest.rows(folder.appendingPathComponent("\(out)/links.csv"))
        let row = try #require(rows.first { $0[0] == id })
        return Dictionary(uniqueKeysWithValues: zip(rows[0], row))
    }

    @Test func aNonMatchOnTheBestCandidateLinksTheNextOneWhenItQualifies() throws {
        let folder = try Self.folder()
        let before = try Self.link("D1", in: folder, "r1")
        #expect(before["HESID"] == "1111111111" && before["LINK_STATUS"] == "linked-duplicate")
        try Self.writeLedger([("D1", "1111111111", .nonMatch)], in: folder)
        let run = CLITest.run(Self.run(out: "r2"), in: folder)
        try #require(run.status == 0, "\(run.stderr)")
        let after = try Self.link("D1", in: folder, "r2")
        #expect(after["HESID"] == "2222222222")
        #expect(after["LINK_STATUS"] == "linked")
        #expect(after["MATCH_RANK"] == before["MATCH_RANK"])
        let change = try #require(CLITest.rows(folder.appendingPathComponent("r2/changes.csv")).first { $0[0] == "D1" })
        #expect(change.suffix(2) == ["relinked", "non-match"])
        // Run again into the same folder: changes.csv is a run output, so the folder is replaced whole.
        let again = CLITest.run(Self.run(out: "r2"), in: folder)
        #expect(again.status == 0, "\(again.stderr)")

        // The report of the run shows the change counts.
        let report = CLITest.run(["report", "--model", "model.json", "--run", "r2", "--html", "r2.html"], in: folder)
        try #require(report.status == 0, "\(report.stderr)")
        let page = try CLITest.text(folder.appendingPathComponent("r2.html"))
        #expect(page.contains("What changed since the previous release"))
        #expect(page.contains("relinked 1, renamed 0, rank-changed 0, unchanged 1"))
        #expect(page.contains("id=\"figure-changes\""))
    }

    @Test func twoMatchesOnOnePersonHeldTwiceLinkOneOfThem() throws {
        let folder = try Self.folder()
        // Equal weights: the first decision added wins.
        try Self.writeLedger([("D1", "2222222222", .match), ("D1", "1111111111", .match)], in: folder)
        let run = CLITest.run(Self.run(out: "r2"), in: folder)
        try #require(run.status == 0, "\(run.stderr)")
        let after = try Self.link("D1", in: folder, "r2")
        #expect(after["HESID"] == "2222222222")
        #expect(after["LINK_STATUS"] == "linked-clerical")
        #expect(after["MATCH_RANK"] == "C")
    }

    @Test func aMatchOnAMergedIdLinksItsCurrentIdAtTheClericalRank() throws {
        let folder = try Self.folder()
        try Self.writeLedger([("D2", "4444444444", .match)], in: folder)
        let run = CLITest.run(Self.run(out: "r2"), in: folder)
        try #require(run.status == 0, "\(run.stderr)")
        let after = try Self.link("D2", in: folder, "r2")
        #expect(after["HESID"] == "3333333333")
        #expect(after["MATCH_RANK"] == "C")
        #expect(after["LINK_STATUS"] == "linked-clerical")
        let summary = try JSON.parse(Data(contentsOf: folder.appendingPathComponent("r2/summary.json")), file: "summary.json")
        #expect(summary["decisions"]?["renamed"]?.number == 1)
        #expect(summary["decisions"]?["match"]?.number == 1)
    }

    @Test func aCorrectedRecordMakesItsDecisionStale() throws {
        let folder = try Self.folder()
        try Self.writeLedger([("D1", "1111111111", .nonMatch)], in: folder)
        // D1 resubmitted without its NHS number: the decision was made on another version of it.
        try CLITest.write([Self.did[0], "D1,,1970-03-14,1,LS1 4AP,2025-02-01", Self.did[2]], to: folder, "did2.csv")
        let run = CLITest.run(Self.run(out: "r2", did: "did2.csv"), in: folder)
        try #require(run.status == 0, "\(run.stderr)")
        let review = try CLITest.rows(folder.appendingPathComponent("r2/review.csv"))
        #expect(review.dropFirst().filter { $0[0] == "D1" }.map { $0[3] }.allSatisfy { $0 == "decision-stale" })
        #expect(review.dropFirst().contains { $0[0] == "D1" })
        #expect(try Self.link("D1", in: folder, "r2")["LINK_STATUS"] == "review")
    }

    @Test func aLedgerMadeWithAnotherKeyIsRefusedAtItsLine() throws {
        let folder = try Self.folder()
        try Self.writeLedger([("D1", "1111111111", .nonMatch)], in: folder)
        try ExtractCommandTests.writeKey(Array(UInt8(1)...32), "other.key", in: folder)
        let run = CLITest.run(Self.run(out: "r2", key: "other.key"), in: folder)
        #expect(run.status == 65)
        #expect(run.stderr.contains("ledger.csv:2: KEY: was made with another key"))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("r2/links.csv").path))
    }

    @Test func aPreviousReleaseOfAnotherLineageIsAllowedAndReported() throws {
        let folder = try Self.folder()
        let summaryURL = folder.appendingPathComponent("r1/summary.json")
        let summary = try CLITest.text(summaryURL)
        let settings = try #require(try JSON.parse(Data(summary.utf8), file: "summary.json")["lineage"]?["settings"]?.string)
        let run = CLITest.run(Self.run(out: "same", decisions: false) + ["--previous", "r1"], in: folder)
        #expect(run.status == 0 && run.stderr.isEmpty, "\(run.stderr)")
        try CLITest.write(summary.replacingOccurrences(of: settings, with: "0000000000000000"), to: summaryURL)
        let other = CLITest.run(Self.run(out: "other", decisions: false) + ["--previous", "r1"], in: folder)
        #expect(other.status == 0)
        #expect(other.stderr.contains("r1 was linked with other settings (another lineage)"))
        #expect(try CLITest.text(folder.appendingPathComponent("other/changes.csv")) == CLITest.text(folder.appendingPathComponent("same/changes.csv")))
    }

    // MARK: decisions add

    /// A review.csv of two rows for D1 (candidates 1111111111 and 2222222222) with `decisions`.
    static func review(_ decisions: [String], in folder: URL) throws {
        let run = folder.appendingPathComponent("q")
        try FileManager.default.createDirectory(at: run, withIntermediateDirectories: true)
        let version = String(repeating: "c", count: 32)
        try CLITest.write(["DID_ID,CANDIDATE,HESID,REASON,RECORD_VERSION,DECISION,REVIEWER,DECIDED_ON",
                           "D1,1,1111111111,near-tie,\(version),\(decisions[0]),ann,2025-03-02",
                           "D1,2,2222222222,near-tie,\(version),\(decisions[1]),,"], to: run, "review.csv")
        try CLITest.write(#"{"fileVersion": "2025-02", "lineage": {"model": "0123456789abcdef", "settings": "fedcba9876543210"}}"#,
                          to: run.appendingPathComponent("summary.json"))
    }

    static let add = ["decisions", "add", "--review", "q/review.csv", "--ledger", "ledger.csv", "--key", "k.key"]

    @Test func aDecisionThatIsNotOneOfTheThreeWordsIsALocatedErrorThatEchoesNothing() throws {
        let folder = CLITest.folder("decisions-add")
        try ExtractCommandTests.writeKey(Self.key, "k.key", in: folder)
        try Self.review(["=HYPERLINK(1)", "match"], in: folder)
        let outcome = CLITest.run(Self.add, in: folder)
        #expect(outcome.status == 65)
        #expect(outcome.stderr.contains("q/review.csv:2: DECISION: is not match, non-match or unsure"))
        #expect(!outcome.stderr.contains("HYPERLINK"))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("ledger.csv").path))
        try Self.review(["match", "unsure "], in: folder)
        #expect(CLITest.run(Self.add, in: folder).status == 0)
    }

    @Test func aContradictionNeedsSupersedeAndTheLedgerKeepsBoth() throws {
        let folder = CLITest.folder("decisions-add")
        try ExtractCommandTests.writeKey(Self.key, "k.key", in: folder)
        try Self.review(["match", "non-match"], in: folder)
        #expect(CLITest.run(Self.add, in: folder).status == 0)
        let first = try CLITest.text(folder.appendingPathComponent("ledger.csv"))
        #expect(CLITest.run(Self.add, in: folder).stdout.contains("0 added to ledger.csv, 2 already there"))
        try Self.review(["non-match", "match"], in: folder)
        let refused = CLITest.run(Self.add, in: folder)
        #expect(refused.status == 65)
        #expect(refused.stderr.contains("q/review.csv:2: DECISION: contradicts the decision in force on this pair (match, ledger line 2)"))
        #expect(try CLITest.text(folder.appendingPathComponent("ledger.csv")) == first)
        #expect(CLITest.run(Self.add + ["--supersede"], in: folder).status == 0)
        let rows = try CLITest.rows(folder.appendingPathComponent("ledger.csv"))
        #expect(rows.count == 5)
        #expect(try CLITest.text(folder.appendingPathComponent("ledger.csv")).hasPrefix(first))
        #expect(rows[1].prefix(5) == ["D1", "1111111111", "match", "ann", "2025-03-02"])
        #expect(rows[1][5...6] == ["2025-02", "0123456789abcdef"])
    }

    @Test func decisionsWithoutTheirKeyAreAUsageErrorBeforeAnyWork() throws {
        let folder = CLITest.folder("decisions-usage")
        let outcome = CLITest.run(["run", "--did", "d.csv", "--hes", "h.csv", "--model", "m.json", "--file-version", "v", "--out", "out",
                                   "--decisions", "ledger.csv"], in: folder)
        #expect(outcome.status == 64)
        #expect(outcome.stderr.contains("options '--decisions' and '--decisions-key' go together"))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("out").path))
    }
}
