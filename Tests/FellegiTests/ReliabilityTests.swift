import Foundation
import Testing

@testable import Fellegi

/// The reliability table against bins worked by hand.
@Suite struct ReliabilityTests {
    @Test func binsCountMeanPredictionAndObservedPrecision() throws {
        var table = Reliability()
        // [0.5, 0.8): 0.6 right, 0.7 wrong → mean 0.65, observed 0.5.
        table.add(probability: 0.6, correct: true)
        table.add(probability: 0.7, correct: false)
        // [0.999, 1]: 1 and 0.9995 right, 0.9999 wrong → mean 0.99980, observed 2/3.
        table.add(probability: 1, correct: true)
        table.add(probability: 0.9995, correct: true)
        table.add(probability: 0.9999, correct: false)
        // Edges belong to the bin above: 0.98 is in [0.98, 0.99).
        table.add(probability: 0.98, correct: true)
        let bins = Dictionary(uniqueKeysWithValues: table.bins.map { ("\($0.lower)", $0) })
        let middle = try #require(bins["0.5"])
        #expect(middle.records == 2 && middle.correct == 1)
        #expect(abs(middle.predicted - 0.65) < 1e-12 && middle.observed == 0.5)
        let top = try #require(bins["0.999"])
        #expect(top.records == 3 && top.correct == 2)
        #expect(abs(top.predicted - (1 + 0.9995 + 0.9999) / 3) < 1e-12 && abs(top.observed - 2.0 / 3.0) < 1e-12)
        #expect(bins["0.98"]?.records == 1)
        #expect(table.bins.map(\.records).reduce(0, +) == 6)
    }

    /// `evaluate` fills it from links.csv's MATCH_PROBABILITY and review.csv's first candidates.
    @Test func evaluateReadsLinksAndReviewFirstCandidates() throws {
        let folder = Engine.folder("reliability")
        let truth = try Engine.write(["DID_ID,HESID,DEFECTS", "R1,H1,", "R2,H2,", "R3,H3,", "R4,,"], to: folder, "truth.csv")
        let links = try Engine.write([
            "DID_ID,HESID,MATCH_RANK,MATCH_PROBABILITY,LINK_STATUS",
            "R1,H1,1,0.999900,linked", "R2,H9,1,0.999950,linked", "R3,,,0.600000,review", "R4,,,,unlinked",
        ], to: folder, "links.csv")
        let review = try Engine.write([
            "DID_ID,CANDIDATE,HESID,REASON,MATCH_WEIGHT,MATCH_PROBABILITY",
            "R3,1,H3,near-tie,5.000,0.600000", "R3,2,H8,near-tie,4.000,0.300000",
        ], to: folder, "review.csv")
        let e = try Evaluation.evaluate(links: links, linksName: "links.csv", truth: truth, truthName: "truth.csv", idColumn: "DID_ID",
                                        linkedIdColumn: "HESID", review: (review, "review.csv"))
        let counted = e.reliability.bins.filter { $0.records > 0 }.map { [$0.lower, Double($0.records), Double($0.correct)] }
        #expect(counted == [[0.5, 1, 1], [0.999, 2, 1]])
    }
}
