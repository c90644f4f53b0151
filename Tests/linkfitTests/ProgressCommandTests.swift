import Foundation
import LinkIO
import Testing

@testable import linkfit

/// Progress through whole commands: a line per stage on stderr in the plain mode, one line rewritten
/// in place in the terminal mode, nothing with `--quiet`; stdout and every file the same in each.
@Suite(.serialized) struct ProgressCommandTests {
    struct Outcome {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs `linkfit` in-process with `LINKFIT_PROGRESS=mode` (nil: unset, so a capture shows none).
    static func run(_ arguments: [String], in directory: URL, mode: String?) -> Outcome {
        let io = CommandIO.capturing(in: directory, environment: mode.map { [ProgressMode.environmentName: $0] } ?? [:])
        let status = CLI.main(arguments, io: io)
        return Outcome(status: status, stdout: io.stdout.text, stderr: io.stderr.text)
    }

    static func bytes(_ url: URL) throws -> Data { try Data(contentsOf: url) }

    /// The stages a timings file lists (name and depth), in the order they started.
    static func stages(timings url: URL) throws -> [String] {
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any]
        let stages = try #require(json?["stages"] as? [[String: Any]])
        return stages.compactMap { $0["name"] as? String }
    }

    /// The plain lines' stage names (the path's last part), sorted; every line checked for shape.
    static func plainStages(_ stderr: String, command: String) -> [String] {
        let lines = stderr.split(separator: "\n").map(String.init)
        let pattern = #"^linkfit \#(command): .+ \d+\.\d\d s(, \d+(\.\d+)? ?[a-zA-Z]+( at .+/s)?)?$"#
        for line in lines { #expect(line.range(of: pattern, options: .regularExpression) != nil, "\(line)") }
        return lines.map { line in
            let path = line.dropFirst("linkfit \(command): ".count)
            let withoutTime = path.range(of: #" \d+\.\d\d s.*$"#, options: .regularExpression).map { String(path[..<$0.lowerBound]) } ?? ""
            return withoutTime.components(separatedBy: " / ").last ?? ""
        }.sorted()
    }

    /// stdout without its `time:` line (stage times differ every run).
    static func withoutTimes(_ stdout: String) -> String {
        stdout.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.hasPrefix("time: ") }.joined(separator: "\n")
    }

    @Test func fitPrintsALinePerStageAndTheSameModelInEveryMode() throws {
        let directory = try CLITest.fixture.get()
        let base = ["fit", "--did", "did.csv", "--hes", "hes.csv", "--settings", "fast.json"]
        let plain = Self.run(base + ["--model", "progress-plain.json", "--timings", "progress-timings.json"], in: directory, mode: "plain")
        let quiet = Self.run(base + ["--model", "progress-quiet.json", "--quiet"], in: directory, mode: "plain")
        let terminal = Self.run(base + ["--model", "progress-terminal.json"], in: directory, mode: "terminal")
        #expect(plain.status == 0 && quiet.status == 0 && terminal.status == 0, "\(plain.stderr)\(quiet.stderr)\(terminal.stderr)")
        let model = try Self.bytes(directory.appendingPathComponent("progress-quiet.json"))
        #expect(try Self.bytes(directory.appendingPathComponent("progress-plain.json")) == model)
        #expect(try Self.bytes(directory.appendingPathComponent("progress-terminal.json")) == model)
        let stdout = Self.withoutTimes(quiet.stdout).replacingOccurrences(of: "progress-quiet.json", with: "MODEL")
        #expect(Self.withoutTimes(plain.stdout).replacingOccurrences(of: "progress-plain.json", with: "MODEL") == stdout)
        #expect(Self.withoutTimes(terminal.stdout).replacingOccurrences(of: "progress-terminal.json", with: "MODEL") == stdout)
        #expect(quiet.stderr == "")
        // One plain line per stage the timings list, and nothing else.
        let timed = try Self.stages(timings: directory.appendingPathComponent("progress-timings.json"))
        #expect(timed.contains("parse, standardise") && timed.contains("u") && timed.contains("EM"))
        #expect(Self.plainStages(plain.stderr, command: "fit") == timed.sorted())
        #expect(!plain.stderr.contains("\r"))
        #expect(plain.stderr.contains("linkfit fit: read DID / parse, standardise "))
        #expect(plain.stderr.contains(" s, 300000 pairs"))
        // The terminal mode in a capture: the line, rewritten in place, ends as the one `done` line.
        #expect(terminal.stderr.filter { $0 == "\n" }.count == 1, "\(terminal.stderr.debugDescription)")
        #expect(terminal.stderr.range(of: #"\rlinkfit fit: done in \d+\.\d s\x{1B}\[K\n$"#, options: .regularExpression) != nil,
                "\(terminal.stderr.debugDescription)")
    }

