import Foundation
import TestSupport
import Testing

@testable import linkfit

/// A command that only reports what it was given, for parser cases.
enum ProbeCommand: Command {
    static let spec = CommandSpec(
        name: "probe",
        abstract: "Report the parsed arguments.",
        discussion: "Used by the tests of the argument parser.",
        positionals: [
            .init(name: "input", help: "The input file."),
            .init(name: "output", help: "Where to write.", optional: true),
        ],
        options: [
            .init(name: "did", value: "file", help: "The DID extract.", required: true, aliases: ["extract"]),
            .init(name: "seed", value: "n", help: "Random seed.", aliases: ["random-seed"]),
            .init(name: "tag", value: "text", help: "A tag; repeat for more.\nSecond line of help.", repeating: true),
            .init(name: "a-very-long-option-name", value: "value", help: "Wraps onto its own line."),
            .init(name: "level", value: "x", help: "A number in 0...1."),
            .flag("verbose", "Say more.", aliases: ["loud"]),
        ])

    struct Options {
        var input: String
        var output: String?
        var did: String
        var seed: Int
        var tags: [String]
        var level: Double?
        var verbose: Bool
    }

    static func options(_ reader: inout OptionReader) -> Options {
        let options = Options(
            input: reader.positional(0) ?? "", output: reader.positional(1), did: reader.required("did"),
            seed: reader.int("seed", default: 0, in: Int.min...Int.max), tags: reader.strings("tag"),
            level: reader.double("level"), verbose: reader.flag("verbose"))
        if let level = options.level, !(0...1).contains(level) { reader.problem("option '--level' must be in 0...1") }
        return options
    }

    static func run(_ options: Options, _ io: CommandIO) throws {
        io.print(
            "input=\(options.input) output=\(options.output ?? "-") did=\(options.did) seed=\(options.seed) "
                + "tags=\(options.tags.joined(separator: "+")) verbose=\(options.verbose)")
    }
}

/// What one in-process run of `linkfit` did.
struct CLIRun: Equatable, Sendable, CustomStringConvertible {
    var status: Int32
    var stdout: String
    var stderr: String
    var description: String { "[\(status)]\nstdout:\n\(stdout)stderr:\n\(stderr)" }
}

/// The command table for the verbatim cases: fixed here, so that commands added to `CLI.commands` do not
/// change the expected top-level help.
let testCommands: [any Command.Type] = [DemoCommand.self, BenchCommand.self, ProbeCommand.self]

/// Runs `linkfit arguments` in-process with `commands`.
func runCLI(_ arguments: [String], commands: [any Command.Type] = testCommands) -> CLIRun {
    let io = CommandIO.capturing(in: TestFolders.root)
    let status = CLI.main(arguments, io: io, commands: commands)
    return CLIRun(status: status, stdout: io.stdout.text, stderr: io.stderr.text)
}

/// A usage error: exit 64, nothing on stdout, these lines on stderr.
func usageFailure(_ lines: String...) -> CLIRun {
    CLIRun(status: 64, stdout: "", stderr: lines.map { $0 + "\n" }.joined())
}

/// A successful run printing `text`.
func successfulRun(_ text: String) -> CLIRun { CLIRun(status: 0, stdout: text + "\n", stderr: "") }

struct CLICase: CustomTestStringConvertible, Sendable {
    var arguments: [String]
    var expected: CLIRun
    var testDescription: String { "linkfit " + arguments.joined(separator: " ") }
}


let topLevelHelp = """
    OVERVIEW: Probabilistic record linkage of DID imaging records to HES patients (Fellegi–Sunter, fitted by EM).

    USAGE: linkfit <command> [options]

    COMMANDS:
      demo   Generate a synthetic release, fit, link and evaluate it in one go.
      bench  Measure throughput and peak memory (records/s, pairs/s, MB/s).
      probe  Report the parsed arguments.

    OPTIONS:
      --version               Show the version.
      -h, --help              Show help information.

    See 'linkfit help <command>' for a command's options.
    """

let demoHelp = """
    OVERVIEW: Generate a synthetic release, fit, link and evaluate it in one go.

    Runs, in order: linkfit synth (HES index, DID release and truth), linkfit fit, linkfit run and
    linkfit evaluate, and prints what each found. Every file is kept in the output folder, so each
    step can be rerun by hand (the commands are printed).

    USAGE: linkfit demo [options]

    OPTIONS:
      --out <dir>             Where to write the demo's files (default: linkfit-demo).
      --hes-persons <n>       HES persons to generate (default: 400000).
      --did-records <n>       DID records to generate (default: 100000).
      --threads <n>           Worker threads (default: all cores). Results are identical for any count.
      -h, --help              Show help information.
    """

let probeHelp = """
    OVERVIEW: Report the parsed arguments.

    Used by the tests of the argument parser.

    USAGE: linkfit probe <input> [<output>] --did <file> [options]

    ARGUMENTS:
      <input>                 The input file.
      <output>                Where to write.

    OPTIONS:
      --did <file>            The DID extract.
      --seed <n>              Random seed.
      --tag <text>            A tag; repeat for more.
                              Second line of help.
      --a-very-long-option-name <value>
                              Wraps onto its own line.
      --level <x>             A number in 0...1.
      --verbose               Say more.
      -h, --help              Show help information.
    """

