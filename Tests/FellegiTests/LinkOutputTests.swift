import Foundation
import LinkIO
import Testing

@testable import Fellegi

/// The output files name their id columns from the settings, not from the DID→HES defaults.
@Suite struct LinkOutputTests {
    /// The linker tests' records and hand-built model, with both sides renamed: left `IMG` with ids
    /// in `record`, right `IDX` with ids in `person`.
    static func run(renamed: Bool) throws -> (links: String, review: String) {
        var settings = Engine.settingsWithoutTermFrequencies
        var did = LinkerTests.did
        var hes = LinkerTests.hes
        if renamed {
            settings.left = .init(name: "IMG", idColumn: "record", recordDateColumn: "TEST_DATE")
            settings.right = .init(name: "IDX", idColumn: "person")
            did[0] = did[0].replacingOccurrences(of: "DID_ID", with: "record")
            hes[0] = hes[0].replacingOccurrences(of: "HESID", with: "person")
        }
        return try run(settings: settings, did: did, hes: hes)
    }

    /// Links `did` to `hes` with the hand-built model; returns links.csv and review.csv.
    static func run(settings: LinkSettings = Engine.settingsWithoutTermFrequencies, did: [String], hes: [String]) throws -> (links: String, review: String) {
        let model = try Engine.model(settings: settings)
        let folder = Engine.folder("output")
        let left = try Engine.table(did, side: .left, settings: settings, in: folder)
        let right = try Engine.table(hes, side: .right, settings: settings, in: folder)
        let result = try Linker(model: model, threads: 1).link(left: left, right: right)
        let out = folder.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        _ = try LinkOutput(model: model, left: left, right: right, result: result, fileVersion: "v1")
            .write(leftURL: folder.appendingPathComponent("did.csv"), leftName: "did.csv", folder: out)
        return try (String(contentsOf: out.appendingPathComponent("links.csv"), encoding: .utf8),
                    String(contentsOf: out.appendingPathComponent("review.csv"), encoding: .utf8))
    }

    static func header(_ text: String) -> String { String(text.prefix { $0 != "\n" }) }
    static func body(_ text: String) -> Substring { text.drop { $0 != "\n" } }

