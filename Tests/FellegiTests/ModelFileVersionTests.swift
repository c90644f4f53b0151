import Foundation
import LinkIO
import Testing

@testable import Fellegi

/// A model whose comparisons have other levels than this linkfit's (fitted before a level was added,
/// such as the birth date's `placeholder-year`) is refused with a located error that says to refit.
@Suite struct ModelFileVersionTests {
    @Test func aModelWithoutTheBirthDatesPlaceholderYearLevelAsksToBeRefitted() throws {
        let model = try Engine.model()
        var root = try #require(model.json.object)
        var comparisons = try #require(root["comparisons"]?.array)
        let dob = try #require(LinkSettings.didToHES.comparisonIndex("dob"))
        var comparison = try #require(comparisons[dob].object)
        var levels = try #require(comparison["levels"]?.array)
        let placeholderYear = try #require(levels.firstIndex { $0["label"] == .string("placeholder-year") })
        levels.remove(at: placeholderYear)
        comparison["levels"] = .array(levels)
        comparisons[dob] = .object(comparison)
        root["comparisons"] = .array(comparisons)
        let message: String
        do {
            _ = try FittedModel.load(JSON.parse(Data(JSON.object(root).serialised().utf8), file: "model.json"), file: "model.json")
            message = "no error"
        } catch {
            message = "\(error)"
        }
        #expect(message.contains("model.json"))
        #expect(message.contains("$.comparisons[\(dob)].levels"))
        #expect(message.contains("refit it with 'linkfit fit'"))
    }
}
