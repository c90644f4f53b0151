import Foundation
import Testing

@testable import linkfit

@Suite struct DemoCommandTests {
    /// The README's main command, at a small size: every step runs, nothing is lost, and the links
    /// are judged against the truth.
    @Test func demoRunsEveryStepAndJudgesTheLinks() throws {
        let folder = CLITest.folder("demo")
        let outcome = CLITest.run(["demo", "--hes-persons", "3000", "--did-records", "800", "--out", "demo"], in: folder)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        for step in ["1. Generate", "2. Fit", "3. Link", "4. Judge"] { #expect(outcome.stdout.contains(step)) }
        #expect(outcome.stdout.contains("   $ linkfit synth --hes-persons 3000 --did-records 800 --seed 1 --out demo/data\n"))
        #expect(outcome.stdout.contains("records in:        800"))
        #expect(outcome.stdout.contains("records out:       800 (= in)"))
        let precision = outcome.stdout.split(separator: "\n").first { $0.contains("precision") }
        #expect(precision != nil)
        // Step 4 shows evaluate's overall lines, not the header of a table it leaves out.
        let judged = outcome.stdout.components(separatedBy: "4. Judge").last ?? ""
        #expect(judged.contains("false links ") && judged.contains("not in the index:"))
        #expect(!judged.contains("estimated from MATCH_PROBABILITY"))
        for file in ["data/did.csv", "model.json", "run/links.csv", "run/review.csv", "run/summary.json"] {
            #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("demo/\(file)").path), "\(file)")
        }
    }
}
