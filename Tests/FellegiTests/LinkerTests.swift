import Foundation
import LinkIO
import Testing

@testable import Fellegi

/// Linking decisions on hand-made records with the hand-built model (no term frequencies, so each
/// pair's weight is the prior plus its level weights; see `Engine`):
///
/// prior −13.288; nhs exact +13.214, else −5.642; dob exact +9.814, else −5.612; sex agree +0.971;
/// postcode unit +9.451. Derived thresholds: rank 1 = −13.288 + 13.214 + 5.322 + 0.971 + 9.451 = 15.670;
/// rank 5 = −13.288 + 13.214 − 5.612 − 4.644 + 9.451 = −0.879, raised to the link minimum 0.
@Suite struct LinkerTests {
    static let nhsT1 = Engine.nhs("943476591")
    static let nhsT2 = Engine.nhs("401023213")
    static let nhsP = Engine.nhs("485777345")
    static let nhsQ = Engine.nhs("450557710")

    static let hes = [
        Engine.hesHeader,
        "T1,\(nhsT1),1980-05-06,1,LS1 4AP",  // twins: same birth date, sex and postcode
        "T2,\(nhsT2),1980-05-06,1,LS1 4AP",
        "P3,\(nhsP),1962-09-14,2,M1 1AA",
        "Q4,\(nhsQ),1971-03-20,1,B1 1BB",
    ]
    static let did = [
        Engine.didHeader,
        // Twin, no NHS number: both twins score −13.288 + 9.814 + 0.971 + 9.451 = 6.948 → near tie.
        "D1,,1980-05-06,1,LS1 4AP,2025-03-01,CT",
        // Twin 2 with NHS number: T2 20.162, T1 20.162 − 13.214 − 5.642 = 1.306; 18.86 bits apart → rank 1.
        "D2,\(nhsT2),1980-05-06,1,LS1 4AP,2025-03-01,CT",
        // Nobody shares its NHS number, birth date or postcode area: no candidate.
        "D3,4000000012,1999-12-12,2,SW1A 1AA,2025-03-01,MR",
        // NHS number agrees, birth date entirely different (year, month and day): 4.736, conflict.
        "D4,\(nhsP),1935-11-23,2,M1 1AA,2025-03-01,US",
        // Placeholder birth date: dob null, not else. −13.288 + 13.214 + 0.971 + 9.451 = 10.348 → rank 5.
        "D5,\(nhsQ),1900-01-01,1,B1 1BB,2025-03-01,XR",
    ]

    struct Run {
        let left: RecordTable
        let right: RecordTable
        let result: LinkResult
        let summary: RunSummary
        let folder: URL

        init(did: [String] = LinkerTests.did, hes: [String] = LinkerTests.hes) throws {
            folder = Engine.folder("linker")
            let model = try Engine.model()
            left = try Engine.table(did, side: .left, settings: model.settings, in: folder)
            right = try Engine.table(hes, side: .right, settings: model.settings, in: folder)
            result = try Linker(model: model, threads: 1).link(left: left, right: right)
            let out = folder.appendingPathComponent("out")
            try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
            summary = try LinkOutput(model: model, left: left, right: right, result: result, fileVersion: "v1")
                .write(leftURL: folder.appendingPathComponent("did.csv"), leftName: "did.csv", folder: out)
        }

