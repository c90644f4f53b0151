import Foundation
import LinkIO
import Synth
import Testing

@testable import Fellegi

/// `training.fixM` and `training.fixU`: given probabilities are used as they are, and a malformed
/// one is reported with its JSON path.
@Suite struct FixedParametersTests {
    static func fixture() throws -> (left: RecordTable, right: RecordTable) {
        let folder = Engine.folder("fixed")
        _ = try generate(.fixture, into: folder)
        var settings = LinkSettings.didToHES
        settings.training.uSamplePairs = 100_000
        let left = try RecordTable.load(url: folder.appendingPathComponent("did.csv"), file: "did.csv", settings: settings, side: .left)
        let right = try RecordTable.load(url: folder.appendingPathComponent("hes.csv"), file: "hes.csv", settings: settings, side: .right)
        return (left, right)
    }

    @Test func givenMAndUAreUsedAsGiven() throws {
        let (left, right) = try Self.fixture()
        var settings = LinkSettings.didToHES
        settings.training.uSamplePairs = 100_000
        settings.training.fixM = ["sex": [0.9, 0.1]]
        settings.training.fixU = ["sex": [0.5, 0.5]]
        let model = try ModelTrainer(settings: settings, threads: 2).fit(
            left: left, right: right, provenance: Provenance(linkfitVersion: "test", seed: 1, inputs: []))
        let sex = try #require(settings.comparisonIndex("sex"))
        #expect(model.parameters.m[sex] == [0, 0.9, 0.1])
        #expect(model.parameters.u[sex] == [0, 0.5, 0.5])
        #expect(model.uSources[sex] == ["", "given", "given"])
        // log2(0.9 / 0.5) and log2(0.1 / 0.5), worked by hand: 0.848 and −2.322 bits.
        #expect(abs(model.weight(sex, 1) - 0.847_996_906) < 1e-6)
        #expect(abs(model.weight(sex, 2) + 2.321_928_095) < 1e-6)
        // The other comparisons are still estimated.
        let dob = try #require(settings.comparisonIndex("dob"))
        #expect(model.uSources[dob][1] == "frequency")
    }

    @Test func malformedFixedValuesAreReportedWithPaths() throws {
        var root = try #require(LinkSettings.didToHES.json.object)
        var training = try #require(root["training"]?.object)
        training["fixM"] = .object(["sex": .array([.number(0.9)]), "nope": .array([.number(1)])])
        training["fixU"] = .object(["sex": .array([.number(0.7), .number(0.7)])])
        root["training"] = .object(training)
        let json = JSON.object(root)
        let problems = Engine.problems { _ = try LinkSettings.load(json, file: "s.json") }.map(\.description)
        #expect(problems.contains("s.json: $.training.fixM.nope: names no comparison"))
        #expect(problems.contains("s.json: $.training.fixM.sex: expected 2 probabilities (one per non-null level, strongest first)"))
        #expect(problems.contains("s.json: $.training.fixU.sex: expected probabilities summing to 1"))
    }
}
