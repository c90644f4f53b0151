import Foundation
import LinkIO
import Testing

@testable import Fellegi

/// The agreement stratum: non-matches agreeing on an NHS number (a relative's number) scored with u
/// of their own. Weights are worked by hand from `Engine`'s model and the stratum's u below.
@Suite struct AgreementStratumTests {
    /// u^S per level of dob, sex and postcode among non-matches agreeing on the NHS number: a
    /// relative rarely shares the birth date and usually shares the household postcode.
    static let stratumU: [[Double]] = [
        [0, 0, 0, 0],
        [0, 0.01, 0.002, 0.002, 0.004, 0.002, 0.98],
        [0, 0.5, 0.5],
        [0, 0.9, 0.02, 0.02, 0.02, 0.04],
    ]

    static func model(stratum: Bool, nearTieMargin: Double = 5) throws -> FittedModel {
        var settings = Engine.settingsWithoutTermFrequencies
        settings.linking.nearTieMargin = nearTieMargin
        return try Engine.model(
            settings: settings, stratum: stratum ? AgreementStratum(comparison: 0, levels: [1], matchShare: 0.99, u: stratumU) : nil)
    }

    static let nhsPatient = Engine.nhs("485777345")
    static let nhsRelative = Engine.nhs("450557710")
    static let hes = [
        Engine.hesHeader,
        "P,\(nhsPatient),1962-09-14,2,M1 1AA",
        "R,\(nhsRelative),1935-11-23,2,M1 1AA",  // the patient's mother: same household
    ]

    static func link(_ did: [String], model: FittedModel) throws -> (left: RecordTable, right: RecordTable, result: LinkResult) {
        let folder = Engine.folder("stratum")
        let left = try Engine.table([Engine.didHeader] + did, side: .left, settings: model.settings, in: folder)
        let right = try Engine.table(hes, side: .right, settings: model.settings, in: folder)
        return (left, right, try Linker(model: model, threads: 1).link(left: left, right: right))
    }

    /// The patient's record carrying the mother's NHS number.
    /// - Independent: R = −13.288 + 13.214 (nhs) − 5.612 (dob else) + 0.971 + 9.451 (postcode unit) = 4.736,
    ///   P = −13.288 − 5.642 (nhs else) + 9.814 + 0.971 + 9.451 = 1.306: the mother is best, 3.43 ahead (review).
    /// - Stratum: R = −13.288 + 13.214 + log2(0.02/0.98) + 0.971 + log2(0.7/0.9) = −5.080; P unchanged
    ///   (not in the stratum) and 6.386 ahead; record-level probability
    ///   0.95·2^14.594 / (0.95·(2^14.594 + 2^8.207) + 2) = 0.98810 ≥ 0.98: rank 9.
    @Test func aRecordWithARelativesNumberLinksToThePatientNotTheRelative() throws {
        let did = ["D1,\(Self.nhsRelative),1962-09-14,2,M1 1AA,2025-03-01,CT"]
        let independent = try Self.link(did, model: Self.model(stratum: false))
        #expect(independent.right.ids[Int(independent.result.best[0])] == "R")
        #expect(abs(independent.result.bestWeight[0] - 4.736) < 1e-3)
        #expect(independent.result.status[0] == .review)

        let run = try Self.link(did, model: Self.model(stratum: true))
        #expect(run.right.ids[Int(run.result.best[0])] == "P")
        #expect(abs(run.result.bestWeight[0] - 1.306) < 1e-3)
        #expect(abs(run.result.secondWeight[0] - -5.080) < 1e-3)
        #expect(run.result.status[0] == .linked)
        #expect(run.result.bands[Int(run.result.band[0])].rank == "9")
        #expect(abs(run.result.bestProbability[0] - 0.98810) < 1e-5)
    }

    /// A record without a birth date whose only candidate shares its NHS number. Were that candidate
    /// not the match, the number would be someone else's and the match findable only by rules
    /// without it or the birth date: r of mask 0b0011 (0 here), not of 0b0010 (0.99). Weight in the
    /// stratum −13.288 + 13.214 + 0.971 + log2(0.7/0.9) = 0.534; P = 0.95·ℓ / (0.95·ℓ + 2·(1 − 0.95·0)).
    @Test func aStratumCandidateLeavesOnlyTheOtherRulesToFindTheMatchElsewhere() throws {
        var model = try Self.model(stratum: true)
        model.blockingRecallByMissing = (0..<16).map { $0 == 0b0011 ? 0 : 0.99 }
        let run = try Self.link(["D1,\(Self.nhsRelative),,2,M1 1AA,2025-03-01,CT"], model: model)
        #expect(run.right.ids[Int(run.result.best[0])] == "R")
        #expect(abs(run.result.bestWeight[0] - 0.534) < 1e-3)
        let factor = exp2(run.result.bestWeight[0] - model.parameters.priorWeight)
        #expect(abs(run.result.bestProbability[0] - 0.95 * factor / (0.95 * factor + 2)) < 1e-6)
    }

