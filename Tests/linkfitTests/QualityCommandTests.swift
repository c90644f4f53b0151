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
}
