import Foundation
import Testing

@testable import linkfit

/// Every command reads and checks all its options before any work: a usage error exits 64 with
/// every problem, verbatim, and leaves no output behind (the folder or file it would have written
/// does not exist). The input files named here do not exist either: they are never opened.
@Suite struct OptionValidationTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var id: String
        var arguments: [String]
        var stderr: [String]
        /// Outputs (relative to the working folder) that must not exist afterwards.
        var absent: [String]
        var testDescription: String { id }
    }

    static let runInputs = ["--did", "did.csv", "--hes", "hes.csv", "--model", "model.json", "--file-version", "v1", "--out", "out"]
    static let fitInputs = ["--did", "did.csv", "--hes", "hes.csv", "--model", "model.json"]

    static let cases: [Case] = [
        Case(id: "run: a review sample that is not a number",
             arguments: ["run"] + runInputs + ["--report", "r.html", "--review-sample", "x"],
             stderr: ["option '--review-sample' expects an integer in 0...100 (see 'linkfit run --help')"], absent: ["out", "r.html"]),
        Case(id: "run: a review sample above 100",
             arguments: ["run"] + runInputs + ["--report", "r.html", "--review-sample", "101"],
             stderr: ["option '--review-sample' expects an integer in 0...100 (see 'linkfit run --help')"], absent: ["out", "r.html"]),
        Case(id: "run: a review sample without a report",
             arguments: ["run"] + runInputs + ["--review-sample", "3"],
             stderr: ["option '--review-sample' applies only with '--report' (see 'linkfit run --help')"], absent: ["out"]),
        Case(id: "run: two problems at once",
             arguments: ["run"] + runInputs + ["--threads", "0", "--report", "r.html", "--review-sample", "-1"],
             stderr: ["option '--threads' expects an integer in 1...1024",
                      "option '--review-sample' expects an integer in 0...100 (see 'linkfit run --help')"],
             absent: ["out", "r.html"]),
        Case(id: "run: every missing option",
             arguments: ["run", "--threads", "2000"],
             stderr: ["missing required option '--did'", "missing required option '--hes'", "missing required option '--model'",
                      "missing required option '--file-version'", "missing required option '--out'",
                      "option '--threads' expects an integer in 1...1024 (see 'linkfit run --help')"],
             absent: []),
        Case(id: "fit: a seed past the settings' range",
             arguments: ["fit"] + fitInputs + ["--seed", "2147483648"],
             stderr: ["option '--seed' expects an integer in 0...2147483647 (see 'linkfit fit --help')"], absent: ["model.json"]),
        Case(id: "fit: a negative seed and too many threads",
             arguments: ["fit"] + fitInputs + ["--seed", "-1", "--threads", "1025", "--report", "r.html"],
             stderr: ["option '--seed' expects an integer in 0...2147483647",
                      "option '--threads' expects an integer in 1...1024 (see 'linkfit fit --help')"],
             absent: ["model.json", "r.html"]),
        Case(id: "profile: missing inputs and no threads",
             arguments: ["profile", "--threads", "0"],
             stderr: ["missing required option '--did'", "missing required option '--hes'",
                      "option '--threads' expects an integer in 1...1024 (see 'linkfit profile --help')"],
             absent: []),
        Case(id: "synth: persons not a number (older spelling)",
             arguments: ["synth", "--hes", "many", "--did", "5", "--out", "data"],
             stderr: ["option '--hes' expects an integer in 0...2147483647 (see 'linkfit synth --help')"], absent: ["data"]),
        Case(id: "synth: negative records, month 0, a bad start",
             arguments: ["synth", "--hes-persons", "10", "--did-records", "-1", "--months", "0", "--start", "2025-13", "--out", "data"],
             stderr: ["option '--did-records' expects an integer in 0...2147483647",
                      "option '--months' expects an integer in 1...120",
                      "option '--start' expects a month yyyy-mm (see 'linkfit synth --help')"],
             absent: ["data"]),
        Case(id: "synth: rates that sum past 1",
             arguments: ["synth", "--hes-persons", "10", "--did-records", "5", "--out", "data",
                         "--rate", "nhs-missing=0.7", "--rate", "nhs-typo=0.5"],
             stderr: ["nhs-missing + nhs-typo + nhs-relative must sum to at most 1 (see 'linkfit synth --help')"], absent: ["data"]),
        Case(id: "synth: more persons than NHS numbers",
             arguments: ["synth", "--hes-persons", "240000000", "--did-records", "10", "--out", "data"],
             stderr: ["at most 240000000 persons (HES persons + DID patients not in HES) have distinct NHS numbers (see 'linkfit synth --help')"],
             absent: ["data"]),
        Case(id: "synth: what is missing",
             arguments: ["synth", "--did-records", "5"],
             stderr: ["missing required option '--hes-persons'", "missing required option '--out' (see 'linkfit synth --help')"],
             absent: []),
        Case(id: "synth --rates still checks what is given",
             arguments: ["synth", "--rates", "--months", "121"],
             stderr: ["option '--months' expects an integer in 1...120 (see 'linkfit synth --help')"], absent: []),
        Case(id: "demo: too few persons (older spelling)",
             arguments: ["demo", "--hes", "5", "--out", "d"],
             stderr: ["option '--hes' expects an integer in 100...100000000 (see 'linkfit demo --help')"], absent: ["d"]),
        Case(id: "demo: too few of both",
             arguments: ["demo", "--hes-persons", "99", "--did-records", "9"],
             stderr: ["option '--hes-persons' expects an integer in 100...100000000",
                      "option '--did-records' expects an integer in 10...50000000 (see 'linkfit demo --help')"],
             absent: ["linkfit-demo"]),
        Case(id: "demo: no threads",
             arguments: ["demo", "--threads", "0"],
             stderr: ["option '--threads' expects an integer in 1...1024 (see 'linkfit demo --help')"], absent: ["linkfit-demo"]),
        Case(id: "report: a review sample above 100",
             arguments: ["report", "--model", "model.json", "--html", "r.html", "--run", "out", "--review-sample", "101"],
             stderr: ["option '--review-sample' expects an integer in 0...100 (see 'linkfit report --help')"], absent: ["r.html"]),
        Case(id: "report: --out is the older spelling of --html",
             arguments: ["report", "--model", "model.json", "--out", "r.html", "--review-sample", "x"],
             stderr: ["option '--review-sample' expects an integer in 0...100 (see 'linkfit report --help')"], absent: ["r.html"]),
        Case(id: "report: no page to write",
             arguments: ["report", "--model", "model.json"],
             stderr: ["missing required option '--html' (see 'linkfit report --help')"], absent: []),
        Case(id: "settings: both actions",
             arguments: ["settings", "--default", "--check", "s.json"],
             stderr: ["give --default or --check <file>, not both (see 'linkfit settings --help')"], absent: []),
        Case(id: "settings: no action",
             arguments: ["settings"],
             stderr: ["give --default or --check <file> (see 'linkfit settings --help')"], absent: []),
        Case(id: "compare: an option of another comparator and thresholds that are not numbers",
             arguments: ["compare", "jaro", "a", "b", "--reference-date", "2024-01-01", "--thresholds", "x"],
             stderr: ["option '--reference-date' does not apply to comparator 'jaro'",
                      "option '--thresholds' expects numbers separated by commas (see 'linkfit compare --help')"],
             absent: []),
        Case(id: "bench: a pipeline size below its range",
             arguments: ["bench", "pipeline", "--size", "999", "--dir", "scratch"],
             stderr: ["option '--size' expects an integer in 1000...100000000 (see 'linkfit bench --help')"], absent: ["scratch"]),
        Case(id: "bench: size and threads",
             arguments: ["bench", "csv", "--size", "0", "--threads", "0", "--dir", "scratch"],
             stderr: ["option '--size' expects an integer in 1...1000000",
                      "option '--threads' expects an integer in 1...1024 (see 'linkfit bench --help')"],
             absent: ["scratch"]),
        Case(id: "bench: an unknown suite has no size range",
             arguments: ["bench", "nope", "--size", "0", "--dir", "scratch"],
             stderr: ["unknown benchmark suite 'nope' (see 'linkfit bench --help')"], absent: ["scratch"]),
    ]

    @Test(arguments: cases)
    func usageErrorExits64BeforeAnyOutput(_ example: Case) throws {
        let folder = CLITest.folder("usage")
        defer { try? FileManager.default.removeItem(at: folder) }
        let outcome = CLITest.run(example.arguments, in: folder)
        #expect(outcome.status == 64)
        #expect(outcome.stdout == "")
        #expect(outcome.stderr == example.stderr.map { "linkfit: error: \($0)\n" }.joined())
        for path in example.absent {
            #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent(path).path), "\(path) was written")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty, "the working folder stays empty")
    }

    @Test func theLargestSeedFitsAModelThatLoadsAgain() throws {
        let directory = try CLITest.fixture.get()
        let model = "seed-\(UUID().uuidString).json"
        let fit = CLITest.run(["fit", "--did", "did.csv", "--hes", "hes.csv", "--settings", "fast.json", "--model", model,
                               "--seed", "2147483647"], in: directory)
        #expect(fit.status == 0, "\(fit.stderr)")
        let inspect = CLITest.run(["inspect", model], in: directory)
        #expect(inspect.status == 0, "\(inspect.stderr)")
        #expect(inspect.stdout.hasPrefix("λ = "))
        let json = try CLITest.text(directory.appendingPathComponent(model))
        #expect(json.contains("\"seed\": 2147483647"))
    }

    @Test func synthWritesTheSameFilesUnderEitherSpelling() throws {
        let folder = CLITest.folder("synth-spelling")
        defer { try? FileManager.default.removeItem(at: folder) }
        let old = CLITest.run(["synth", "--hes", "300", "--did", "80", "--seed", "5", "--out", "old"], in: folder)
        let new = CLITest.run(["synth", "--hes-persons", "300", "--did-records", "80", "--seed", "5", "--out", "new"], in: folder)
        #expect(old.status == 0 && new.status == 0, "\(old.stderr)\(new.stderr)")
        #expect(old.stdout.replacingOccurrences(of: "wrote old:", with: "wrote new:") == new.stdout)
        for file in ["hes.csv", "did.csv", "truth.csv", "old_new_hesid.csv"] {
            let a = try Data(contentsOf: folder.appendingPathComponent("old/\(file)"))
            let b = try Data(contentsOf: folder.appendingPathComponent("new/\(file)"))
            #expect(a == b, "\(file)")
        }
    }
}
