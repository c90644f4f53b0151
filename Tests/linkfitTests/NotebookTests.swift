import Foundation
import Testing

/// Every `Notebooks/*.md` is a test: its ```` ```console ```` commands run in order in a fresh
/// folder against the freshly built `linkfit`, and each must print what the notebook says.
///
/// `LINKFIT_BLESS=1 swift test --filter NotebookTests` rewrites the notebooks' expected output
/// with the actual output instead (keeping `...` and `[..]` lines that still match). CI never sets
/// it, so a stale notebook fails.
@Suite struct NotebookTests {
    @Test("notebook runs as written", arguments: NotebookRunner.notebooks())
    func notebook(_ name: String) throws {
        let bless = ProcessInfo.processInfo.environment["LINKFIT_BLESS"] == "1"
        let report = try NotebookRunner.check(notebook: name, bless: bless)
        for problem in report.problems { Issue.record(Comment(rawValue: problem)) }
        for failure in report.failures {
            Issue.record(Comment(rawValue: "\(failure.location): `$ \(failure.command)` printed something else:\n\(failure.diff)"))
        }
        #expect(report.commands > 0, "Notebooks/\(name) has no console commands")
    }

    @Test func thereAreNotebooks() {
        #expect(NotebookRunner.notebooks().count >= 5)
    }
}
