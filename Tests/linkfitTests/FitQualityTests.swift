import Fellegi
import Foundation
import LinkIO
import Synth
import Testing

@testable import linkfit

/// The fitted weights on synthetic data are ordered sensibly, and the hard cases (twins, placeholder
/// birth dates) do not inflate them.
@Suite struct FitQualityTests {
    static func model(_ directory: URL, _ name: String = "model.json") throws -> FittedModel {
        try FittedModel.load(JSON.parse(Data(contentsOf: directory.appendingPathComponent(name)), file: name), file: name)
    }

    @Test func strongerLevelsWeighMoreAndElseWeighsLeast() throws {
        let model = try Self.model(CLITest.fixture.get())
        for (k, comparison) in model.settings.comparisons.enumerated() {
            let levels = model.levelLabels[k].count
            let last = levels - 1
            for level in 2..<levels {
                #expect(model.weight(k, 1) > model.weight(k, level), "\(comparison.name): exact vs \(model.levelLabels[k][level])")
            }
            // Strictly below every other level, except a level (NHS `near`: the check digit makes it
            // almost impossible between valid numbers) that the monotone fit pooled with else: equal.
            for level in 1..<last {
                let pooled = model.uSources[k][level] == "sample-sparse" && abs(model.weight(k, last) - model.weight(k, level)) < 1e-9
                #expect(model.weight(k, last) < model.weight(k, level) || pooled, "\(comparison.name): else vs \(model.levelLabels[k][level])")
            }
            // Agreement is evidence for a match, the else level evidence against.
            #expect(model.weight(k, 1) > 0 && model.weight(k, last) < 0, "\(comparison.name)")
        }
    }

    /// Twins share a birth date but are different people: were they counted as matches, the birth
    /// date's exact level would gain weight. Fitting the same population with and without twins moves
    /// it by well under a bit, and an exact placeholder birth date (1 January) weighs less than exact.
    @Test func twinsAndPlaceholderDatesDoNotInflateWeights() throws {
        let withTwins = try Self.model(CLITest.fixture.get())
        var config = SynthConfig.fixture
        config.rates.twinPairs = 0
        let directory = CLITest.folder("no-twins")
        _ = try generate(config, into: directory)
        try CLITest.write(CLITest.fastSettings.json.serialised(), to: directory.appendingPathComponent("fast.json"))
        let fit = CLITest.run(["fit", "--did", "did.csv", "--hes", "hes.csv", "--model", "model.json", "--settings", "fast.json"], in: directory)
        #expect(fit.status == 0, "\(fit.stderr)")
        let withoutTwins = try Self.model(directory)

        let dob = try #require(withTwins.settings.comparisonIndex("dob"))
        let exact = 1, placeholder = 2
        #expect(withTwins.levelLabels[dob][placeholder] == "exact-placeholder")
        let change = withTwins.weight(dob, exact) - withoutTwins.weight(dob, exact)
        #expect(abs(change) < 0.25)  // observed 0.03 bits (10.926 with twins, 10.953 without)
        for model in [withTwins, withoutTwins] {
            #expect(model.weight(dob, placeholder) < model.weight(dob, exact))
        }
    }

    @Test func inspectPrintsTheTableFitPrinted() throws {
        let directory = try CLITest.fixture.get()
        let fit = CLITest.run(["fit", "--did", "did.csv", "--hes", "hes.csv", "--model", "model-inspect.json", "--settings", "fast.json"],
                              in: directory)
        #expect(fit.status == 0, "\(fit.stderr)")
        let inspect = CLITest.run(["inspect", "model-inspect.json"], in: directory)
        #expect(inspect.status == 0, "\(inspect.stderr)")
        #expect(inspect.stderr.isEmpty)
        #expect(inspect.stdout.hasPrefix("λ = "))
        #expect(inspect.stdout.contains("\ndob           exact "))
        // fit prints the table, a blank line, then where the model went.
        #expect(fit.stdout.hasPrefix(inspect.stdout + "\nmodel written to model-inspect.json\n"))
    }

    /// `fit --timings` writes every stage, nested under its parent, with seconds and the peak memory
    /// so far; the console line names the same stages.
    @Test func fitWritesTheTimeAndMemoryOfEveryStage() throws {
        let directory = try CLITest.fixture.get()
        let fit = CLITest.run(["fit", "--did", "did.csv", "--hes", "hes.csv", "--model", "model-timed.json", "--settings", "fast.json",
                               "--timings", "fit-timings.json"], in: directory)
        #expect(fit.status == 0, "\(fit.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: directory.appendingPathComponent("fit-timings.json")))
        let stages = try #require((json as? [String: Any])?["stages"] as? [[String: Any]])
        let names = stages.compactMap { $0["name"] as? String }
        for name in ["read DID", "read HES", "parse, standardise", "ids", "fit", "index", "block, compare", "value frequencies", "u", "EM", "write"] {
            #expect(names.contains(name), "\(name) in \(names)")
        }
        let depths = stages.compactMap { $0["depth"] as? Int }
        #expect(depths.first == 0 && depths.contains(1) && depths.contains(2))
        // A stage's peak is taken when it ends: top-level stages end in order, so theirs never fall.
        let peaks = stages.compactMap { ($0["peakBytes"] as? NSNumber)?.doubleValue }
        #expect(peaks.count == stages.count && peaks.allSatisfy { $0 > 0 })
        let topLevel = zip(stages, peaks).filter { ($0.0["depth"] as? Int) == 0 }.map(\.1)
        #expect(zip(topLevel, topLevel.dropFirst()).allSatisfy { $0 <= $1 })
        #expect(stages.allSatisfy { ($0["seconds"] as? Double ?? -1) >= 0 })
        let line = try #require(fit.stdout.split(separator: "\n").last { $0.hasPrefix("time: ") })
        #expect(line.contains("read HES") && line.contains("(index ") && line.contains(" GB"))
    }
}