    @Test func theIdColumnsAndSideNamesComeFromTheSettings() throws {
        let renamed = try Self.run(renamed: true)
        #expect(Self.header(renamed.links)
            == "record,GENDER,TEST_DATE,MODALITY,person,MATCH_RANK,FILE_VERSION,MATCH_WEIGHT,MATCH_PROBABILITY,AGREEMENT,LINK_STATUS")
        #expect(Self.header(renamed.review) == "record,CANDIDATE,person,REASON,MATCH_WEIGHT,MATCH_PROBABILITY,"
            + "NHS_NUMBER_IMG,NHS_NUMBER_IDX,NHS_NUMBER_LEVEL,NHS_NUMBER_WEIGHT,DOB_IMG,DOB_IDX,DOB_LEVEL,DOB_WEIGHT,"
            + "SEX_IMG,SEX_IDX,SEX_LEVEL,SEX_WEIGHT,POSTCODE_IMG,POSTCODE_IDX,POSTCODE_LEVEL,POSTCODE_WEIGHT,RECORD_VERSION,DECISION,REVIEWER,DECIDED_ON")
        // The default names give the DID→HES headers, and the rows are the same either way.
        let defaults = try Self.run(renamed: false)
        #expect(Self.header(defaults.links)
            == "DID_ID,GENDER,TEST_DATE,MODALITY,HESID,MATCH_RANK,FILE_VERSION,MATCH_WEIGHT,MATCH_PROBABILITY,AGREEMENT,LINK_STATUS")
        #expect(Self.header(defaults.review).hasPrefix("DID_ID,CANDIDATE,HESID,REASON,MATCH_WEIGHT,MATCH_PROBABILITY,NHS_NUMBER_DID,NHS_NUMBER_HES,"))
        #expect(Self.body(renamed.links) == Self.body(defaults.links))
        #expect(Self.body(renamed.review) == Self.body(defaults.review))
        #expect(Self.body(renamed.links).split(separator: "\n").count == 5)
    }

    @Test func reviewCellsCopiedFromInputsCannotBeSpreadsheetFormulas() throws {
        // D1 is a near tie between twins T1 and T2: two review rows, every id and value copied in.
        var did = LinkerTests.did
        var hes = LinkerTests.hes
        did[1] = did[1].replacingOccurrences(of: "D1,", with: "=SUM(A1:A9),")
            .replacingOccurrences(of: "LS1 4AP", with: "-LS1 4AP")
        hes[1] = hes[1].replacingOccurrences(of: "T1,", with: "+T1,")
        hes[2] = hes[2].replacingOccurrences(of: "T2,", with: "@T2,")
        let output = try Self.run(did: did, hes: hes)
        let rows = try CSVReader(bytes: Array(output.review.utf8), name: "review.csv")
        let postcode = try #require(rows.columnIndex("POSTCODE_DID"))
        let weights = rows.header.indices.filter { rows.header[$0].hasSuffix("WEIGHT") }
        var seen: [[String]] = []
        var weightValues: [Double] = []
        while try rows.next() {
            seen.append([rows.string(0), rows.string(2), rows.string(postcode)])
            for column in weights { weightValues.append(try #require(Double(rows.string(column)))) }
        }
        // D4 (a conflict with P3) is the third review row: its cells start harmlessly and stay as they are.
        #expect(seen.map(\.[0]) == ["'=SUM(A1:A9)", "'=SUM(A1:A9)", "D4"])
        #expect(Set(seen.prefix(2).map(\.[1])) == ["'+T1", "'@T2"])
        #expect(seen.last?[1] == "P3")
        #expect(seen.map(\.[2]) == ["'-LS1 4AP", "'-LS1 4AP", "M1 1AA"])
        // links.csv carries the left file's cells unchanged; weights stay numbers.
        #expect(output.links.contains("\n=SUM(A1:A9),"))
        #expect(weightValues.contains { $0 < 0 })
    }
}

/// The left file is read twice (once to link, once to write the link file); a file changed between
/// the two reads is an error, and nothing is written (issue 16 item 3).
@Suite struct LeftFileChangeTests {
    struct Change: Sendable, CustomTestStringConvertible {
        var id: String
        var from: String
        var to: String
        var testDescription: String { id }
    }

    /// Each change keeps the file's length and every record on its line (what the line check alone
    /// let through: links.csv carried the new file's columns beside the old file's HESIDs).
    @Test(arguments: [
        Change(id: "a carried column", from: "2025-03-01,CT\nD2", to: "2025-03-01,MR\nD2"),
        Change(id: "a compared value", from: "D2,\(LinkerTests.nhsT2.prefix(9))", to: "D2,\(LinkerTests.nhsP.prefix(9))"),
        Change(id: "an id", from: "D1,", to: "DX,"),
    ])
    func aLeftFileChangedBetweenTheReadsIsAnErrorAndNothingIsWritten(_ change: Change) throws {
        let settings = Engine.settingsWithoutTermFrequencies
        let model = try Engine.model(settings: settings)
        let folder = Engine.folder("changed")
        let left = try Engine.table(LinkerTests.did, side: .left, settings: settings, in: folder)
        let right = try Engine.table(LinkerTests.hes, side: .right, settings: settings, in: folder)
        let result = try Linker(model: model, threads: 1).link(left: left, right: right)
        let did = folder.appendingPathComponent("did.csv")
        let text = try String(contentsOf: did, encoding: .utf8)
        try #require(text.contains(change.from))
        let changed = text.replacingOccurrences(of: change.from, with: change.to, options: [], range: text.range(of: change.from))
        #expect(changed.utf8.count == text.utf8.count)
        try changed.write(to: did, atomically: true, encoding: .utf8)
        let out = folder.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        let output = LinkOutput(model: model, left: left, right: right, result: result, fileVersion: "v1")
        #expect(throws: InputError(file: "did.csv", "changed while linkfit was reading it (the records differ from those linked; nothing was written)")) {
            _ = try output.write(leftURL: did, leftName: "did.csv", folder: out)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).isEmpty)

        // Put back, the same file writes.
        try text.write(to: did, atomically: true, encoding: .utf8)
        let summary = try output.write(leftURL: did, leftName: "did.csv", folder: out)
        #expect(summary.recordsOut == LinkerTests.did.count - 1)
    }
}

