import Foundation
import LinkIO
import Testing

@testable import Fellegi

/// Precision, recall, F1, per rank and per defect, against counts worked by hand.
@Suite struct EvaluationTests {
    static let truth = [
        "DID_ID,HESID,DEFECTS",
        "R1,H1,",
        "R2,H2,nhs-typo",
        "R3,H3,twin",
        "R4,,",  // not in the index
        "R5,H5,nhs-missing;postcode-moved",
        "R6,H6,",
    ]
    static let links = [
        "DID_ID,HESID,MATCH_RANK,LINK_STATUS",
        "R1,H1,1,linked",  // correct
        "R2,H9,2,linked",  // wrong
        "R3,H3T,6,linked",  // wrong: the twin
        "R4,,,unlinked",  // rightly unlinked
        "R5,,,review",  // missed, in review
        "R6,H6,1,linked",  // correct
    ]

    static func evaluate(links: [String] = links, truth: [String] = truth) throws -> Evaluation {
        let folder = Engine.folder("evaluation")
        let linksURL = try Engine.write(links, to: folder, "links.csv")
        let truthURL = try Engine.write(truth, to: folder, "truth.csv")
        return try Evaluation.evaluate(links: linksURL, linksName: "links.csv", truth: truthURL, truthName: "truth.csv", idColumn: "DID_ID",
                                       linkedIdColumn: "HESID")
    }

    @Test func overallCounts() throws {
        let e = try Self.evaluate()
        // 6 records; linked R1 R2 R3 R6 = 4; correct R1 R6 = 2; in the index all but R4 = 5.
        #expect(e.overall == Evaluation.Counts(records: 6, linked: 4, correct: 2, inIndex: 5))
        #expect(e.overall.precision == 0.5)  // 2 / 4
        #expect(e.overall.recall == 0.4)  // 2 / 5
        #expect(abs(e.overall.f1 - 4.0 / 9.0) < 1e-12)  // 2 · 0.5 · 0.4 / 0.9
        #expect(e.falseLinks == 2 && e.missedLinks == 3)
        #expect(e.review == 1 && e.reviewInIndex == 1)
        #expect(e.wrongTwinLinks == 1)
        #expect(e.notInIndex == 1 && e.notInIndexUnlinked == 1)
    }

    /// A person the index holds twice: a link to either HESID is right, to any other is wrong.
    @Test func aLinkToTheSecondHESIDOfAPersonHeldTwiceIsRight() throws {
        let truth = ["DID_ID,HESID,DEFECTS,ALSO_HESID", "R1,H1,hes-duplicate,H1B", "R2,H2,hes-duplicate,H2B", "R3,H3,,", "R4,,,"]
        let links = ["DID_ID,HESID,MATCH_RANK,LINK_STATUS", "R1,H1B,1,linked", "R2,H9,1,linked", "R3,H3,1,linked", "R4,H1B,1,linked"]
        let e = try Self.evaluate(links: links, truth: truth)
        // Correct: R1 (its second HESID) and R3; wrong: R2 (another person), R4 (not in the index).
        #expect(e.overall == Evaluation.Counts(records: 4, linked: 4, correct: 2, inIndex: 3))
        #expect(e.perDefect["hes-duplicate"] == Evaluation.Counts(records: 2, linked: 2, correct: 1, inIndex: 2))
    }

    @Test func perRankAndPerDefect() throws {
        let e = try Self.evaluate()
        #expect(e.perRank == [
            "1": .init(records: 2, linked: 2, correct: 2, inIndex: 2),
            "2": .init(records: 1, linked: 1, correct: 0, inIndex: 1),
            "6": .init(records: 1, linked: 1, correct: 0, inIndex: 1),
        ])
        #expect(e.perDefect == [
            "nhs-typo": .init(records: 1, linked: 1, correct: 0, inIndex: 1),
            "twin": .init(records: 1, linked: 1, correct: 0, inIndex: 1),
            "nhs-missing": .init(records: 1, linked: 0, correct: 0, inIndex: 1),
            "postcode-moved": .init(records: 1, linked: 0, correct: 0, inIndex: 1),
        ])
        #expect(e.perDefect["twin"]?.precision == 0 && e.perDefect["nhs-missing"]?.recall == 0)
        // Nothing linked: precision is 1 by convention (no false links), recall 0.
        #expect(Evaluation.Counts(records: 1, linked: 0, correct: 0, inIndex: 1).precision == 1)
    }

    /// With MATCH_PROBABILITY (R1 0.9, R2 0.6, R3 0.5, R6 1.0) the label-free estimate Σ (1 − p) sits
    /// beside the true false links: overall 0.1 + 0.4 + 0.5 + 0 = 1.0 (true 2); rank 2: 0.4, one trial,
    /// so the count is 0 (0.6) or 1 (0.4) and its interval [0, 1] (true 1).
    @Test func estimatedFalseLinksBesideTheTrueCount() throws {
        let evaluation = try Self.evaluate(links: [
            "DID_ID,HESID,MATCH_RANK,MATCH_PROBABILITY,LINK_STATUS",
            "R1,H1,1,0.9,linked", "R2,H9,2,0.6,linked", "R3,H3T,6,0.5,linked", "R4,,,,unlinked", "R5,,,0.7,review", "R6,H6,1,1.0,linked",
        ])
        #expect(evaluation.estimatedFalseLinks.trials == 4 && abs(evaluation.estimatedFalseLinks.mean - 1.0) < 1e-12)
        let perRank = evaluation.estimatedFalseLinksPerRank.mapValues { ($0.mean * 1e9).rounded() / 1e9 }
        #expect(perRank == ["1": 0.1, "2": 0.4, "6": 0.5])
        #expect(evaluation.text.contains("\nrank 2" + String(repeating: " ", count: 20) + "      1   0.4 [0.0, 1.0]"))
        #expect(evaluation.json["estimatedFalseLinks"]?["perRank"]?["2"]?["upper"] == .number(1))
        #expect(try Self.evaluate().json["estimatedFalseLinks"] == nil)
    }

    @Test func theJSONFormRoundsAndNamesEveryCount() throws {
        let json = try Self.evaluate().json
        #expect(json["overall"]?["f1"] == .number(0.444444))
        #expect(json["falseLinks"] == .number(2) && json["missedLinks"] == .number(3))
        #expect(json["perRank"]?["1"]?["precision"] == .number(1))
    }

    @Test func aLinksFileMissingATruthRecordIsAnError() {
        let problems = Engine.problems { _ = try Self.evaluate(links: Array(Self.links.dropLast())) }
        #expect(problems.map(\.description) == [
            "links.csv: DID_ID: has no row for a record of truth.csv (its record 6): every record must appear once",
        ])
    }

    @Test func aLinksFileRepeatingARecordIsAnError() {
        let problems = Engine.problems { _ = try Self.evaluate(links: Self.links + ["R1,H1,1,linked"]) }
        #expect(problems.map(\.description) == ["links.csv:8: DID_ID: repeats an id (each record must appear once)"])
    }

    @Test func aLinksRecordNotInTheTruthIsAnError() {
        let problems = Engine.problems { _ = try Self.evaluate(links: Self.links + ["R7,H7,1,linked"]) }
        #expect(problems.map(\.description) == ["links.csv:8: DID_ID: has an id that is not in truth.csv"])
    }
}