    /// The patient's own record agrees on everything and is in the stratum:
    /// −13.288 + 13.214 + log2(0.9/0.01) + 0.971 + log2(0.7/0.9) = 7.026. Rank 1's threshold is its
    /// weakest pattern in the stratum (placeholder birth date, log2(0.02/0.002)): 3.856.
    @Test func thePatientsOwnRecordLinksAtRankOneWithTheStratumsThreshold() throws {
        let model = try Self.model(stratum: true)
        let run = try Self.link(["D1,\(Self.nhsPatient),1962-09-14,2,M1 1AA,2025-03-01,CT"], model: model)
        #expect(run.right.ids[Int(run.result.best[0])] == "P")
        #expect(abs(run.result.bestWeight[0] - 7.026) < 1e-3)
        let rank1 = try #require(run.result.bands.first { $0.rank == "1" })
        #expect(abs(rank1.minimumWeight - 3.856) < 1e-3)
        #expect(run.result.bands[Int(run.result.band[0])].rank == "1")
    }

    /// Scorer and FSParameters agree on every pattern, in and out of the stratum; outside it the
    /// weight is the independent one.
    @Test func theScorerWeighsEveryPatternAsTheParametersDo() throws {
        let model = try Self.model(stratum: true)
        let comparisons = try model.settings.comparisons.map(FieldComparison.init)
        let scorer = Scorer(model: model, comparisons: comparisons, frequencies: comparisons.map { _ in nil })
        let plain = FSParameters(lambda: Engine.handLambda, m: Engine.handM, u: Engine.handU)
        let counts = comparisons.map(\.levelCount)
        var checked = 0
        for a in 0..<counts[0] { for b in 0..<counts[1] { for c in 0..<counts[2] { for d in 0..<counts[3] {
            let levels = [a, b, c, d]
            let weight = scorer.weight(levels: ArraySlice(levels.map(UInt8.init)), terms: [0, 0, 0, 0])
            #expect(abs(weight - model.parameters.weight(of: levels)) < 1e-9)
            var expected = plain.priorWeight + plain.matchWeight(comparison: 0, level: a)
            for (k, level) in levels.enumerated().dropFirst() where level != 0 {
                expected += log2(Engine.handM[k][level]) - log2(a == 1 ? Self.stratumU[k][level] : Engine.handU[k][level])
            }
            #expect(abs(weight - expected) < 1e-9)
            checked += 1
        } } } }
        #expect(checked == 4 * 7 * 3 * 6)
    }

    /// EM over the pairs agreeing on the NHS number recovers λ_S and u^S from exact expected counts
    /// made with known parameters (three comparisons left: a two-class model is identified).
    @Test func theStratumSessionRecoversItsShareAndU() throws {
        var settings = LinkSettings.didToHES
        settings.training.maxIterations = 20_000
        settings.training.tolerance = 1e-13
        settings.training.monotone = false  // u^S's postcode unit weighs less than sector: not monotone
        let levelCounts = [4, 7, 3, 6]
        let lambda = 0.9
        var counts = PatternCounts(levelCounts: levelCounts)
        for b in 0..<7 { for c in 0..<3 { for d in 0..<6 {
            // Missing at random: a null level contributes a factor 1 (and takes 10% of the pairs).
            func p(_ table: [[Double]], _ k: Int, _ l: Int) -> Double { l == 0 ? 0.1 : 0.9 * table[k][l] }
            let match = p(Engine.handM, 1, b) * p(Engine.handM, 2, c) * p(Engine.handM, 3, d)
            let nonMatch = p(Self.stratumU, 1, b) * p(Self.stratumU, 2, c) * p(Self.stratumU, 3, d)
            counts.add(levels: [1, b, c, d], count: 1e6 * (lambda * match + (1 - lambda) * nonMatch))
        } } }
        let fitted = try TrainingSessions.fit(
            sessions: [counts], ruleNames: ["nhs_number"], excluded: [[0]], u: Engine.handU, fixedM: [(0, Engine.handM[0])],
            settings: settings, stratum: .init(rule: 0, comparison: 0, levels: [1], givenU: []))
        let stratum = try #require(fitted.stratum)
        #expect(abs(stratum.matchShare - lambda) < 1e-5)
        for k in 1...3 {
            for l in 1..<levelCounts[k] {
                // Half a non-match added per level: 10⁵ non-matches over L′ non-null levels.
                let smoothed = (Self.stratumU[k][l] * 1e5 + 0.5) / (1e5 + 0.5 * Double(levelCounts[k] - 1))
                #expect(abs(stratum.u[k][l] - smoothed) < 2e-6, "u^S[\(k)][\(l)]")
                #expect(abs(fitted.m[k][l] - Engine.handM[k][l]) < 1e-5, "m[\(k)][\(l)]")
            }
        }
        #expect(stratum.u[0] == [0, 0, 0, 0])
    }

