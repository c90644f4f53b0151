import Foundation
import Kernels

/// What a subcommand declares about itself: its name, one-line abstract, and its arguments.
/// The help text and the argument parser are both derived from this one value.
struct CommandSpec: Sendable {
    var name: String
    var abstract: String
    var discussion: String = ""
    var positionals: [Positional] = []
    var options: [Option] = []

    struct Positional: Sendable {
        var name: String
        var help: String
        var optional: Bool = false
    }

    struct Option: Sendable {
        /// Long name without dashes, e.g. `did` for `--did`.
        var name: String
        /// Placeholder shown in help (`file`, `n`); nil for a flag.
        var value: String?
        var help: String
        var required: Bool = false
        var repeating: Bool = false
        /// For a required option: another option that may be given in its place (`hes-index` for `hes`).
        var alternative: String? = nil
        /// Older spellings that still work (without dashes); help shows only `name`.
        var aliases: [String] = []

        static func flag(_ name: String, _ help: String, aliases: [String] = []) -> Option {
            Option(name: name, value: nil, help: help, aliases: aliases)
        }
    }
}

/// A subcommand: a type with a spec, a typed `Options` value read and checked from the command line
/// before any work, and a `run` that gets those options and injected I/O, so tests run it in-process.
protocol Command {
    associatedtype Options
    static var spec: CommandSpec { get }
    /// Reads every option into `Options`, recording each problem in `reader` (not throwing), so that
    /// all of them are reported at once. Reads and writes no file.
    static func options(_ reader: inout OptionReader) -> Options
    static func run(_ options: Options, _ io: CommandIO) throws
}

/// The world a command sees: where text goes, the working directory, the environment.
struct CommandIO: Sendable {
    var stdout: TextSink
    var stderr: TextSink
    var workingDirectory: URL
    var environment: [String: String]
    /// Called at each test-hook stage (`holdIfAsked`); nil in the real process.
    var stageHook: (@Sendable (String) -> Void)? = nil
    /// Standard input: the process's, or bytes a test gives (`linkfit shard` reads its rows there).
    var standardInput: StandardInput = .process

    enum StandardInput: Sendable {
        case process
        case bytes([UInt8])
    }

    /// Everything on standard input, to its end.
    func readStandardInput() throws -> [UInt8] {
        guard case .process = standardInput else {
            if case .bytes(let bytes) = standardInput { return bytes }
            return []
        }
        var bytes: [UInt8] = []
        var block = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let count = block.withUnsafeMutableBytes { Foundation.read(0, $0.baseAddress, $0.count) }
            if count == 0 { return bytes }
            if count < 0 {
                if errno == EINTR { continue }
                throw CommandFailure("cannot read standard input (\(String(cString: strerror(errno))))")
            }
            bytes += block[0..<count]
        }
    }

    /// The process's real standard output, error, directory and environment. When both streams are
    /// the terminal, stdout's text goes above stderr's progress line (`TextSink.statusOwner`).
    static var process: CommandIO {
        let stderr = TextSink(fileDescriptor: 2)
        let sharesTerminal = isatty(1) == 1 && isatty(2) == 1
        return CommandIO(
            stdout: TextSink(fileDescriptor: 1, statusOwner: sharesTerminal ? stderr : nil), stderr: stderr,
            workingDirectory: URL(fileURLWithPath: FileManager.default.currentDirectoryPath),
            environment: ProcessInfo.processInfo.environment)
    }

    /// Captures everything written, for tests.
    static func capturing(in directory: URL, environment: [String: String] = [:]) -> CommandIO {
        CommandIO(stdout: TextSink(), stderr: TextSink(), workingDirectory: directory, environment: environment)
    }

    /// A path as the user gave it, resolved against the working directory.
    func url(_ path: String) -> URL {
        path.hasPrefix("/") ? URL(fileURLWithPath: path) : workingDirectory.appendingPathComponent(path)
    }

    /// Test hooks at named points of a command: `stageHook` (in-process tests) is called with the
    /// stage's name; when `LINKFIT_TEST_HOLD` names it, says so on stderr and waits there until the
    /// process is signalled (the interruption tests kill a run at a known point). Tests that run
    /// commands in-process pass no environment, so this never waits there.
    func holdIfAsked(_ stage: String) {
        stageHook?(stage)
        guard environment["LINKFIT_TEST_HOLD"] == stage else { return }
        printError("linkfit: holding at \(stage) (LINKFIT_TEST_HOLD)")
        while true { sleep(60) }
    }

    func print(_ text: String = "") { stdout.write(text + "\n") }
    func printError(_ text: String) { stderr.write(text + "\n") }
}

/// Exit statuses (sysexits): 0 ok, 1 failure, 64 usage error, 65 bad input data.
enum ExitCode: Int32 {
    case success = 0
    case failure = 1
    case usage = 64
    case dataError = 65
}

/// The command line was wrong. Exits 64 with one line per problem, the last with a pointer to `--help`.
struct UsageError: Error, Equatable {
    var messages: [String]
    init(_ message: String) { messages = [message] }
    init(messages: [String]) { self.messages = messages }
}

/// The command could not finish for a reason that is neither usage nor bad input. Exits 1.
struct CommandFailure: Error, Equatable {
    var message: String
    init(_ message: String) { self.message = message }
}