        func rows(_ name: String) throws -> [[String: String]] {
            let text = try String(contentsOf: folder.appendingPathComponent("out/\(name)"), encoding: .utf8)
            let lines = text.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
            return lines.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(lines[0], $0)) }
        }

        func row(_ id: String) -> Int { (0..<left.rowCount).first { left.ids[Int(left.entityOfRow[$0])] == id }! }
        func best(_ id: String) -> String? { result.best[row(id)] < 0 ? nil : right.ids[Int(result.best[row(id)])] }
    }

    @Test func twinsWithoutAnNHSNumberGoToReviewAsANearTie() throws {
        let run = try Run()
        let d1 = run.row("D1")
        #expect(run.result.status[d1] == .review)
        #expect(run.result.reason[d1] == .nearTie)
        #expect(abs(run.result.bestWeight[d1] - 6.948) < 1e-3)
        #expect(run.result.bestWeight[d1] == run.result.secondWeight[d1])
        let review = try run.rows("review.csv").filter { $0["DID_ID"] == "D1" }
        #expect(review.map { $0["CANDIDATE"] } == ["1", "2"])
        #expect(Set(review.compactMap { $0["HESID"] }) == ["T1", "T2"])
        #expect(review.allSatisfy { $0["REASON"] == "near-tie" && $0["NHS_NUMBER_LEVEL"] == "null" && $0["DOB_LEVEL"] == "exact" })
        let links = try run.rows("links.csv").first { $0["DID_ID"] == "D1" }
        #expect(links?["HESID"] == "" && links?["LINK_STATUS"] == "review")
    }

    @Test func aTwinWithAnNHSNumberLinksToTheRightTwin() throws {
        let run = try Run()
        let d2 = run.row("D2")
        #expect(run.result.status[d2] == .linked)
        #expect(run.best("D2") == "T2")
        #expect(run.result.bands[Int(run.result.band[d2])].rank == "1")
        #expect(abs(run.result.bestWeight[d2] - 20.162) < 1e-3)
        #expect(abs(run.result.secondWeight[d2] - 1.306) < 1e-3)
        let links = try run.rows("links.csv").first { $0["DID_ID"] == "D2" }
        #expect(links?["HESID"] == "T2" && links?["MATCH_RANK"] == "1" && links?["AGREEMENT"] == "1111")
    }

    @Test func aRecordWithoutCandidatesIsUnlinkedWithAnEmptyWeight() throws {
        let run = try Run()
        let d3 = run.row("D3")
        #expect(run.result.status[d3] == .unlinked)
        #expect(run.result.best[d3] == -1)
        let links = try run.rows("links.csv").first { $0["DID_ID"] == "D3" }
        #expect(links?["HESID"] == "" && links?["MATCH_RANK"] == "")
        #expect(links?["MATCH_WEIGHT"] == "" && links?["MATCH_PROBABILITY"] == "" && links?["AGREEMENT"] == "")
        #expect(links?["LINK_STATUS"] == "unlinked")
        #expect(run.summary.withoutCandidates == 1)
    }

    @Test func anAgreeingNHSNumberWithADifferentBirthDateIsAConflict() throws {
        let run = try Run()
        let d4 = run.row("D4")
        #expect(run.result.status[d4] == .review)
        #expect(run.result.reason[d4] == .conflict)
        #expect(Array(run.result.levels(ofBest: d4)) == [1, 6, 1, 1])
        let review = try run.rows("review.csv").filter { $0["DID_ID"] == "D4" }
        #expect(review.count == 1)
        #expect(review.first?["HESID"] == "P3" && review.first?["REASON"] == "conflict")
    }

    @Test func aPlaceholderBirthDateIsMissingNotADisagreement() throws {
        let run = try Run()
        let d5 = run.row("D5")
        #expect(Array(run.result.levels(ofBest: d5)) == [1, 0, 1, 1])
        #expect(run.result.status[d5] == .linked)
        #expect(run.best("D5") == "Q4")
        #expect(run.result.bands[Int(run.result.band[d5])].rank == "5")
        #expect(abs(run.result.bestWeight[d5] - 10.348) < 1e-3)
    }

    @Test func theSummaryCountsEveryRecordOnce() throws {
        let run = try Run()
        #expect(run.summary.recordsIn == 5 && run.summary.recordsOut == 5)
        #expect(run.summary.linked == 2 && run.summary.review == 2 && run.summary.unlinked == 1)
        #expect(run.summary.reviewRows == 3)  // D1's two candidates and D4's one
        #expect(try run.rows("links.csv").map { $0["DID_ID"] ?? "" } == ["D1", "D2", "D3", "D4", "D5"])
    }

    @Test func aDIDFileWithNoRecordsLinksNothingAndSucceeds() throws {
        let run = try Run(did: [Engine.didHeader])
        #expect(run.result.count == 0)
        let text = try String(contentsOf: run.folder.appendingPathComponent("out/links.csv"), encoding: .utf8)
        #expect(text == "DID_ID,GENDER,TEST_DATE,MODALITY,HESID,MATCH_RANK,FILE_VERSION,MATCH_WEIGHT,MATCH_PROBABILITY,AGREEMENT,LINK_STATUS\n")
        #expect(run.summary.recordsIn == 0 && run.summary.recordsOut == 0)
        #expect(run.summary.json["records"]?["in"] == .number(0) && run.summary.json["records"]?["out"] == .number(0))
    }

    /// One HES person held twice against twins: the same HES rows except that the pair's NHS
    /// numbers are equal (a duplicate) or differ (twins). A DID record without an NHS number scores
    /// the same 6.948 bits against each of the pair either way.
    static func pair(sameNHSNumber: Bool) -> [String] {
        [Engine.hesHeader, "U2,\(nhsT1),1980-05-06,1,LS1 4AP", "U1,\(sameNHSNumber ? nhsT1 : nhsT2),1980-05-06,1,LS1 4AP"]
    }

    @Test func twoHESIDsOfOnePersonAreNotATieButTwinsAre() throws {
        let did = [Engine.didHeader, "D1,,1980-05-06,1,LS1 4AP,2025-03-01,CT"]
        let twins = try Run(did: did, hes: Self.pair(sameNHSNumber: false))
        #expect(twins.result.status[0] == .review && twins.result.reason[0] == .nearTie)
        #expect(twins.result.duplicate[0] == -1)

        let duplicate = try Run(did: did, hes: Self.pair(sameNHSNumber: true))
        #expect(duplicate.result.status[0] == .linked)
        // Equal weights: the id that sorts first, U1, whichever the file holds first.
        #expect(duplicate.best("D1") == "U1")
        #expect(duplicate.right.ids[Int(duplicate.result.duplicate[0])] == "U2")
        // The probability of the person is the sum over both ids: twice the twins' share each.
        #expect(abs(duplicate.result.bestProbability[0] - 2 * twins.result.bestProbability[0]) < 1e-12)
        let link = try duplicate.rows("links.csv").first
        #expect(link?["HESID"] == "U1" && link?["LINK_STATUS"] == "linked-duplicate")
        #expect(try duplicate.rows("duplicates.csv") == [["HESID": "U1", "DUPLICATE_HESID": "U2", "RECORDS": "1"]])
        #expect(duplicate.summary.linkedDuplicate == 1)
        #expect(try twins.rows("duplicates.csv").isEmpty)
    }

    @Test func aDuplicatePairWithATwinAsCloseIsStillANearTie() throws {
        var hes = Self.pair(sameNHSNumber: true)
        hes.append("T9,\(Self.nhsT2),1980-05-06,1,LS1 4AP")  // the person's twin: another NHS number
        let run = try Run(did: [Engine.didHeader, "D1,,1980-05-06,1,LS1 4AP,2025-03-01,CT"], hes: hes)
        #expect(run.result.status[0] == .review && run.result.reason[0] == .nearTie)
        #expect(run.best("D1") == "U1" && run.right.ids[Int(run.result.second[0])] == "T9")
    }

    /// A record without an NHS number (mask 0b0001) against P3: birth date and sex agree, postcode
    /// sector: w = −13.288 + 9.814 + 0.971 + 3.644 = 1.141, ℓ = 2^14.429. Its record-level
    /// probability uses r for records missing the NHS number: P = π·ℓ / (π·ℓ + N·(1 − π·r)), π 0.95,
    /// N 4 entities, r 0.5 for that mask (0.99 for every other): 0.999900, not the 0.999989 of r 0.99.
    @Test func aRecordWithoutAnNHSNumberUsesTheRecallOfRecordsWithoutOne() throws {
        var model = try Engine.model()
        model.blockingRecallByMissing = (0..<16).map { $0 == 0b0001 ? 0.5 : 0.99 }
        let folder = Engine.folder("linker-recall")
        let left = try Engine.table([Engine.didHeader, "D9,,1962-09-14,2,M1 1AB,2025-03-01,CT"], side: .left, settings: model.settings, in: folder)
        let right = try Engine.table(Self.hes, side: .right, settings: model.settings, in: folder)
        let result = try Linker(model: model, threads: 1).link(left: left, right: right)
        #expect(right.ids[Int(result.best[0])] == "P3")
        #expect(abs(result.bestWeight[0] - 1.141) < 1e-3)
        let factor = exp2(result.bestWeight[0] - model.parameters.priorWeight)
        #expect(abs(result.bestProbability[0] - 0.95 * factor / (0.95 * factor + 4 * (1 - 0.95 * 0.5))) < 1e-6)
        #expect(abs(result.bestProbability[0] - 0.999900) < 2e-6)
    }
}
