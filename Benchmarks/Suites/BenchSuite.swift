import Foundation

/// One throughput benchmark: a name, what it measures, the problem sizes it accepts, and a body that
/// checks its own results and prints rates (records/s, pairs/s, MB/s) and peak memory.
///
/// The suites run under `linkfit bench <suite>`; they are never timed unit tests.
package struct BenchSuite {
    package var name: String
    package var abstract: String
    /// The `--size` values the suite accepts (its unit is the suite's: MB, pairs, values, persons).
    package var sizes: ClosedRange<Int>
    package var run: (BenchContext) throws -> Void

    /// Every benchmark suite, in the order `linkfit bench --help` lists them.
    package static var all: [BenchSuite] {
        [CSVBench.suite, .jaroWinkler, .standardise, SynthBench.suite, PipelineBench.suite, .pseudonym]
    }
}

/// What a suite is given: its checked options, a scratch folder, and where its text goes.
package struct BenchContext {
    /// `--size`, already checked against the suite's `sizes`; nil for the suite's default.
    package var size: Int?
    /// `--threads`, already checked; nil for the suite's default (all cores).
    package var threads: Int?
    /// A folder the suite may fill with generated files.
    package var scratch: URL
    /// The linkfit version (in provenance and in the stamps of reusable data).
    package var version: String
    /// Writes text to standard output as it is.
    package var write: (String) -> Void

    package init(size: Int?, threads: Int?, scratch: URL, version: String, write: @escaping (String) -> Void) {
        self.size = size
        self.threads = threads
        self.scratch = scratch
        self.version = version
        self.write = write
    }

    /// Writes `line` and a newline.
    func print(_ line: String = "") { write(line + "\n") }

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

/// A suite found its results wrong, or could not run. `linkfit bench` exits 1 with the message.
package struct BenchFailure: Error, Equatable, CustomStringConvertible {
    package var message: String
    init(_ message: String) { self.message = message }
    package var description: String { message }
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
