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
}