    /// Without a stratum the same session keeps u fixed, as every other session does.
    @Test func withoutAStratumTheSessionsUStaysFixed() throws {
        var counts = PatternCounts(levelCounts: [4, 7, 3, 6])
        counts.add(levels: [1, 1, 1, 1], count: 900)
        counts.add(levels: [1, 6, 1, 1], count: 100)
        let fitted = try TrainingSessions.fit(
            sessions: [counts], ruleNames: ["nhs_number"], excluded: [[0]], u: Engine.handU, fixedM: [(0, Engine.handM[0])], settings: .didToHES)
        #expect(fitted.stratum == nil)
    }

    /// 1,000 pairs with 1% non-matches: about 10, fewer than uMinimumLevelCount (100), so no stratum
    /// is kept and the session's m is the one fitted with u fixed.
    @Test func tooFewNonMatchesKeepNoStratum() throws {
        var counts = PatternCounts(levelCounts: [4, 7, 3, 6])
        counts.add(levels: [1, 1, 1, 1], count: 990)
        counts.add(levels: [1, 6, 1, 1], count: 10)
        let request = TrainingSessions.StratumRequest(rule: 0, comparison: 0, levels: [1], givenU: [])
        let asked = try TrainingSessions.fit(
            sessions: [counts], ruleNames: ["nhs_number"], excluded: [[0]], u: Engine.handU, fixedM: [(0, Engine.handM[0])],
            settings: .didToHES, stratum: request)
        let plain = try TrainingSessions.fit(
            sessions: [counts], ruleNames: ["nhs_number"], excluded: [[0]], u: Engine.handU, fixedM: [(0, Engine.handM[0])],
            settings: .didToHES)
        #expect(asked.stratum == nil)
        #expect(asked.m == plain.m)
        #expect(asked.reports[0].problems.contains { $0.contains("fewer than uMinimumLevelCount (100): no agreement stratum") })
    }

    @Test func theModelFileKeepsTheStratum() throws {
        let model = try Self.model(stratum: true)
        let loaded = try FittedModel.load(model.json, file: "model.json")
        #expect(loaded.parameters.stratum == model.parameters.stratum)
        #expect(loaded.settings.training.agreementStratum == "nhs_number")
        #expect(loaded.json == model.json)
    }

    @Test func aModelFileWithoutAStratumIsScoredWithoutOne() throws {
        let model = try Self.model(stratum: true)
        var members = try #require(model.json.object)
        members["agreementStratum"] = nil
        let loaded = try FittedModel.load(.object(members), file: "model.json")
        #expect(loaded.parameters.stratum == nil)
        #expect(loaded.settings.training.agreementStratum == nil)
    }

    @Test func settingsNameAStratumTheBlockingRulesCanTrain() throws {
        func problems(_ training: String, rules: String? = nil) -> [String] {
            let blocking = rules.map { #", "blocking": {"rules": \#($0)}"# } ?? ""
            let text = #"{"schemaVersion": 1, "training": \#(training)\#(blocking)}"#
            do {
                _ = try LinkSettings.load(JSON.parse(Data(text.utf8), file: "s.json"), file: "s.json")
                return []
            } catch let errors as InputErrors {
                return errors.errors.map(\.description)
            } catch {
                return ["\(error)"]
            }
        }
        #expect(problems(#"{"agreementStratum": "nhs"}"#).contains { $0.contains("$.training.agreementStratum") && $0.contains("names no comparison") })
        #expect(problems(#"{"agreementStratum": "nhs_number"}"#, rules: #"[["dob"]]"#)
            .contains { $0.contains("$.training.agreementStratum") && $0.contains("needs a blocking rule on exactly 'nhs_number'") })
        #expect(problems(#"{"agreementStratum": null}"#, rules: #"[["dob"]]"#).isEmpty)
        let defaulted = try LinkSettings.load(JSON.parse(Data(#"{"schemaVersion": 1, "blocking": {"rules": [["dob"]]}}"#.utf8), file: "s.json"), file: "s.json")
        #expect(defaulted.training.agreementStratum == nil)
        #expect(LinkSettings.didToHES.training.agreementStratum == "nhs_number")
    }
}
