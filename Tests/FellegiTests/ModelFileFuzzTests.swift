import Foundation
import LinkIO
import Testing

@testable import Fellegi

/// Regressions found by fuzzing the model loader (Fuzz/model.swift, docs/fuzzing.md).
@Suite struct ModelFileFuzzTests {
    static func load(_ json: JSON) throws -> FittedModel {
        try FittedModel.load(JSON.parse(Data(json.serialised().utf8), file: "model.json"), file: "model.json")
    }

    @Test("a saved model reloads with exactly the same probabilities (numbers from the demo model the fuzzer flagged)")
    func savedModelReloadsExactly() throws {
        // u and λ as in linkfit-demo/model.json; JSONSerialization read this u one ulp off.
        var u = Engine.handU
        u[0] = [0, 0.004159072821491329, 0.0009, 1 - 0.004159072821491329 - 0.0009]
        let model = try Engine.model(lambda: 0.9688544064677439, u: u)
        let reloaded = try Self.load(model.json)
        #expect(reloaded.parameters.u[0][1] == 0.004159072821491329)
        #expect(reloaded.parameters == model.parameters)
        #expect(reloaded.json.serialised() == model.json.serialised())
    }

    @Test("a negative seed and counts beyond Int read as 0 (they are informational) instead of trapping")
    func outOfRangeCountsReadAsZero() throws {
        let model = try Engine.model()
        var root = try #require(model.json.object)
        var provenance = try #require(root["provenance"]?.object)
        var training = try #require(root["training"]?.object)
        provenance["seed"] = .number(-1)
        provenance["inputs"] = .array([.object(["role": .string("left"), "file": .string("did.csv"), "fingerprint": .string("x"),
                                                "records": .number(1e300)])])
        training["leftRecords"] = .number(1e300)
        training["candidatePairs"] = .number(-1e19)
        training["missing"] = .object(["left": .array([.object(["a": .number(1e40)])]), "right": .array([])])
        root["provenance"] = .object(provenance)
        root["training"] = .object(training)
        let loaded = try Self.load(.object(root))
        #expect(loaded.provenance.seed == 0)
        #expect(loaded.provenance.inputs.map(\.records) == [0])
        #expect(loaded.report.leftRecords == 0)
        #expect(loaded.report.candidatePairs == 0)
        #expect(loaded.report.missing == [["a": 0]])
        #expect(loaded.parameters == model.parameters)
    }
}
