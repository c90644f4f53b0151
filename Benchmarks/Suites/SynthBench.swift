import Foundation
import Synth
import LinkIO

/// `linkfit bench synth`: rows/s and peak memory of `generate` at a couple of sizes, checking the
/// row counts it reports against the files.
enum SynthBench {
    static var suite: BenchSuite { BenchSuite(
        name: "synth",
        abstract: "Synthetic data generation: HES + DID rows/s and peak memory.",
        sizes: 1_000...100_000_000, run: run) }

    static func run(_ context: BenchContext) throws {
        let largest = context.size ?? 1_000_000
        let threads = context.threads
        var sizes = [largest / 10, largest]
        if sizes[0] < 1_000 { sizes = [largest] }
        context.print("persons".padded(12) + "DID records".padded(13) + "HES rows".padded(13) + "seconds".padded(9) + "rows/s".padded(12) + "peak memory")
        for persons in sizes {
            let records = max(1, persons / 10)
            let folder = context.scratch.appendingPathComponent("synth-\(persons)")
            var config = SynthConfig(persons: persons, didRecords: records, seed: 1)
            config.threads = threads
            let (seconds, summary) = try context.time { try generate(config, into: folder) }
            let didLines = try lineCount(folder.appendingPathComponent("did.csv")) - 1
            guard didLines == records, summary.didRecords == records else {
                throw BenchFailure("synth bench: did.csv has \(didLines) records, expected \(records)")
            }
            let rows = Double(summary.hesRows + summary.didRecords)
            context.print(
                String(persons).padded(12) + String(records).padded(13) + String(summary.hesRows).padded(13)
                    + String(format: "%-9.2f", seconds) + (humanCount(rows / seconds) + "/s").padded(12)
                    + humanCount(Double(ProcessMemory.peakBytes())) + "B")
            try? FileManager.default.removeItem(at: folder)
        }
    }

    /// Lines in a file, counted in 1 MiB blocks.
    private static func lineCount(_ url: URL) throws -> Int {
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        var lines = 0
        while let block = try handle.read(upToCount: 1 << 20), !block.isEmpty {
            lines += block.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
        }
        return lines
    }
}
