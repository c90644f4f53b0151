import Foundation
import LinkIO
import Testing

@testable import Fellegi

/// The λ rule's recall: estimated from the fitted m and the null rates unless the settings give it.
@Suite struct LambdaRecallTests {
    static func settings(_ recall: JSON?) throws -> LinkSettings {
        var root = try #require(LinkSettings.didToHES.json.object)
        var training = try #require(root["training"]?.object)
        training["lambdaRuleRecall"] = recall
        root["training"] = .object(training)
        return try LinkSettings.load(.object(root), file: "s.json")
    }

    @Test func theSettingsGiveTheRecallOrLeaveItToBeEstimated() throws {
        #expect(try Self.settings(nil).training.lambdaRuleRecall == nil)
        #expect(try Self.settings(.null).training.lambdaRuleRecall == nil)
        #expect(try Self.settings(.number(0.85)).training.lambdaRuleRecall == 0.85)
        #expect(LinkSettings.didToHES.json["training"]?["lambdaRuleRecall"] == .null)
        let problems = Engine.problems { _ = try Self.settings(.number(2)) }.map(\.description)
        #expect(problems.count == 1 && problems[0].hasPrefix("s.json: $.training.lambdaRuleRecall:"))
    }

    /// On the synthetic fixture, the estimated recall is the chance that a match agrees exactly on
    /// both the NHS number and the birth date, both present: Π over the two of (1 − null rate) times
    /// the m of the exact level, the one the agreeing count takes in (not the birth date's
    /// exact-placeholder: a pair agreeing on a placeholder date is not counted as agreeing), each
    /// null rate 1 − (1 − left missing share)(1 − right missing share) counted from the tables here.
    @Test func theEstimatedRecallIsTheShareOfMatchesTheRuleCatches() throws {
        let (left, right) = try FixedParametersTests.fixture()
        var settings = LinkSettings.didToHES
        settings.training.uSamplePairs = 100_000
        let provenance = Provenance(linkfitVersion: "test", seed: 1, inputs: [])
        let model = try ModelTrainer(settings: settings, threads: 2).fit(left: left, right: right, provenance: provenance)
        func missing(_ table: RecordTable, _ k: Int) -> Double { Double(table.missingCounts[k].reduce(0, +)) / Double(table.rowCount) }
        var expected = 1.0
        for name in ["nhs_number", "dob"] {
            let k = try #require(settings.comparisonIndex(name))
            #expect(model.levelLabels[k][1] == "exact")
            let present = (1 - missing(left, k)) * (1 - missing(right, k))
            expected *= present * model.parameters.m[k][1]
        }
        // The estimate must leave the birth date's exact-placeholder level out: its m, far above the
        // tolerance below relative to the recall, would show if it were counted in.
        let dob = try #require(settings.comparisonIndex("dob"))
        #expect(model.levelLabels[dob][2] == "exact-placeholder" && model.parameters.m[dob][2] > 1e-9, "\(model.parameters.m[dob][2])")
        let lambda = model.report.lambda
        #expect(lambda.recallEstimated && lambda.rule == ["nhs_number", "dob"])
        #expect(abs(lambda.recall - expected) < 1e-12)
        #expect(lambda.recall > 0.5 && lambda.recall < 1)
        #expect(abs(lambda.expectedMatches - Double(lambda.agreeingRecords) / expected) < 1e-6)

        settings.training.lambdaRuleRecall = 0.9
        let given = try ModelTrainer(settings: settings, threads: 2).fit(left: left, right: right, provenance: provenance).report.lambda
        #expect(!given.recallEstimated && given.recall == 0.9)
        #expect(abs(given.expectedMatches - Double(given.agreeingRecords) / 0.9) < 1e-6)
    }
}
