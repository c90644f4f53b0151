import Foundation
import Synth
import Testing

@testable import linkfit

/// Same inputs and seed → byte-identical outputs, whatever the thread count.
///
/// The data set is larger than the fixture (17,000 DID records) so that the pair scan has three
/// chunks of 8,192 left records, and u sampling (140,000 pairs) three chunks of 65,536: with one
/// chunk, a thread-count dependence could not show.
@Suite struct DeterminismTests {
    /// The data and a model fitted on two threads (`model-a.json`), once per test process.
    static let data: Result<(directory: URL, model: Data), any Error> = Result {
        let directory = CLITest.folder("determinism")
        _ = try generate(SynthConfig(persons: 10_000, didRecords: 17_000, seed: 3), into: directory)
        var settings = CLITest.fastSettings
        settings.training.uSamplePairs = 140_000
        try CLITest.write(settings.json.serialised(), to: directory.appendingPathComponent("fast.json"))
        return (directory, try fit("model-a.json", threads: 2, in: directory))
    }

    static func fit(_ model: String, threads: Int, in directory: URL) throws -> Data {
        let outcome = CLITest.run(["fit", "--did", "did.csv", "--hes", "hes.csv", "--model", model, "--settings", "fast.json",
                                   "--threads", String(threads)], in: directory)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        return try Data(contentsOf: directory.appendingPathComponent(model))
    }

    @Test func fittingTwiceAndOnOneOrTwoThreadsGivesTheSameModelFile() throws {
        let (directory, first) = try Self.data.get()
        let second = try Self.fit("model-b.json", threads: 2, in: directory)
        let oneThread = try Self.fit("model-c.json", threads: 1, in: directory)
        #expect(first.count > 1_000)
        #expect(first == second)
        #expect(first == oneThread)
    }

    @Test func runningOnOneOrTwoThreadsGivesTheSameOutputs() throws {
        let directory = try Self.data.get().directory
        for threads in [1, 2] {
            let outcome = CLITest.run(["run", "--did", "did.csv", "--hes", "hes.csv", "--model", "model-a.json",
                                       "--file-version", "v1", "--out", "out-\(threads)", "--threads", String(threads)], in: directory)
            #expect(outcome.status == 0, "\(outcome.stderr)")
        }
        for name in ["links.csv", "review.csv", "summary.json"] {
            let one = try Data(contentsOf: directory.appendingPathComponent("out-1/\(name)"))
            let two = try Data(contentsOf: directory.appendingPathComponent("out-2/\(name)"))
            #expect(one.count > 100, "\(name)")
            #expect(one == two, "\(name)")
        }
    }
}
