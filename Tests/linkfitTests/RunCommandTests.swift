import Fellegi
import Foundation
import LinkIO
import Testing

@testable import linkfit

/// `linkfit run` in-process on the synthetic fixture and on small hand-made files.
@Suite struct RunCommandTests {
    /// Runs the fixture into a fresh `out-…` folder inside the fixture folder.
    static func runFixture(_ extra: [String] = []) throws -> (directory: URL, out: URL, outcome: CLITest.Outcome) {
        let directory = try CLITest.fixture.get()
        let name = "out-\(UUID().uuidString)"
        let outcome = CLITest.run(["run", "--did", "did.csv", "--hes", "hes.csv", "--model", "model.json",
                                   "--file-version", "2025-03", "--out", name] + extra, in: directory)
        return (directory, directory.appendingPathComponent(name), outcome)
    }

    @Test func linksHaveOneRowPerDIDRecordInInputOrderWithoutIdentifiers() throws {
        let (directory, out, outcome) = try Self.runFixture()
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let did = try CLITest.rows(directory.appendingPathComponent("did.csv"))
        let links = try CLITest.rows(out.appendingPathComponent("links.csv"))
        #expect(links.count == did.count && did.count == 1_001)
        let header = links[0]
        #expect(header == ["DID_ID", "GENDER", "TEST_DATE", "MODALITY", "NICIP_CODE", "PROVIDER_CODE", "PATIENT_SOURCE_SETTING",
                           "HESID", "MATCH_RANK", "FILE_VERSION", "MATCH_WEIGHT", "MATCH_PROBABILITY", "AGREEMENT", "LINK_STATUS"])
        for identifying in ["NHS_NUMBER", "PERSON_BIRTH_DATE", "POSTCODE"] { #expect(!header.contains(identifying)) }
        #expect(links.dropFirst().map { $0[0] } == did.dropFirst().map { $0[0] })
        #expect(links.dropFirst().allSatisfy { $0.count == header.count && $0[9] == "2025-03" })

        // No identifier value anywhere in the file: every DID NHS number (as written and as digits),
        // birth date and postcode (as written and without spaces).
        let didHeader = did[0]
        let columns = ["NHS_NUMBER", "PERSON_BIRTH_DATE", "POSTCODE"].compactMap { didHeader.firstIndex(of: $0) }
        #expect(columns.count == 3)
        var identifiers: Set<String> = []
        for row in did.dropFirst() {
            for column in columns where !row[column].trimmingCharacters(in: .whitespaces).isEmpty {
                let value = row[column].trimmingCharacters(in: .whitespaces)
                identifiers.insert(value)
                identifiers.insert(value.filter { $0 != " " && $0 != "-" })
            }
        }
        #expect(identifiers.count > 1_000)
        let fields = Set(links.joined())
        #expect(fields.isDisjoint(with: identifiers))
        let text = try CLITest.text(out.appendingPathComponent("links.csv"))
        let leaked = identifiers.filter { $0.count >= 6 && text.contains($0) }
        #expect(leaked.isEmpty, "\(leaked.count) identifier values found in links.csv")
    }

    @Test func reviewIsOwnerOnlyAndTheSummaryBalances() throws {
        let (_, out, outcome) = try Self.runFixture()
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let attributes = try FileManager.default.attributesOfItem(atPath: out.appendingPathComponent("review.csv").path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)

        let summary = try JSON.parse(Data(contentsOf: out.appendingPathComponent("summary.json")), file: "summary.json")
        let records = summary["records"]
        #expect(records?["in"] == .number(1_000))
        #expect(records?["out"] == records?["in"])
        let counts = ["linked", "review", "unlinked"].compactMap { records?[$0]?.number }
        #expect(counts.reduce(0, +) == 1_000)
        #expect(summary["fileVersion"] == .string("2025-03"))
        // The bands used: the derived national ladder, ranks 1–9, with their thresholds.
        let bands = summary["bands"]?.array ?? []
        #expect(bands.compactMap { $0["rank"]?.string } == (1...9).map(String.init))
        #expect(bands.allSatisfy { $0["minimumWeight"]?.number != nil && $0["meaning"]?.string?.isEmpty == false })
        #expect(bands.first?["requires"] == .object(["dob": .array([.number(1), .number(2)]), "nhs_number": .array([.number(1)]),
                                                      "postcode": .array([.number(1)]), "sex": .array([.number(1)])]))
        // Per-rank counts add up to the linked count.
        let ranked = (summary["ranks"]?.array ?? []).compactMap { $0["records"]?.number }.reduce(0, +)
        #expect(ranked == records?["linked"]?.number)
    }

    // MARK: Hand-made files

    static let nhsA = "9434765919", nhsB = "4010232137"

    /// Sixty filler people (distinct birth dates and postcodes) so term frequencies look like an index,
    /// plus person A under an old HESID (1001, an earlier address) and the current one (1003).
    static func handFiles(oldNew: [String]) throws -> URL {
        let folder = CLITest.folder("hand")
        let letters = Array("ABDEFGHJLNPQRSTUWXYZ")
        var hes = ["HESID,NEWNHSNO,DOB,SEX,HOMEADD",
                   "1001,\(nhsA),1980-05-06,1,LS1 4AP",
                   "1003,\(nhsA),1980-05-06,1,LS2 7EE",
                   "2001,\(nhsB),1970-03-02,2,M1 1AA"]
        for i in 0..<60 {
            hes.append("\(5000 + i),,19\(40 + i)-0\(1 + i % 9)-1\(i % 10),\(1 + i % 2),B\(1 + i % 9) \(i % 10)\(letters[i % 20])\(letters[i / 20])")
        }
        try CLITest.write(hes, to: folder, "hes.csv")
        try CLITest.write(["DID_ID,NHS_NUMBER,PERSON_BIRTH_DATE,GENDER,POSTCODE,TEST_DATE",
                           "D1,\(nhsA),1980-05-06,1,LS1 4AP,2025-03-01",
                           "D2,\(nhsB),1970-03-02,2,M1 1AA,2025-03-02"], to: folder, "did.csv")
        try CLITest.write(["OLD_HESID,NEW_HESID"] + oldNew, to: folder, "old_new.csv")
        let model = try CLITest.fixture.get().appendingPathComponent("model.json")
        try FileManager.default.copyItem(at: model, to: folder.appendingPathComponent("model.json"))
        return folder
    }

    static func runHand(_ folder: URL, _ extra: [String]) -> CLITest.Outcome {
        CLITest.run(["run", "--did", "did.csv", "--hes", "hes.csv", "--model", "model.json", "--file-version", "v1",
                     "--out", "out"] + extra, in: folder)
    }

    @Test func oldNewPutsLinksUnderTheCurrentHESID() throws {
        let folder = try Self.handFiles(oldNew: ["1001,1002", "1002,1003"])
        // Without the changes, 1001 (the agreeing address) is its own entity and wins.
        let without = Self.runHand(folder, [])
        #expect(without.status == 0, "\(without.stderr)")
        let before = try CLITest.rows(folder.appendingPathComponent("out/links.csv"))
        #expect(before.map { $0[3] } == ["HESID", "1001", "2001"])

        // With them, 1001 → 1002 → 1003: its row joins 1003, and the link comes out as 1003.
        let with = Self.runHand(folder, ["--old-new", "old_new.csv"])
        #expect(with.status == 0, "\(with.stderr)")
        let after = try CLITest.rows(folder.appendingPathComponent("out/links.csv"))
        #expect(after.map { $0[3] } == ["HESID", "1003", "2001"])
        #expect(after[1][4] == "1")  // rank 1: the old address row still agrees on the postcode
    }

    @Test func aCycleInOldNewExits65WithALocatedMessageAndWritesNothing() throws {
        let folder = try Self.handFiles(oldNew: ["1001,1002", "1002,1001"])
        let outcome = Self.runHand(folder, ["--old-new", "old_new.csv"])
        #expect(outcome.status == 65)
        #expect(outcome.stderr == "linkfit: error: old_new.csv:2: NEW_HESID: HESID changes form a cycle of 2 (a HESID would become itself)\n")
        #expect(!outcome.stderr.contains("1001") && !outcome.stderr.contains("1002"))
        let written = (try? FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("out").path)) ?? []
        #expect(written.isEmpty)
    }

    @Test func aMissingRequiredColumnExits65NamingTheFileAndTheMissingColumnOnly() throws {
        let folder = try Self.handFiles(oldNew: [])
        try CLITest.write(["DID_ID,NHS_NUMBER,GENDER,POSTCODE,TEST_DATE", "D1,\(Self.nhsA),1,LS1 4AP,2025-03-01"], to: folder, "did.csv")
        let outcome = Self.runHand(folder, [])
        #expect(outcome.status == 65)
        #expect(outcome.stderr == "linkfit: error: did.csv:1: missing required column PERSON_BIRTH_DATE\n")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("out/links.csv").path))
    }

    @Test(arguments: [("HESID", "HESID"), ("link_status", "LINK_STATUS"), ("Match_Weight", "MATCH_WEIGHT")])
    func aLeftColumnNamedLikeAnAddedOneExits65BeforeAnyOutput(column: String, named: String) throws {
        let folder = try Self.handFiles(oldNew: [])
        try CLITest.write(["DID_ID,NHS_NUMBER,PERSON_BIRTH_DATE,GENDER,POSTCODE,TEST_DATE,\(column)",
                           "D1,\(Self.nhsA),1980-05-06,1,LS1 4AP,2025-03-01,x"], to: folder, "did.csv")
        let outcome = Self.runHand(folder, [])
        #expect(outcome.status == 65)
        #expect(outcome.stderr == "linkfit: error: did.csv:1: \(named): is a column linkfit adds to links.csv (rename it or list it in dropColumns)\n")
        let written = (try? FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("out").path)) ?? []
        #expect(written.isEmpty)
    }

    @Test func headerlessInputsExit65WithoutEchoingTheirFirstRow() throws {
        let folder = try Self.handFiles(oldNew: ["1001,1002"])
        try CLITest.write(["D1,\(Self.nhsA),1973-09-15,1,LS1 4AP,2025-03-01"], to: folder, "did.csv")
        let outcome = Self.runHand(folder, [])
        #expect(outcome.status == 65)
        #expect(outcome.stderr.hasPrefix("linkfit: error: did.csv:1: missing required columns "))
        for value in [Self.nhsA, "1973-09-15", "LS1 4AP", "D1,"] { #expect(!outcome.stderr.contains(value)) }
        let noHeader = try Self.handFiles(oldNew: [])
        try CLITest.write(["1001,1002", "1003,1004"], to: noHeader, "old_new.csv")
        let oldNew = Self.runHand(noHeader, ["--old-new", "old_new.csv"])
        #expect(oldNew.status == 65)
        #expect(oldNew.stderr == "linkfit: error: old_new.csv:1: missing required columns OLD_HESID, NEW_HESID\n")
    }

    struct MissingFile: Sendable, CustomTestStringConvertible {
        var id: String
        var arguments: [String]
        var message: String
        var testDescription: String { id }
    }

    /// A missing input is bad input data (65), not a usage error or a crash.
    @Test(arguments: [
        MissingFile(id: "did", arguments: ["--did", "nope.csv", "--hes", "hes.csv", "--model", "model.json"],
                    message: "linkfit: error: nope.csv: does not exist\n"),
        MissingFile(id: "hes", arguments: ["--did", "did.csv", "--hes", "nope.csv", "--model", "model.json"],
                    message: "linkfit: error: nope.csv: does not exist\n"),
        MissingFile(id: "model", arguments: ["--did", "did.csv", "--hes", "hes.csv", "--model", "nope.json"],
                    message: "linkfit: error: nope.json: cannot be read (does it exist?)\n"),
        MissingFile(id: "old-new", arguments: ["--did", "did.csv", "--hes", "hes.csv", "--model", "model.json", "--old-new", "nope.csv"],
                    message: "linkfit: error: nope.csv: does not exist\n"),
    ])
    func aMissingFileExits65(_ missing: MissingFile) throws {
        let folder = try Self.handFiles(oldNew: [])
        let outcome = CLITest.run(["run"] + missing.arguments + ["--file-version", "v1", "--out", "out"], in: folder)
        #expect(outcome.status == 65)
        #expect(outcome.stderr == missing.message)
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("out/links.csv").path))
    }

    @Test func aDIDFileWithOnlyAHeaderSucceedsWithAnEmptyLinkFile() throws {
        let folder = try Self.handFiles(oldNew: [])
        try CLITest.write(["DID_ID,NHS_NUMBER,PERSON_BIRTH_DATE,GENDER,POSTCODE,TEST_DATE"], to: folder, "did.csv")
        let outcome = Self.runHand(folder, [])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(try CLITest.text(folder.appendingPathComponent("out/links.csv"))
            == "DID_ID,GENDER,TEST_DATE,HESID,MATCH_RANK,FILE_VERSION,MATCH_WEIGHT,MATCH_PROBABILITY,AGREEMENT,LINK_STATUS\n")
        let summary = try JSON.parse(Data(contentsOf: folder.appendingPathComponent("out/summary.json")), file: "summary.json")
        #expect(summary["records"]?["in"] == .number(0) && summary["records"]?["out"] == .number(0))
        #expect(outcome.stdout.contains("records out:       0 (= in)"))
    }

    /// docs/settings.md's FEBRL example, run with the two commands the page gives: both files call
    /// their id `rec_id`, and links.csv names the linked one after `right.linkColumn`.
    @Test func febrlExampleRunsAsDocumented() throws {
        let page = try CLITest.text(NotebookRunner.packageRoot().appendingPathComponent("docs/settings.md"))
        let section = try #require(page.range(of: "## Example: FEBRL"))
        let open = try #require(page.range(of: "```json\n", range: section.upperBound..<page.endIndex))
        let close = try #require(page.range(of: "```", range: open.upperBound..<page.endIndex))
        let folder = CLITest.folder("febrl")
        try CLITest.write(String(page[open.upperBound..<close.lowerBound]), to: folder.appendingPathComponent("febrl.json"))
        let header = "rec_id,given_name,surname,date_of_birth,postcode"
        let people = [("michaela", "neumann", "19151111", "4350"), ("courtney", "painter", "19161214", "2615"),
                      ("charles", "green", "19480930", "4580"), ("vanessa", "parr", "19951127", "2010"),
                      ("mikayla", "malloney", "19860208", "2196"), ("blake", "howie", "19510401", "2134"),
                      ("jacob", "kozlowski", "19770929", "6118"), ("lachlan", "bishop", "19560602", "3280")]
        try CLITest.write([header] + people.enumerated().map { "rec-\($0)-org,\($1.0),\($1.1),\($1.2),\($1.3)" }
                          + ["rec-90-org,ruby,campbell,19900117,4870"], to: folder, "a.csv")
        try CLITest.write([header] + people.enumerated().reversed().map { "rec-\($0)-dup-0,\($1.0),\($1.1),\($1.2),\($1.3)" }
                          + ["rec-91-org,oliver,smith,19701101,3000"], to: folder, "b.csv")
        let fit = CLITest.run(["fit", "--settings", "febrl.json", "--did", "a.csv", "--hes", "b.csv", "--model", "model.json"], in: folder)
        #expect(fit.status == 0, "\(fit.stderr)")
        let run = CLITest.run(["run", "--model", "model.json", "--did", "a.csv", "--hes", "b.csv", "--file-version", "1", "--out", "out"], in: folder)
        #expect(run.status == 0, "\(run.stderr)")
        let rows = try CLITest.rows(folder.appendingPathComponent("out/links.csv"))
        #expect(rows.first == ["rec_id", "B_rec_id", "MATCH_RANK", "FILE_VERSION", "MATCH_WEIGHT", "MATCH_PROBABILITY", "AGREEMENT", "LINK_STATUS"])
        let linked = Dictionary(uniqueKeysWithValues: rows.dropFirst().map { ($0[0], $0[1]) })
        #expect(linked.count == people.count + 1)
        for index in people.indices { #expect(linked["rec-\(index)-org"] == "rec-\(index)-dup-0") }
        #expect(linked["rec-90-org"] == "")
        #expect(try CLITest.text(folder.appendingPathComponent("out/review.csv")).hasPrefix("rec_id,CANDIDATE,B_rec_id,REASON,"))
    }
}
