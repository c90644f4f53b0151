import Foundation
import LinkIO
import Testing

@testable import linkfit

/// Issue 16's hostile inputs and the CSV and settings mistakes already handled, each through the CLI
/// entry point on a folder holding a previous release in `out/`. Every case asserts the exit
/// status, a located message (file, and line or JSON path where there is one), that no value from
/// the inputs (NHS number, birth date, postcode, HESID, DID id, a header cell that is data) appears
/// on stdout or stderr, and that `out/` is either the previous release byte for byte (failures) or
/// a complete new one (successes), with nothing left beside it. Interruptions (item 8) need a child
/// process: `InterruptionTests`.
@Suite(.timeLimit(.minutes(2))) struct BadInputMatrixTests {
    enum Expect: Sendable {
        /// Exit status and the start of the first stderr line after `linkfit: error: `.
        case failure(Int32, String)
        /// Exit 0; stderr empty, or starting `linkfit: warning: ` + this.
        case success(warning: String?)
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var id: String
        var arguments: [String] = []
        var expect: Expect
        var prepare: @Sendable (URL) throws -> Void = { _ in }
        /// Called at the run's test-hook stages with the folder.
        var hook: (@Sendable (String, URL) -> Void)? = nil
        var testDescription: String { id }
    }

    static let nhsA = RunCommandTests.nhsA, nhsB = RunCommandTests.nhsB
    static let didHeader = "DID_ID,NHS_NUMBER,PERSON_BIRTH_DATE,GENDER,POSTCODE,TEST_DATE"
    static let d1 = "D1,\(nhsA),1980-05-06,1,LS1 4AP,2025-03-01"
    static let d2 = "D2,\(nhsB),1970-03-02,2,M1 1AA,2025-03-02"

    static func did(_ lines: [String]) -> @Sendable (URL) throws -> Void {
        { folder in try CLITest.write(lines, to: folder, "did.csv") }
    }

    static func editing(_ name: String, _ edit: @escaping @Sendable (String) -> String) -> @Sendable (URL) throws -> Void {
        { folder in
            let url = folder.appendingPathComponent(name)
            try CLITest.write(edit(try CLITest.text(url)), to: url)
        }
    }

    static func fifo(_ name: String) -> @Sendable (URL) throws -> Void {
        { folder in
            let url = folder.appendingPathComponent(name)
            try FileManager.default.removeItem(at: url)
            guard mkfifo(url.path, 0o600) == 0 else { throw CLITest.SetupError.failed("mkfifo") }
        }
    }

    static let runArguments = ["run", "--did", "did.csv", "--hes", "hes.csv", "--model", "model.json", "--file-version", "v2", "--out", "out"]
    static let oldNew = ["--old-new", "old_new.csv"]

    static let cases: [Case] = [
        // Item 1: no header cell in a message.
        Case(id: "1: a DID file without a header", expect: .failure(65, "did.csv:1: missing required columns "), prepare: did([d1, d2])),
        Case(id: "1: a HES file without a header", expect: .failure(65, "hes.csv:1: missing required columns "),
             prepare: editing("hes.csv") { String($0.drop { $0 != "\n" }.dropFirst()) }),
        Case(id: "1: a header repeating a name", expect: .failure(65, "did.csv:1: the header repeats column names"),
             prepare: did([didHeader + ",gender", d1 + ",1"])),
        Case(id: "1: an Old_New file without a header", arguments: oldNew,
             expect: .failure(65, "old_new.csv:1: missing required columns OLD_HESID, NEW_HESID"),
             prepare: { try CLITest.write(["1001,1002"], to: $0, "old_new.csv") }),
        // Item 2: an output that cannot be replaced leaves the whole previous release.
        Case(id: "2: a folder in the place of review.csv", expect: .failure(1, "out: holds review.csv, which this command does not write"),
             prepare: { folder in
                 let review = folder.appendingPathComponent("out/review.csv")
                 try FileManager.default.removeItem(at: review)
                 try FileManager.default.createDirectory(at: review.appendingPathComponent("x"), withIntermediateDirectories: true)
             }),
        // Item 3: the DID file replaced by a same-length one between the two reads.
        Case(id: "3: the DID file changed between the reads",
             expect: .failure(65, "did.csv: changed while linkfit was reading it"),
             hook: { stage, folder in
                 guard stage == "linked" else { return }
                 try? CLITest.write([didHeader, d1.replacingOccurrences(of: "LS1 4AP", with: "LS9 9ZZ"), d2], to: folder, "did.csv")
             }),
        // Item 4: renamed compared columns and dropColumns [] keep identifiers out of links.csv.
        Case(id: "4: renamed compared columns with dropColumns []", expect: .success(warning: nil), prepare: { folder in
            try editing("did.csv") {
                $0.replacingOccurrences(of: "NHS_NUMBER,PERSON_BIRTH_DATE,GENDER,POSTCODE", with: "NHSNUM,DOB_DID,GENDER,PCODE")
            }(folder)
            try editing("model.json") { text in
                var text = text
                for (from, to) in [("NHS_NUMBER", "NHSNUM"), ("PERSON_BIRTH_DATE", "DOB_DID"), ("\"POSTCODE\"", "\"PCODE\"")] {
                    text = text.replacingOccurrences(of: "\"left\": \"\(from.replacingOccurrences(of: "\"", with: ""))\"",
                                                     with: "\"left\": \"\(to.replacingOccurrences(of: "\"", with: ""))\"")
                }
                return text.replacingOccurrences(of: #""dropColumns": ["NHS_NUMBER", "PERSON_BIRTH_DATE", "POSTCODE"]"#, with: #""dropColumns": []"#)
            }(folder)
        }),
        // Item 5: inputs that are not regular files.
        Case(id: "5: the DID file is a FIFO", expect: .failure(65, "did.csv: is a FIFO or pipe, not a regular file"), prepare: fifo("did.csv")),
        Case(id: "5: the model is a FIFO", expect: .failure(65, "model.json: is a FIFO or pipe, not a regular file"), prepare: fifo("model.json")),
        Case(id: "5: the HES file is a folder", expect: .failure(65, "hes.csv: is a folder, not a regular file"), prepare: { folder in
            let hes = folder.appendingPathComponent("hes.csv")
            try FileManager.default.removeItem(at: hes)
            try FileManager.default.createDirectory(at: hes, withIntermediateDirectories: false)
        }),
        // Item 6: formula-like ids link as any other.
        Case(id: "6: ids a spreadsheet would evaluate", expect: .success(warning: nil),
             prepare: did([didHeader, d1.replacingOccurrences(of: "D1,", with: "=SUM(A1:A9),"),
                           d2.replacingOccurrences(of: "D2,", with: "@SUM(A1),")])),
        // Item 7: a DID column named like one links.csv adds.
        Case(id: "7: a DID column named HESID", expect: .failure(65, "did.csv:1: HESID: is a column linkfit adds to links.csv"),
             prepare: did([didHeader + ",HESID", d1 + ",1001", d2 + ",2001"])),
        // Item 9: a HES birth date after every DID record's date is missing, not a disagreement.
        Case(id: "9: a HES birth date in the future", expect: .success(warning: nil),
             prepare: editing("hes.csv") { $0.replacingOccurrences(of: "2001,\(nhsB),1970-03-02", with: "2001,\(nhsB),2070-03-02") }),
        // Item 10: JSON syntax errors have a line and column.
        Case(id: "10: a model that is not valid JSON", expect: .failure(65, "model.json:3: column "),
             prepare: { try CLITest.write("{\n  \"schemaVersion\": 1,\n  settings\n}\n", to: $0.appendingPathComponent("model.json")) }),
        // Item 11: options are checked before any work.
        Case(id: "11: a review sample above 100", arguments: ["--report", "r.html", "--review-sample", "101"],
             expect: .failure(64, "option '--review-sample' expects an integer in 0...100")),
        Case(id: "11: a review sample without a report", arguments: ["--review-sample", "3"],
             expect: .failure(64, "option '--review-sample' applies only with '--report'")),
        // Item 12: a HESID with many rows is limited and reported by counts.
        Case(id: "12: a HESID with 150 rows", expect: .success(warning: "hes.csv: 1 HESID has more than 100 rows"),
             prepare: editing("hes.csv") { $0 + (0..<150).map { "9999,,1951-02-0\($0 % 9 + 1),2,E1 \($0 % 10)AB\n" }.joined() }),
        // CSV mistakes already handled.
        Case(id: "csv: an unclosed quote", expect: .failure(65, "did.csv:3: "), prepare: did([didHeader, d1, "\"D2,\(nhsB),1970-03-02,2,M1 1AA,2025-03-02"])),
        Case(id: "csv: a record with too few fields", expect: .failure(65, "did.csv:3: "), prepare: did([didHeader, d1, "D2,\(nhsB),1970-03-02"])),
        Case(id: "csv: invalid UTF-8", expect: .failure(65, "hes.csv:2: NEWNHSNO: is not valid UTF-8"), prepare: { folder in
            let url = folder.appendingPathComponent("hes.csv")
            var bytes = Array(try Data(contentsOf: url))
            let secondLine = try #require(bytes.firstIndex(of: 0x0A)) + 1
            let comma = try #require(bytes[secondLine...].firstIndex(of: 0x2C))
            bytes.insert(0xFF, at: comma + 1)
            try Data(bytes).write(to: url)
        }),
        Case(id: "csv: a blank DID id", expect: .failure(65, "did.csv:3: DID_ID: is blank"),
             prepare: did([didHeader, d1, d2.replacingOccurrences(of: "D2,", with: ",")])),
        Case(id: "csv: a repeated DID id", expect: .failure(65, "did.csv:3: DID_ID: repeats the id of the record on line 2"),
             prepare: did([didHeader, d1, d2.replacingOccurrences(of: "D2,", with: "D1,")])),
        Case(id: "csv: an Old_New cycle", arguments: oldNew, expect: .failure(65, "old_new.csv:2: NEW_HESID: HESID changes form a cycle"),
             prepare: { try CLITest.write(["OLD_HESID,NEW_HESID", "1001,2001", "2001,1001"], to: $0, "old_new.csv") }),
        Case(id: "csv: a missing DID file", expect: .failure(65, "did.csv: does not exist"),
             prepare: { try FileManager.default.removeItem(at: $0.appendingPathComponent("did.csv")) }),
        // Settings mistakes already handled (the model's settings, read by run).
        Case(id: "settings: an unknown key in the model's settings", expect: .failure(65, "model.json: $.settings.linking.dropColums: unknown key"),
             prepare: editing("model.json") { $0.replacingOccurrences(of: "\"dropColumns\"", with: "\"dropColums\"") }),
        Case(id: "settings: keeping a column no comparison reads", expect: .failure(65, "model.json: $.settings.linking.keepComparedColumns[0]: names no column"),
             prepare: editing("model.json") { $0.replacingOccurrences(of: #""keepComparedColumns": ["GENDER"]"#, with: #""keepComparedColumns": ["TEST_DATE"]"#) }),
    ]

    /// Column names: the only input text a message may repeat.
    static let columnNames: Set<String> = ["DID_ID", "NHS_NUMBER", "PERSON_BIRTH_DATE", "GENDER", "POSTCODE", "TEST_DATE", "HESID", "NEWNHSNO",
                                            "DOB", "SEX", "HOMEADD", "OLD_HESID", "NEW_HESID", "NHSNUM", "DOB_DID", "PCODE"]

    /// Every cell of the folder's input files (regular files only), at least 4 characters, not a column name.
    static func inputValues(_ folder: URL) -> Set<String> {
        var values: Set<String> = []
        for name in ["did.csv", "hes.csv", "old_new.csv"] {
            let url = folder.appendingPathComponent(name)
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true,
                  let text = try? String(contentsOf: url, encoding: .utf8) else { continue }
            for line in text.split(separator: "\n") {
                for cell in line.split(separator: ",") where cell.count >= 4 && !columnNames.contains(String(cell)) {
                    values.insert(String(cell).replacingOccurrences(of: "\"", with: ""))
                }
            }
        }
        return values
    }

    @Test(arguments: cases)
    func eachBadInputIsLocatedIdentifierFreeAndLeavesOneRelease(_ example: Case) throws {
        let folder = try RunCommandTests.handFiles(oldNew: ["5000,5001"])
        #expect(RunCommandTests.runHand(folder, []).status == 0)
        let out = folder.appendingPathComponent("out")
        try example.prepare(folder)
        let before = RunFolderSwitchTests.snapshot(out)
        var values = Self.inputValues(folder)
        let hook = example.hook.map { hook in { @Sendable (stage: String) in hook(stage, folder) } }
        let outcome = CLITest.run(Self.runArguments + example.arguments, in: folder, stageHook: hook)
        values.formUnion(Self.inputValues(folder))
        #expect(values.count > 5, "the inputs hold values to look for")

        switch example.expect {
        case .failure(let status, let located):
            #expect(outcome.status == status, "\(outcome.stderr)")
            #expect(outcome.stderr.hasPrefix("linkfit: error: " + located), "\(outcome.stderr)")
            #expect(outcome.stdout == "")
            #expect(RunFolderSwitchTests.snapshot(out) == before, "the previous release is untouched")
        case .success(let warning):
            #expect(outcome.status == 0, "\(outcome.stderr)")
            if let warning { #expect(outcome.stderr.hasPrefix("linkfit: warning: " + warning), "\(outcome.stderr)") } else {
                #expect(outcome.stderr == "")
            }
            #expect(RunFolderSwitchTests.entries(out) == RunFolderSwitchTests.releaseFiles)
            let summary = try JSON.parse(Data(contentsOf: out.appendingPathComponent("summary.json")), file: "summary.json")
            #expect(summary["fileVersion"] == .string("v2"))
            let links = try CLITest.text(out.appendingPathComponent("links.csv"))
            let identifiers = [Self.nhsA, Self.nhsB, "1980-05-06", "1970-03-02", "LS1 4AP", "M1 1AA"]
            #expect(identifiers.allSatisfy { !links.contains($0) }, "an identifier reached links.csv")
        }
        let said = outcome.stdout + outcome.stderr
        let leaked = values.filter { said.contains($0) }
        #expect(leaked.isEmpty, "input values in the output: \(leaked.count)")
        #expect(RunFolderSwitchTests.entries(folder).filter { $0.hasPrefix(".") }.isEmpty, "nothing is left beside out/")
    }
}
