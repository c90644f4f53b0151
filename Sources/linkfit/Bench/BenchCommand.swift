import Foundation
import LinkIO

/// `linkfit bench <suite>`: throughput benchmarks. Never run as timed unit tests; each suite checks
/// its own results and reports rates (records/s, pairs/s, MB/s) and peak memory.
enum BenchCommand: Command {
    /// Every benchmark suite, by name.
    static var suites: [BenchSuite] {
        [CSVBench.suite, .jaroWinkler, .standardise, SynthBench.suite, PipelineBench.suite, .pseudonym]
    }

    static var spec: CommandSpec {
        CommandSpec(
            name: "bench",
            abstract: "Measure throughput and peak memory (records/s, pairs/s, MB/s).",
            discussion: "SUITES:\n" + suites.map { "  " + $0.name.padded(16) + $0.abstract }.joined(separator: "\n"),
            positionals: [.init(name: "suite", help: "Which benchmark to run (see SUITES).")],
            options: [
                .init(name: "size", value: "n", help: "Problem size, where the suite takes one (suite-specific default)."),
                .init(name: "dir", value: "dir", help: "Scratch folder for generated files (default: a temporary folder)."),
                .init(name: "threads", value: "n", help: "Worker threads (default: all cores)."),
            ])
    }

    static func run(_ arguments: ParsedArguments, _ io: CommandIO) throws {
        let name = arguments.positional(0) ?? ""
        guard let suite = suites.first(where: { $0.name == name }) else {
            throw UsageError("unknown benchmark suite '\(name)'")
        }
        let scratch: URL
        var temporary = false
        if let dir = arguments.string("dir") {
            scratch = io.url(dir)
        } else {
            scratch = FileManager.default.temporaryDirectory.appendingPathComponent("linkfit-bench-\(ProcessInfo.processInfo.processIdentifier)")
            temporary = true
        }
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { if temporary { try? FileManager.default.removeItem(at: scratch) } }
        try suite.run(BenchContext(arguments: arguments, io: io, scratch: scratch))
    }
}

/// One benchmark: a name, what it measures, and a body.
struct BenchSuite {
    var name: String
    var abstract: String
    var run: (BenchContext) throws -> Void
}

struct BenchContext {
    var arguments: ParsedArguments
    var io: CommandIO
    var scratch: URL

    /// CPU time of `body` on the calling thread, in seconds, with its result: a single-thread rate that
    /// other processes on shared cores do not dilute (unlike wall time).
    func threadCPUTime<T>(_ body: () throws -> T) rethrows -> (seconds: Double, result: T) {
        func now() -> Double {
            var spec = timespec()
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
            return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
        }
        let start = now()
        let result = try body()
        return (now() - start, result)
    }

    /// Wall time of `body` in seconds, with its result.
    func time<T>(_ body: () throws -> T) rethrows -> (seconds: Double, result: T) {
        let start = DispatchTime.now().uptimeNanoseconds
        let result = try body()
        return (Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9, result)
    }
}

/// `1234567` → `1.23 M`: rates and sizes for people to read.
func humanCount(_ value: Double) -> String {
    switch value {
    case 1e9...: return String(format: "%.2f G", value / 1e9)
    case 1e6...: return String(format: "%.2f M", value / 1e6)
    case 1e3...: return String(format: "%.2f k", value / 1e3)
    default: return String(format: "%.0f", value)
    }
}