let helpCases: [CLICase] = [
    CLICase(arguments: [], expected: successfulRun(topLevelHelp)),
    CLICase(arguments: ["--help"], expected: successfulRun(topLevelHelp)),
    CLICase(arguments: ["-h"], expected: successfulRun(topLevelHelp)),
    CLICase(arguments: ["help"], expected: successfulRun(topLevelHelp)),
    CLICase(arguments: ["--version"], expected: successfulRun("linkfit 0.1.0")),
    CLICase(arguments: ["help", "demo"], expected: successfulRun(demoHelp)),
    CLICase(arguments: ["demo", "--help"], expected: successfulRun(demoHelp)),
    CLICase(arguments: ["demo", "-h"], expected: successfulRun(demoHelp)),
    CLICase(arguments: ["help", "probe"], expected: successfulRun(probeHelp)),
    CLICase(arguments: ["probe", "--help"], expected: successfulRun(probeHelp)),
    CLICase(arguments: ["probe", "--seed", "1", "-h"], expected: successfulRun(probeHelp)),
    CLICase(arguments: ["help", "nope"], expected: usageFailure("linkfit: error: unknown command 'nope' (see 'linkfit --help')")),
    CLICase(
        arguments: ["help", "demo", "extra"],
        expected: usageFailure("linkfit: error: unexpected argument 'extra' (see 'linkfit --help')")),
    CLICase(arguments: ["--version", "extra"], expected: usageFailure("linkfit: error: unexpected argument 'extra' (see 'linkfit --help')")),
]

let parserCases: [CLICase] = [
    CLICase(
        arguments: ["probe", "in.csv", "--did", "d.csv"],
        expected: successfulRun("input=in.csv output=- did=d.csv seed=0 tags= verbose=false")),
    CLICase(
        arguments: ["probe", "--did=d.csv", "in.csv", "out.csv", "--seed", "7", "--tag", "a", "--tag=b=c", "--verbose"],
        expected: successfulRun("input=in.csv output=out.csv did=d.csv seed=7 tags=a+b=c verbose=true")),
    CLICase(
        arguments: ["probe", "--did", "d.csv", "--seed=-5", "in.csv"],
        expected: successfulRun("input=in.csv output=- did=d.csv seed=-5 tags= verbose=false")),
    CLICase(
        arguments: ["probe", "--did", "d.csv", "--seed", "-5", "in.csv"],
        expected: successfulRun("input=in.csv output=- did=d.csv seed=-5 tags= verbose=false")),
    CLICase(
        arguments: ["probe", "--did", "d.csv", "--", "--verbose", "-h"],
        expected: successfulRun("input=--verbose output=-h did=d.csv seed=0 tags= verbose=false")),
    CLICase(
        arguments: ["probe", "-", "--did", "-"],
        expected: successfulRun("input=- output=- did=- seed=0 tags= verbose=false")),
    CLICase(
        arguments: ["probe", "in", "--did", "d", "--bogus"],
        expected: usageFailure("linkfit: error: unknown option '--bogus' (see 'linkfit probe --help')")),
    CLICase(
        arguments: ["probe", "in", "--did", "d", "--bogus=1"],
        expected: usageFailure("linkfit: error: unknown option '--bogus' (see 'linkfit probe --help')")),
    CLICase(
        arguments: ["probe", "in", "--did", "d", "-v"],
        expected: usageFailure("linkfit: error: unknown option '-v' (see 'linkfit probe --help')")),
    CLICase(arguments: ["frobnicate"], expected: usageFailure("linkfit: error: unknown command 'frobnicate' (see 'linkfit --help')")),
    CLICase(arguments: ["--bogus"], expected: usageFailure("linkfit: error: unknown option '--bogus' (see 'linkfit --help')")),
    CLICase(
        arguments: ["probe", "in", "--did"],
        expected: usageFailure("linkfit: error: option '--did' needs a value <file> (see 'linkfit probe --help')")),
    CLICase(
        arguments: ["probe", "in", "--did", "--verbose"],
        expected: usageFailure("linkfit: error: option '--did' needs a value <file> (see 'linkfit probe --help')")),
    CLICase(
        arguments: ["demo", "--out"],
        expected: usageFailure("linkfit: error: option '--out' needs a value <dir> (see 'linkfit demo --help')")),
    CLICase(
        arguments: ["probe", "in", "--did", "d", "--verbose=yes"],
        expected: usageFailure("linkfit: error: option '--verbose' is a flag and takes no value (see 'linkfit probe --help')")),
    CLICase(
        arguments: ["probe", "in", "--did", "d", "--seed", "1", "--seed=2"],
        expected: usageFailure("linkfit: error: option '--seed' is given more than once (see 'linkfit probe --help')")),
    CLICase(
        arguments: ["demo", "--out", "a", "--out", "b"],
        expected: usageFailure("linkfit: error: option '--out' is given more than once (see 'linkfit demo --help')")),
    CLICase(
        arguments: ["probe", "a", "b", "c", "--did", "d"],
        expected: usageFailure("linkfit: error: unexpected argument 'c' (see 'linkfit probe --help')")),
    CLICase(arguments: ["demo", "extra"], expected: usageFailure("linkfit: error: unexpected argument 'extra' (see 'linkfit demo --help')")),
    CLICase(
        arguments: ["probe", "--did", "d"],
        expected: usageFailure("linkfit: error: missing argument <input> (see 'linkfit probe --help')")),
    CLICase(
        arguments: ["probe", "in"],
        expected: usageFailure("linkfit: error: missing required option '--did' (see 'linkfit probe --help')")),
    CLICase(
        arguments: ["probe", "in", "--did", "d", "--seed", "x"],
        expected: usageFailure(
            "linkfit: error: option '--seed' expects an integer in \(Int.min)...\(Int.max) (see 'linkfit probe --help')")),
    // Aliases: an older spelling reads as the option's name, and messages say what the user wrote.
    CLICase(
        arguments: ["probe", "in", "--extract", "d.csv", "--random-seed=4", "--loud"],
        expected: successfulRun("input=in output=- did=d.csv seed=4 tags= verbose=true")),
    CLICase(
        arguments: ["probe", "in", "--extract"],
        expected: usageFailure("linkfit: error: option '--extract' needs a value <file> (see 'linkfit probe --help')")),
    CLICase(
        arguments: ["probe", "in", "--did", "d", "--loud=yes"],
        expected: usageFailure("linkfit: error: option '--loud' is a flag and takes no value (see 'linkfit probe --help')")),
    CLICase(
        arguments: ["probe", "in", "--did", "a", "--extract", "b"],
        expected: usageFailure("linkfit: error: option '--did' is given more than once (see 'linkfit probe --help')")),
    CLICase(
        arguments: ["probe", "in", "--did", "d", "--random-seed", "x"],
        expected: usageFailure(
            "linkfit: error: option '--random-seed' expects an integer in \(Int.min)...\(Int.max) (see 'linkfit probe --help')")),
    // Every problem with the options at once, in the order the command reads them; the last line points to help.
    CLICase(
        arguments: ["probe", "in", "--seed", "x", "--level", "2"],
        expected: usageFailure(
            "linkfit: error: missing required option '--did'",
            "linkfit: error: option '--seed' expects an integer in \(Int.min)...\(Int.max)",
            "linkfit: error: option '--level' must be in 0...1 (see 'linkfit probe --help')")),
    CLICase(
        arguments: ["probe", "in", "--did", "d", "--level", "high"],
        expected: usageFailure("linkfit: error: option '--level' expects a number (see 'linkfit probe --help')")),
    CLICase(arguments: ["bench"], expected: usageFailure("linkfit: error: missing argument <suite> (see 'linkfit bench --help')")),
    CLICase(
        arguments: ["bench", "nope"],
        expected: usageFailure("linkfit: error: unknown benchmark suite 'nope' (see 'linkfit bench --help')")),
    CLICase(
        arguments: ["bench", "csv", "--size", "0"],
        expected: usageFailure("linkfit: error: option '--size' expects an integer in 1...1000000 (see 'linkfit bench --help')")),
]