    @Test func runWritesTheSameFolderInEveryMode() throws {
        let directory = try CLITest.fixture.get()
        func run(_ out: String, _ extra: [String], mode: String?) -> Outcome {
            Self.run(["run", "--did", "did.csv", "--hes", "hes.csv", "--model", "model.json", "--file-version", "P1", "--out", out] + extra,
                     in: directory, mode: mode)
        }
        let plain = run("progress-run-plain", [], mode: "plain")
        let quiet = run("progress-run-quiet", ["--quiet"], mode: "terminal")
        #expect(plain.status == 0 && quiet.status == 0, "\(plain.stderr)\(quiet.stderr)")
        for name in ["links.csv", "review.csv", "summary.json", "quality.json", "quality.csv"] {
            #expect(try Self.bytes(directory.appendingPathComponent("progress-run-plain/\(name)"))
                    == Self.bytes(directory.appendingPathComponent("progress-run-quiet/\(name)")), "\(name)")
        }
        #expect(quiet.stderr == "")
        #expect(Self.withoutTimes(plain.stdout.replacingOccurrences(of: "progress-run-plain", with: "OUT"))
                == Self.withoutTimes(quiet.stdout.replacingOccurrences(of: "progress-run-quiet", with: "OUT")))
        let timed = try Self.stages(timings: directory.appendingPathComponent("progress-run-plain/timings.json"))
        #expect(timed.contains("block, compare, score"))
        #expect(Self.plainStages(plain.stderr, command: "run") == timed.sorted())
        #expect(plain.stderr.contains("linkfit run: link / block, compare, score ") && plain.stderr.contains(" s, 1000 records"))
    }

    @Test func synthAndProfileSayTheSameAndWriteTheSameFiles() throws {
        let directory = CLITest.folder("progress-synth")
        defer { try? FileManager.default.removeItem(at: directory) }
        let synth = ["synth", "--hes-persons", "3000", "--did-records", "1000", "--months", "2"]
        let plain = Self.run(synth + ["--out", "plain"], in: directory, mode: "plain")
        let quiet = Self.run(synth + ["--out", "quiet", "--quiet"], in: directory, mode: "plain")
        let unset = Self.run(synth + ["--out", "unset"], in: directory, mode: nil)
        #expect(plain.status == 0 && quiet.status == 0 && unset.status == 0, "\(plain.stderr)")
        for name in ["hes.csv", "did-01.csv", "did-02.csv", "truth.csv", "old_new_hesid.csv"] {
            let expected = try Self.bytes(directory.appendingPathComponent("quiet/\(name)"))
            #expect(try Self.bytes(directory.appendingPathComponent("plain/\(name)")) == expected, "\(name)")
        }
        #expect(plain.stdout.replacingOccurrences(of: "plain", with: "quiet") == quiet.stdout)
        #expect(quiet.stderr == "" && unset.stderr == "")
        let lines = plain.stderr.split(separator: "\n")
        #expect(lines.count == 3, "\(plain.stderr)")
        #expect(lines.first?.hasPrefix("linkfit synth: hes.csv ") == true && lines.first?.contains(" s, 3000 persons") == true)
        #expect(lines.dropFirst().map { $0.prefix("linkfit synth: did-0x.csv".count) } == ["linkfit synth: did-01.csv", "linkfit synth: did-02.csv"])

        let profile = ["profile", "--did", "plain/did-01.csv", "--hes", "plain/hes.csv"]
        let profiled = Self.run(profile, in: directory, mode: "plain")
        let quietly = Self.run(profile + ["--quiet"], in: directory, mode: "plain")
        #expect(profiled.status == 0 && profiled.stdout == quietly.stdout && quietly.stderr == "")
        #expect(profiled.stderr.contains("linkfit profile: profile / pairs per rule ") && profiled.stderr.contains(" records"))
        #expect(profiled.stderr.hasSuffix("\n") && profiled.stderr.split(separator: "\n").last?.hasPrefix("linkfit profile: profile ") == true)
    }

    @Test func aFailureEndsThePlainLinesWithTheErrorAndNoLineForTheFailedStage() throws {
        let directory = CLITest.folder("progress-error")
        defer { try? FileManager.default.removeItem(at: directory) }
        let fixture = try CLITest.fixture.get()
        try FileManager.default.copyItem(at: fixture.appendingPathComponent("did.csv"), to: directory.appendingPathComponent("did.csv"))
        try CLITest.write("HESID,NEWNHSNO\n1,9434765919\n", to: directory.appendingPathComponent("hes.csv"))
        let outcome = Self.run(["fit", "--did", "did.csv", "--hes", "hes.csv", "--model", "m.json"], in: directory, mode: "plain")
        #expect(outcome.status == 65)
        let lines = outcome.stderr.split(separator: "\n").map(String.init)
        #expect(lines.last?.hasPrefix("linkfit: error: hes.csv") == true, "\(outcome.stderr)")
        #expect(lines.dropLast().allSatisfy { $0.hasPrefix("linkfit fit: read DID") }, "\(outcome.stderr)")
        #expect(lines.contains { $0.hasPrefix("linkfit fit: read DID ") })
    }

    @Test func anUnknownModeIsRefusedBeforeAnyWork() throws {
        let directory = CLITest.folder("progress-bad-mode")
        defer { try? FileManager.default.removeItem(at: directory) }
        let outcome = Self.run(["synth", "--hes-persons", "10", "--did-records", "5", "--out", "o"], in: directory, mode: "loud")
        #expect(outcome.status == 64)
        #expect(outcome.stderr == "linkfit: error: LINKFIT_PROGRESS must be terminal, plain, off or auto, not 'loud' (see 'linkfit synth --help')\n")
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("o").path))
    }
}
