import Foundation
import TestSupport
import Testing

@Suite struct NotebookMatcherTests {
    func matches(_ expected: [String], _ output: String, status: Int32 = 0) -> Bool {
        NotebookMatcher(expectedLines: expected).match(output: output, status: status).matches
    }

    @Test(arguments: [
        // (pattern, line, matches)
        ("time: [..]", "time: read 0.41 s", true),
        ("time: [..]", "time: x", true),
        ("time: [..]", "time:", false),
        ("[..] s", "fit 22.07 s", true),
        ("a[..]b[..]c", "a-b-b-c", true),
        ("a[..]b[..]c", "a-c", false),
        ("ab[..]ba", "aba", false),
        ("ab[..]ba", "abba", true),
        ("exact", "exact", true),
        ("exact", "exactly", false),
        ("trailing  ", "trailing", true),
        ("[..]", "", true),
    ])
    func inlineWildcard(_ pattern: String, _ line: String, _ expected: Bool) {
        #expect(NotebookMatcher.lineMatches(pattern, line) == expected)
    }

    @Test func literalOutputMatchesExactly() {
        #expect(matches(["a", "b"], "a\nb\n"))
        #expect(matches(["a", "b"], "a\nb"))
        #expect(!matches(["a", "b"], "a\nc\n"))
        #expect(!matches(["a"], "a\nb\n"))
        #expect(!matches(["a", "b"], "a\n"))
        #expect(matches([], ""))
    }

    @Test func ellipsisMatchesAnyNumberOfLinesIncludingNone() {
        #expect(matches(["a", "...", "z"], "a\nz\n"))
        #expect(matches(["a", "...", "z"], "a\nb\nc\nz\n"))
        #expect(matches(["...", "z"], "x\ny\nz\n"))
        #expect(matches(["a", "..."], "a\n"))
        #expect(matches(["..."], ""))
        #expect(!matches(["a", "...", "z"], "a\nb\n"))
        // Backtracking: the wildcard must stretch to the last `x`.
        #expect(matches(["...", "x", "end"], "x\ny\nx\nend\n"))
    }

    @Test func exitStatusIsTheLastExpectedLine() {
        #expect(matches(["oops", "[65]"], "oops\n", status: 65))
        #expect(!matches(["oops", "[65]"], "oops\n", status: 64))
        #expect(!matches(["oops"], "oops\n", status: 1), "a failure must be written as [N]")
        #expect(!matches(["oops", "[1]"], "oops\n", status: 0))
        // `...` does not swallow the status.
        #expect(!matches(["..."], "anything\n", status: 2))
        #expect(matches(["...", "[2]"], "anything\n", status: 2))
    }

    @Test func statusLineParsing() {
        #expect(NotebookMatcher.statusLine("[64]") == 64)
        #expect(NotebookMatcher.statusLine("[..]") == nil)
        #expect(NotebookMatcher.statusLine("[]") == nil)
        #expect(NotebookMatcher(expectedLines: ["x", "[1]"]).expected == ["x"])
    }

    @Test func diffShowsMissingAndExtraLinesWithTheLocation() {
        let outcome = NotebookMatcher(expectedLines: ["a", "b", "c"]).match(output: "a\nB\nc\n", status: 0)
        #expect(!outcome.matches)
        let diff = outcome.diff(location: "Notebooks/x.md:12")
        #expect(diff.split(separator: "\n").map(String.init) == [
            "--- expected (Notebooks/x.md:12)", "+++ actual", "@@ line 1 of the aligned output @@", " a", "-b", "+B", " c",
        ])
    }

    @Test func diffShowsAWrongExitStatus() {
        let outcome = NotebookMatcher(expectedLines: ["x"]).match(output: "x\n", status: 65)
        #expect(outcome.diff(location: "n.md:1").contains("+[65]"))
    }

    @Test func blessKeepsPatternsThatStillMatchAndWritesTheRest() {
        let matcher = NotebookMatcher(expectedLines: ["head", "...", "time: [..]", "old"])
        let outcome = matcher.match(output: "head\n1\n2\ntime: 3.2 s\nnew\n", status: 1)
        #expect(!outcome.matches)
        #expect(outcome.blessed == ["head", "...", "time: [..]", "new", "[1]"])
        // The blessed lines then match the same output.
        #expect(NotebookMatcher(expectedLines: outcome.blessed).match(output: "head\n1\n2\ntime: 3.2 s\nnew\n", status: 1).matches)
    }

    @Test func parserFindsConsoleCommandsAndTheirOutputOnly() {
        let text = """
            # Title
            ```sh
            $ not run
            ```
            ```console
            $ echo hi
            hi
            $ false
            [1]
            ```
            """
        let notebook = Notebook(text: text)
        #expect(notebook.commands.map(\.text) == ["echo hi", "false"])
        #expect(notebook.commands.map(\.line) == [6, 8])
        #expect(notebook.commands.map(\.expected) == [["hi"], ["[1]"]])
        #expect(notebook.problems.isEmpty)
        #expect(notebook.rewritten([0: ["HI", "there"]]).contains("$ echo hi\nHI\nthere\n$ false"))
    }

    @Test func parserReportsAnUnclosedBlockAndStrayOutput() {
        let notebook = Notebook(text: "```console\nstray\n$ echo\n")
        #expect(notebook.problems.map(\.line) == [2, 1])
    }

    @Test func runnerMergesStderrAndReportsStatus() throws {
        let folder = TestFolders.root.appendingPathComponent("nb-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try NotebookRunner.run("echo out; echo err >&2; echo $TZ $HOME | sed s,$PWD,HOME,; exit 3", in: folder,
                                            binaryFolder: folder)
        #expect(result.output == "out\nerr\nUTC HOME\n")
        #expect(result.status == 3)
    }
}
