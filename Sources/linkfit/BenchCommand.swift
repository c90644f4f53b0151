import BenchSuites
import Foundation

/// `linkfit bench <suite>`: runs one of the throughput suites (Benchmarks/Suites). Never run as timed
/// unit tests; each suite checks its own results and reports rates (records/s, pairs/s, MB/s) and
/// peak memory.
enum BenchCommand: Command {
    static var spec: CommandSpec {
        CommandSpec(
            name: "bench",
            abstract: "Measure throughput and peak memory (records/s, pairs/s, MB/s).",
            discussion: "SUITES:\n" + BenchSuite.all.map { "  " + $0.name.padded(16) + $0.abstract }.joined(separator: "\n"),
            positionals: [.init(name: "suite", help: "Which benchmark to run (see SUITES).")],
            options: [
                .init(name: "size", value: "n", help: "Problem size, where the suite takes one (suite-specific default)."),
                .init(name: "dir", value: "dir", help: "Scratch folder for generated files (default: a temporary folder)."),
                .init(name: "threads", value: "n", help: "Worker threads (default: all cores)."),
            ])
    }

    struct Options {
        var suite: BenchSuite
        var size: Int?
        var dir: String?
        var threads: Int?
    }

    static func options(_ reader: inout OptionReader) -> Options {
        let name = reader.positional(0) ?? ""
        let suite = BenchSuite.all.first { $0.name == name }
        if suite == nil { reader.problem("unknown benchmark suite '\(name)'") }
        // An unknown suite is a problem already; the first suite stands in and never runs.
        return Options(suite: suite ?? BenchSuite.all[0], size: reader.int("size", in: suite?.sizes ?? Int.min...Int.max),
                       dir: reader.string("dir"), threads: reader.threadsIfGiven())
    }

    static func run(_ options: Options, _ io: CommandIO) throws {
        let scratch: URL
        var temporary = false
        if let dir = options.dir {
            scratch = io.url(dir)
        } else {
            scratch = FileManager.default.temporaryDirectory.appendingPathComponent("linkfit-bench-\(ProcessInfo.processInfo.processIdentifier)")
            temporary = true
        }
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { if temporary { try? FileManager.default.removeItem(at: scratch) } }
        let context = BenchContext(size: options.size, threads: options.threads, scratch: scratch, version: CLI.version,
                                   write: io.stdout.write)
        do {
            try options.suite.run(context)
        } catch let failure as BenchFailure {
            throw CommandFailure(failure.message)
        }
    }
}