@Suite("CLI")
struct CLITests {
    @Test("help and version texts", arguments: helpCases)
    func helpTexts(_ example: CLICase) {
        #expect(runCLI(example.arguments) == example.expected)
    }

    @Test("argument parsing and usage errors", arguments: parserCases)
    func parsing(_ example: CLICase) {
        #expect(runCLI(example.arguments) == example.expected)
    }

    @Test("the real top-level help lists every command with its abstract")
    func realHelpListsCommands() {
        let run = runCLI(["--help"], commands: CLI.commands)
        #expect(run.status == 0)
        let width = (CLI.commands.map { $0.spec.name.count }.max() ?? 0) + 2
        for command in CLI.commands {
            #expect(run.stdout.contains("\n  " + command.spec.name.padded(width) + command.spec.abstract + "\n"))
        }
    }

    @Test("bench help lists the csv suite")
    func benchHelpListsSuites() {
        let run = runCLI(["help", "bench"])
        #expect(run.status == 0)
        #expect(run.stdout.contains(
            "SUITES:\n  csv             Parse a DID-like CSV (--size MB, default 1024), sequentially and in parallel.\n"))
    }

    @Test("bench csv runs at a small size and checks itself")
    func benchCSVSmall() throws {
        let scratch = TestFolders.root.appendingPathComponent("linkfit-cli-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let run = runCLI(["bench", "csv", "--size", "1", "--threads", "2", "--dir", scratch.path])
        #expect(run.status == 0, "\(run)")
        #expect(run.stderr == "")
        let lines = run.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 4, "\(run)")
        #expect(lines.first?.hasPrefix("csv: 1.0 MB, 12.19 k records (generated in ") == true, "\(run)")
        #expect(lines.dropFirst().first?.hasPrefix("sequential ") == true)
        #expect(lines.dropFirst(2).first?.hasPrefix("parallel (2) ") == true)
        #expect(lines.last?.hasPrefix("peak memory: ") == true)
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path).isEmpty)
    }
}