/// Every column a comparison reads from the left file is left out of links.csv unless
/// `linking.keepComparedColumns` names it, whatever `dropColumns` says (issue 16 item 4).
@Suite struct ComparedColumnsTests {
    /// The linker tests' files with the DID identifier columns renamed (a site's own extract layout).
    static func renamedRun(linking: String) throws -> (header: [String], body: String, did: [String]) {
        let json = #"""
            {"comparisons": [
               {"name": "nhs_number", "kind": "nhs-number", "left": "NHSNUM", "right": "NEWNHSNO"},
               {"name": "dob", "kind": "date", "left": "DOB_DID", "right": "DOB"},
               {"name": "sex", "kind": "sex", "left": "GENDER", "right": "SEX"},
               {"name": "postcode", "kind": "postcode", "left": "PCODE", "right": "HOMEADD"}],
             "linking": \#(linking)}
            """#
        let settings = try LinkSettings.load(JSON.parse(Data(json.utf8), file: "s.json"), file: "s.json")
        var did = LinkerTests.did
        did[0] = "DID_ID,NHSNUM,DOB_DID,GENDER,PCODE,TEST_DATE,MODALITY"
        let output = try LinkOutputTests.run(settings: settings, did: did, hes: LinkerTests.hes)
        return (LinkOutputTests.header(output.links).split(separator: ",").map(String.init), output.links, did)
    }

    /// Every identifying value of the DID file (NHS numbers, birth dates, postcodes).
    static func identifiers(_ did: [String]) -> [String] {
        did.dropFirst().flatMap { line -> [String] in
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            return [fields[1], fields[2], fields[4]].filter { !$0.isEmpty }
        }
    }

    @Test(arguments: [#"{}"#, #"{"dropColumns": []}"#, #"{"dropColumns": ["NHS_NUMBER", "PERSON_BIRTH_DATE", "POSTCODE"]}"#])
    func renamedComparedColumnsNeverReachTheLinkFile(linking: String) throws {
        let run = try Self.renamedRun(linking: linking)
        #expect(run.header == ["DID_ID", "GENDER", "TEST_DATE", "MODALITY", "HESID", "MATCH_RANK", "FILE_VERSION", "MATCH_WEIGHT",
                               "MATCH_PROBABILITY", "AGREEMENT", "LINK_STATUS"])
        let values = Self.identifiers(run.did)
        #expect(values.count > 8)
        for value in values { #expect(!run.body.contains(value), "an identifier reached links.csv") }
    }

    @Test func aComparedColumnIsKeptOnlyWhenTheSettingsNameIt() throws {
        let kept = try Self.renamedRun(linking: #"{"dropColumns": [], "keepComparedColumns": ["pcode"]}"#)
        #expect(kept.header.prefix(5) == ["DID_ID", "PCODE", "TEST_DATE", "MODALITY", "HESID"])
        let none = try Self.renamedRun(linking: #"{"keepComparedColumns": []}"#)
        #expect(none.header.prefix(4) == ["DID_ID", "TEST_DATE", "MODALITY", "HESID"])
    }

    @Test func theDefaultKeepsGenderAsTheNationalFileDoes() throws {
        #expect(LinkSettings.didToHES.linking.keepComparedColumns == ["GENDER"])
        let header = LinkOutputTests.header(try LinkOutputTests.run(renamed: false).links)
        #expect(header.hasPrefix("DID_ID,GENDER,TEST_DATE,MODALITY,HESID,"))
        // A FEBRL-style file with dropColumns [] keeps no compared column: only its id.
        var febrl = try LinkSettings.load(JSON.parse(Data(SettingsTests.febrlJSON.utf8), file: "f.json"), file: "f.json")
        febrl.right.idColumn = "b_id"  // as written, both sides' ids are rec_id: links.csv would repeat it
        let columns = try CSVReader(bytes: Array("rec_id,given_name,surname,date_of_birth,postcode,note\n".utf8), name: "a.csv",
                                    allowHeaderOnly: true).columns
        #expect(try LinkOutput.keptColumns(columns, settings: febrl) == [0, 5])
    }
}
