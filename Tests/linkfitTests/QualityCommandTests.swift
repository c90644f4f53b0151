import Foundation
import LinkIO
import Testing

@testable import linkfit

/// `linkfit quality` on a hand-made run folder (the numbers are QualityReportTests'): console, quality.json, errors.
@Suite struct QualityCommandTests {
    static func handMade() throws -> URL {
        let folder = CLITest.folder("quality")
        let run = folder.appendingPathComponent("run")
        try FileManager.default.createDirectory(at: run, withIntermediateDirectories: true)
        try CLITest.write([
            "DID_ID,TEST_DATE,PROVIDER_CODE,HESID,MATCH_RANK,MATCH_PROBABILITY,LINK_STATUS",
            "D1,2025-01-03,RDE,H1,1,0.9,linked", "D2,2025-01-20,RAK,H2,1,0.8,linked-duplicate", "D3,2025-02-01,RDE,H3,2,0.5,linked",
            "D4,2025-02-11,RDE,,,0.6,review", "D5,2025-02-12,RAK,,,0.3,unlinked", "D6,2025-03-01,RAK,,,,unlinked",
        ], to: run, "links.csv")
        try CLITest.write(#"{"ranks": [{"rank": "1", "meaning": "all agree", "records": 2}, {"rank": "2", "meaning": "NHS number agrees", "records": 1}]}"#,
                          to: run.appendingPathComponent("summary.json"))
        try CLITest.write(["DID_ID,CANDIDATE,HESID,MATCH_PROBABILITY", "D4,1,H9,0.7", "D4,2,H8,0.2"], to: run, "review.csv")
        return folder
    }

    @Test func printsTheTablesAndWritesQualityJSON() throws {
        let folder = try Self.handMade()
        let outcome = CLITest.run(["quality", "--run", "run"], in: folder)
        #expect(outcome.status == 0)
        #expect(outcome.stdout.contains("records in 6, matched 3, match rate 50.00%"))
        #expect(outcome.stdout.contains("expected false links: 0.8 [0.0, 2.2]"))
        #expect(outcome.stdout.contains("expected missed links: 1.0 [0.0, 2.3]"))
        #expect(outcome.stdout.contains("RDE                          3          2     66.67%"))
        #expect(outcome.stdout.contains("2025-03                      1          0      0.00%"))
        let written = try CLITest.text(folder.appendingPathComponent("run/quality.json"))
        let json = try JSON.parse(Data(written.utf8), file: "quality.json")
        #expect(json.serialised() == written)
        #expect(json["perProvider"]?["RAK"]?["matched"] == .number(1))
        let again = CLITest.run(["quality", "--run", "run", "--json"], in: folder)
        #expect(again.stdout == written)
    }

    @Test func aMissingProviderColumnIsALocatedError() throws {
        let outcome = CLITest.run(["quality", "--run", "run", "--provider-column", "SITE"], in: try Self.handMade())
        #expect(outcome.status == 65)
        #expect(outcome.stderr.contains("run/links.csv:1: missing required column SITE"))
    }

    /// On the synthetic fixture's run: the rows sum to the totals, and neither quality.json nor the
    /// console holds any NHS number, birth date or postcode of did.csv.
    @Test func aSynthRunSumsToItsTotalsAndHoldsNoIdentifier() throws {
        let fixture = try CLITest.fixture.get()
        let out = "run-quality-\(UUID().uuidString)"
        let run = CLITest.run(["run", "--did", "did.csv", "--hes", "hes.csv", "--model", "model.json", "--file-version", "2025-04",
                               "--out", out], in: fixture)
        try #require(run.status == 0, "\(run.stderr)")
        let outcome = CLITest.run(["quality", "--run", out], in: fixture)
        try #require(outcome.status == 0, "\(outcome.stderr)")
        let written = try CLITest.text(fixture.appendingPathComponent("\(out)/quality.json"))
        let json = try JSON.parse(Data(written.utf8), file: "quality.json")
        let records = try #require(json["overall"]?["records"]?.number)
        let matched = try #require(json["overall"]?["matched"]?.number)
        #expect(records == 1000)
        for table in ["perProvider", "perMonth"] {
            let rows = try #require(json[table]?.object?.values)
            #expect(rows.compactMap { $0["records"]?.number }.reduce(0, +) == records)
            #expect(rows.compactMap { $0["matched"]?.number }.reduce(0, +) == matched)
        }
        let did = try CLITest.rows(fixture.appendingPathComponent("did.csv"))
        let identifierColumns = ["NHS_NUMBER", "PERSON_BIRTH_DATE", "POSTCODE"].compactMap { did[0].firstIndex(of: $0) }
        #expect(identifierColumns.count == 3)
        let values = Set(did.dropFirst().flatMap { row in identifierColumns.map { row[$0] } }.filter { $0.count >= 5 })
        #expect(values.count > 1000)
        #expect(!values.contains { written.contains($0) || outcome.stdout.contains($0) })
    }
}
