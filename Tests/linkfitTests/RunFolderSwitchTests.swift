import Foundation
import LinkIO
import Testing

@testable import linkfit

/// `linkfit run` changes its output folder as a unit (issue 16 items 2 and 8): a second run replaces
/// every file of the first at once, a failing run leaves the previous release byte for byte, a
/// folder holding other files is refused before any work, and what a killed run left beside or in
/// the folder is gone after the next run.
@Suite struct RunFolderSwitchTests {
    /// Every file of `folder`, by name (hidden ones too), as bytes.
    static func snapshot(_ folder: URL) -> [String: Data] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        var files: [String: Data] = [:]
        for name in names { files[name] = (try? Data(contentsOf: folder.appendingPathComponent(name))) ?? Data() }
        return files
    }

    static func entries(_ folder: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
    }

    static let releaseFiles = ["duplicates.csv", "links.csv", "quality.csv", "quality.json", "review.csv", "summary.json", "timings.json"]

    @Test func aSecondRunReplacesEveryFileAndLeavesNothingBeside() throws {
        let folder = try RunCommandTests.handFiles(oldNew: [])
        let first = RunCommandTests.runHand(folder, [])
        #expect(first.status == 0, "\(first.stderr)")
        let out = folder.appendingPathComponent("out")
        #expect(Self.entries(out) == Self.releaseFiles)
        // What killed runs left: a temporary of an older version in the folder, a staging folder and
        // an old release of dead processes beside it.
        try CLITest.write("partial", to: out.appendingPathComponent(".links.csv.\(UUID().uuidString).tmp"))
        try CLITest.write("partial", to: out.appendingPathComponent(".review.csv.2147483646.\(UUID().uuidString).tmp"))
        for suffix in ["staging", "old"] {
            let stale = folder.appendingPathComponent(".out.2147483646.\(UUID().uuidString).\(suffix)")
            try FileManager.default.createDirectory(at: stale, withIntermediateDirectories: false)
            try CLITest.write("partial", to: stale.appendingPathComponent("links.csv"))
        }
        let second = CLITest.run(["run", "--did", "did.csv", "--hes", "hes.csv", "--model", "model.json", "--file-version", "v2",
                                  "--out", "out"], in: folder)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(Self.entries(out) == Self.releaseFiles)
        let links = try CLITest.rows(out.appendingPathComponent("links.csv"))
        let version = try #require(links.first?.firstIndex(of: "FILE_VERSION"))
        #expect(links.dropFirst().allSatisfy { $0[version] == "v2" })
        let summary = try JSON.parse(Data(contentsOf: out.appendingPathComponent("summary.json")), file: "summary.json")
        #expect(summary["fileVersion"] == .string("v2"))
        #expect(!Self.entries(folder).contains { $0.hasPrefix(".out.") }, "\(Self.entries(folder))")
    }

    @Test func aRunThatCannotFinishLeavesThePreviousReleaseByteForByte() throws {
        let folder = try RunCommandTests.handFiles(oldNew: [])
        #expect(RunCommandTests.runHand(folder, []).status == 0)
        let out = folder.appendingPathComponent("out")
        let before = Self.snapshot(out)
        // review.csv cannot be replaced by a file (a folder is in its place): before, links.csv was
        // already new when this failed, and summary.json the previous run's.
        try FileManager.default.removeItem(at: out.appendingPathComponent("review.csv"))
        try FileManager.default.createDirectory(at: out.appendingPathComponent("review.csv/kept"), withIntermediateDirectories: true)
        let blocked = Self.snapshot(out)
        let outcome = CLITest.run(["run", "--did", "did.csv", "--hes", "hes.csv", "--model", "model.json", "--file-version", "v2",
                                   "--out", "out"], in: folder)
        #expect(outcome.status == 1)
        #expect(outcome.stderr == """
            linkfit: error: out: holds review.csv, which this command does not write; the folder is replaced as a whole, \
            so give a new or empty folder, or one an earlier run of this command wrote

            """)
        #expect(Self.snapshot(out) == blocked)
        #expect(blocked["links.csv"] == before["links.csv"] && blocked["summary.json"] == before["summary.json"])
        #expect(Self.entries(folder).filter { $0.hasPrefix(".") }.isEmpty)

        // Bad input (a DID file without a required column) leaves it too, and nothing beside it.
        try FileManager.default.removeItem(at: out.appendingPathComponent("review.csv"))
        try CLITest.write(["DID_ID,NHS_NUMBER,GENDER,POSTCODE,TEST_DATE", "D1,\(RunCommandTests.nhsA),1,LS1 4AP,2025-03-01"],
                          to: folder, "did.csv")
        let current = Self.snapshot(out)
        #expect(RunCommandTests.runHand(folder, []).status == 65)
        #expect(Self.snapshot(out) == current)
        #expect(Self.entries(folder).filter { $0.hasPrefix(".") }.isEmpty)
    }

    @Test func aFolderHoldingTheUsersOwnFilesIsRefusedBeforeAnyWork() throws {
        let folder = try RunCommandTests.handFiles(oldNew: [])
        // --out . would replace the folder holding the inputs.
        let outcome = CLITest.run(["run", "--did", "did.csv", "--hes", "hes.csv", "--model", "model.json", "--file-version", "v1",
                                   "--out", "."], in: folder)
        #expect(outcome.status == 1)
        #expect(outcome.stderr.hasPrefix("linkfit: error: .: holds did.csv and 3 more, which this command does not write;"))
        #expect(outcome.stdout == "")
        #expect(Self.entries(folder) == ["did.csv", "hes.csv", "model.json", "old_new.csv"])
    }

    @Test func aReportInsideTheFolderIsPartOfTheRelease() throws {
        let folder = try RunCommandTests.handFiles(oldNew: [])
        for version in ["v1", "v2"] {
            let outcome = CLITest.run(["run", "--did", "did.csv", "--hes", "hes.csv", "--model", "model.json", "--file-version", version,
                                       "--out", "out", "--report", "out/report.html"], in: folder)
            #expect(outcome.status == 0, "\(outcome.stderr)")
            #expect(outcome.stdout.contains("report written to out/report.html"))
        }
        let out = folder.appendingPathComponent("out")
        #expect(Self.entries(out) == (Self.releaseFiles + ["report.html"]).sorted())
        let html = try CLITest.text(out.appendingPathComponent("report.html"))
        #expect(html.contains("v2") && !html.contains(".staging"))
    }
}

/// `linkfit extract` writes its folder the same way: the three files appear together.
@Suite struct ExtractFolderSwitchTests {
    @Test func aSecondExtractReplacesTheFolderAndAFailingOneLeavesIt() throws {
        let folder = try ExtractCommandTests.handMade()
        #expect(CLITest.run(ExtractCommandTests.extractArguments, in: folder).status == 0)
        let out = folder.appendingPathComponent("out")
        #expect(RunFolderSwitchTests.entries(out) == ["extract.csv", "manifest.json", "old_new_hesid.csv"])
        let first = RunFolderSwitchTests.snapshot(out)
        // manifest.json cannot be replaced (a folder is in its place): before, extract.csv and
        // old_new_hesid.csv were already new when the manifest failed.
        try FileManager.default.removeItem(at: out.appendingPathComponent("manifest.json"))
        try FileManager.default.createDirectory(at: out.appendingPathComponent("manifest.json/x"), withIntermediateDirectories: true)
        let blocked = RunFolderSwitchTests.snapshot(out)
        let failed = CLITest.run(ExtractCommandTests.extractArguments, in: folder)
        #expect(failed.status == 1)
        #expect(RunFolderSwitchTests.snapshot(out) == blocked)
        #expect(RunFolderSwitchTests.entries(folder).filter { $0.hasPrefix(".") }.isEmpty)
        try FileManager.default.removeItem(at: out.appendingPathComponent("manifest.json"))
        let second = CLITest.run(ExtractCommandTests.extractArguments, in: folder)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(RunFolderSwitchTests.snapshot(out) == first)
        #expect(RunFolderSwitchTests.entries(out) == ["extract.csv", "manifest.json", "old_new_hesid.csv"])
        try CLITest.write("mine", to: out.appendingPathComponent("notes.txt"))
        let refused = CLITest.run(ExtractCommandTests.extractArguments, in: folder)
        #expect(refused.status == 1)
        #expect(refused.stderr.hasPrefix("linkfit: error: out: holds notes.txt, which this command does not write;"))
    }
}

/// A HESID with more rows than `blocking.maxEntityRows` is reported by counts, never by id.
@Suite struct RowLimitCommandTests {
    @Test func aHESIDOverTheRowLimitIsReportedInTheWarningAndTheSummary() throws {
        let folder = try RunCommandTests.handFiles(oldNew: [])
        let hes = folder.appendingPathComponent("hes.csv")
        var lines = try CLITest.text(hes).split(separator: "\n").map(String.init)
        lines += (0..<130).map { "7777777777,,1950-01-01,1,E1 \($0 % 10)AA" }
        try CLITest.write(lines, to: folder, "hes.csv")
        let outcome = RunCommandTests.runHand(folder, [])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stderr == """
            linkfit: warning: hes.csv: 1 HESID has more than 100 rows (blocking.maxEntityRows): the first 100 of each, \
            in file order, are used and 30 rows are left out

            """)
        #expect(!outcome.stderr.contains("7777777777") && !outcome.stdout.contains("7777777777"))
        let summary = try JSON.parse(Data(contentsOf: folder.appendingPathComponent("out/summary.json")), file: "summary.json")
        #expect(summary["rowLimit"] == .object(["maxEntityRows": .number(100), "idsOverLimit": .number(1), "rowsLeftOut": .number(30)]))
    }
}
