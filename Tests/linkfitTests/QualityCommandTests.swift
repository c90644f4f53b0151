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
        #expect(outcome.stdout.contains("expected false links: 0.8 [0.0, 2.0]"))
        #expect(outcome.stdout.contains("expected missed links: 1.0 [0.0, 2.0]"))
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
        // Not the NHS pseudo-postcodes (`ZZ99 3VZ`, identifying no one), which the rules quote as examples.
        let values = Set(did.dropFirst().flatMap { row in identifierColumns.map { row[$0] } }.filter { $0.count >= 5 && !$0.uppercased().hasPrefix("ZZ99") })
        #expect(values.count > 1000)
        #expect(!values.contains { written.contains($0) || outcome.stdout.contains($0) })
    }

    /// Every NHS number, birth date and postcode of the fixture's did.csv (5 characters or more),
    /// its record ids and the HESIDs of hes.csv; not the NHS pseudo-postcodes (`ZZ99 3VZ`: a national
    /// code for no fixed abode, identifying no one), which the rules quote as examples.
    static func identifiers(_ fixture: URL) throws -> Set<String> {
        let did = try CLITest.rows(fixture.appendingPathComponent("did.csv"))
        let columns = ["DID_ID", "NHS_NUMBER", "PERSON_BIRTH_DATE", "POSTCODE"].compactMap { did[0].firstIndex(of: $0) }
        let hes = try CLITest.rows(fixture.appendingPathComponent("hes.csv"))
        let hesColumns = ["HESID", "NEWNHSNO", "DOB", "HOMEADD"].compactMap { hes[0].firstIndex(of: $0) }
        let values = did.dropFirst().flatMap { row in columns.map { row[$0] } } + hes.dropFirst().flatMap { row in hesColumns.map { row[$0] } }
        return Set(values.map { $0.trimmingCharacters(in: .whitespaces) }.filter { $0.count >= 5 && !$0.uppercased().hasPrefix("ZZ99") })
    }

    static func synthRun(_ fixture: URL) throws -> String {
        let out = "run-quality-\(UUID().uuidString)"
        let run = CLITest.run(["run", "--did", "did.csv", "--hes", "hes.csv", "--model", "model.json", "--file-version", "2025-04",
                               "--out", out], in: fixture)
        try #require(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("summary.json, quality.json, quality.csv"))
        return out
    }

    /// run writes quality.json and quality.csv itself, the same bytes as 'quality --did --model';
    /// the identifier rows sum to the totals and the subgroups hide small groups.
    @Test func runWritesTheQualityFilesWithIdentifiersAndSubgroups() throws {
        let fixture = try CLITest.fixture.get()
        let out = try Self.synthRun(fixture)
        let written = try CLITest.text(fixture.appendingPathComponent("\(out)/quality.json"))
        let csv = try CLITest.text(fixture.appendingPathComponent("\(out)/quality.csv"))
        let again = CLITest.run(["quality", "--run", out, "--did", "did.csv", "--model", "model.json"], in: fixture)
        try #require(again.status == 0, "\(again.stderr)")
        #expect(again.stderr.isEmpty)
        #expect(try CLITest.text(fixture.appendingPathComponent("\(out)/quality.json")) == written)
        #expect(try CLITest.text(fixture.appendingPathComponent("\(out)/quality.csv")) == csv)
        #expect(again.stdout.contains("valid NHS number  plausible birth date  valid postcode  pseudo-postcode"))
        #expect(again.stdout.contains("validation and derivation rules"))

        let json = try JSON.parse(Data(written.utf8), file: "quality.json")
        let records = try #require(json["overall"]?["records"]?.number)
        #expect(records == 1000)
        for name in ["nhs_number", "dob", "sex", "postcode"] {
            let overall = try #require(json["identifiers"]?[name]?["present"]?.number)
            for table in ["perProvider", "perMonth"] {
                let rows = try #require(json[table]?.object?.values)
                #expect(rows.compactMap { $0["identifiers"]?[name]?["present"]?.number }.reduce(0, +) == overall)
                for reason in ["blank", "failed-check", "pseudo", "not-known"] {
                    let total = json["identifiers"]?[name]?["missing"]?[reason]?.number ?? 0
                    #expect(rows.compactMap { $0["identifiers"]?[name]?["missing"]?[reason]?.number }.reduce(0, +) == total)
                }
            }
        }
        for dimension in ["age band", "sex", "postcode area"] {
            let rows = try #require(json["subgroups"]?[dimension]?.array)
            #expect(rows.compactMap { $0["records"]?.number }.reduce(0, +) == records)
            #expect(rows.allSatisfy { ($0["records"]?.number ?? 0) >= 10 || $0["pooledGroups"] != nil })
        }
        let csvRows = csv.split(separator: "\n")
        #expect(csvRows.first == "TABLE,GROUP,RECORDS,MATCHED,MATCH_RATE,VALID_NHS_NUMBER,PLAUSIBLE_BIRTH_DATE,VALID_POSTCODE,PSEUDO_POSTCODE")
        #expect(csvRows.filter { $0.hasPrefix("provider,") }.count == json["perProvider"]?.object?.count)
        let identifiers = try Self.identifiers(fixture)
        #expect(identifiers.count > 3000)
        #expect(!identifiers.contains { written.contains($0) || csv.contains($0) || again.stdout.contains($0) })
    }

    /// The standalone page: the report's sections, no script, nothing fetched, no identifier.
    @Test func theHTMLPageIsSelfContainedAndHoldsNoIdentifier() throws {
        let fixture = try CLITest.fixture.get()
        let out = try Self.synthRun(fixture)
        let outcome = CLITest.run(["quality", "--run", out, "--did", "did.csv", "--model", "model.json", "--html", "\(out)/quality.html"],
                                  in: fixture)
        try #require(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.hasSuffix("report written to \(out)/quality.html\n"))
        let page = try CLITest.text(fixture.appendingPathComponent("\(out)/quality.html"))
        Self.expectSelfContained(page)
        for heading in ["Data Matching Quality Report", "Completeness and validity of the identifiers", "Match rate per provider and test month",
                        "Who is under-linked", "Weight distributions of linked, review and unlinked records", "Validation and derivation rules"] {
            #expect(page.contains("<h2>\(heading)"), "missing section \(heading)")
        }
        // The fixture's unlinked records have no candidate, hence no weight: no unlinked histogram.
        #expect(!page.contains("id=\"figure-weights-unlinked\""))
        for chart in ["identifier-validity", "subgroup-age-band", "subgroup-sex", "weights-linked", "weights-review"] {
            #expect(page.contains("id=\"figure-\(chart)\""), "missing chart \(chart)")
        }
        // A weight histogram only for an outcome with weighted records (this run's unlinked records have no candidate).
        let json = try JSON.parse(Data(try CLITest.text(fixture.appendingPathComponent("\(out)/quality.json")).utf8), file: "quality.json")
        let unlinked = try #require(json["weightDistribution"]?["bins"]?.array).compactMap { $0["unlinked"]?.number }.reduce(0, +)
        #expect(page.contains("id=\"figure-weights-unlinked\"") == (unlinked > 0))
        let identifiers = try Self.identifiers(fixture)
        let leaked = identifiers.filter { page.contains($0) }
        #expect(leaked.isEmpty, "\(leaked.count) identifier values on the page")
    }

    /// No `<script`, no URL other than the SVG namespace, no `src=` or `href=` leaving the page.
    static func expectSelfContained(_ page: String) {
        #expect(!page.lowercased().contains("<script"))
        let urls = page.components(separatedBy: "http").count - 1
        #expect(urls == page.components(separatedBy: "xmlns=\"http://www.w3.org/2000/svg\"").count - 1)
        #expect(!page.contains("src="))
        let hrefs = page.components(separatedBy: "href=\"").dropFirst()
        #expect(hrefs.allSatisfy { $0.hasPrefix("#") })
        #expect(!page.contains("@import") && !page.contains("url("))
    }

    @Test func reportOfARunIncludesTheQualityPage() throws {
        let fixture = try CLITest.fixture.get()
        let out = try Self.synthRun(fixture)
        let outcome = CLITest.run(["report", "--model", "model.json", "--run", out, "--html", "\(out)/report.html"], in: fixture)
        try #require(outcome.status == 0, "\(outcome.stderr)")
        let page = try CLITest.text(fixture.appendingPathComponent("\(out)/report.html"))
        Self.expectSelfContained(page)
        #expect(page.contains("<h2>Data Matching Quality Report</h2>") && page.contains("<h2>Validation and derivation rules</h2>"))
        #expect(page.contains("<h2>Match weights</h2>"))
    }

    /// Without --model the built-in settings are used; the fixture's run used others (fewer u pairs).
    @Test func otherSettingsThanTheBuiltInOnesGetANote() throws {
        let fixture = try CLITest.fixture.get()
        let out = try Self.synthRun(fixture)
        let outcome = CLITest.run(["quality", "--run", out], in: fixture)
        #expect(outcome.status == 0)
        #expect(outcome.stderr == "note: \(out) was linked with other settings than the built-in ones, which the rules and identifier checks use: give its model with '--model'\n")
    }
}
