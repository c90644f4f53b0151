import Foundation
import LinkIO

/// Counts of a run: records in and out, per rank, review (per reason), unlinked, candidate pairs.
package struct RunSummary: Sendable, Equatable {
    package var fileVersion: String
    package var recordsIn: Int
    package var recordsOut: Int
    package var linked: Int
    /// Linked records whose two best candidates were one person held twice (`linked-duplicate`).
    package var linkedDuplicate: Int
    package var perRank: [(rank: String, meaning: String, minimumWeight: Double, count: Int, clerical: Bool)]
    package var review: Int
    package var perReason: [(reason: String, count: Int)]
    package var unlinked: Int
    package var withoutCandidates: Int
    package var candidatePairs: Int
    package var reviewRows: Int

    package static func == (a: RunSummary, b: RunSummary) -> Bool { a.json == b.json }

    package init(result: LinkResult, fileVersion: String, reviewRows: Int) {
        self.fileVersion = fileVersion
        recordsIn = result.count
        var rankCounts = [Int](repeating: 0, count: result.bands.count)
        var reasonCounts = [Int](repeating: 0, count: ReviewReason.allCases.count)
        var linked = 0, review = 0, unlinked = 0, none = 0, duplicate = 0
        for row in 0..<result.count {
            switch result.status[row] {
            case .linked:
                linked += 1
                rankCounts[Int(result.band[row])] += 1
                if result.duplicate[row] >= 0 { duplicate += 1 }
            case .review:
                review += 1
                reasonCounts[Int(result.reason[row].rawValue)] += 1
            case .unlinked:
                unlinked += 1
            }
            if result.best[row] < 0 { none += 1 }
        }
        self.linked = linked
        linkedDuplicate = duplicate
        self.review = review
        self.unlinked = unlinked
        recordsOut = linked + review + unlinked
        withoutCandidates = none
        perRank = result.bands.indices.map {
            (result.bands[$0].rank, result.bands[$0].meaning, result.bands[$0].minimumWeight, rankCounts[$0], result.bands[$0].isClerical)
        }
        // The clerical reasons only when the run applied decisions: other runs' summaries are unchanged.
        let decided = result.clericalBand != nil
        perReason = ReviewReason.allCases.dropFirst().filter { decided || !$0.isClerical }.map { ($0.label, reasonCounts[Int($0.rawValue)]) }
        candidatePairs = result.candidatePairs
        self.reviewRows = reviewRows
    }

    /// Adds the counts of `other`, the summary of the next chunk of left records linked with the
    /// same bands.
    package mutating func add(_ other: RunSummary) {
        precondition(perRank.count == other.perRank.count && perReason.count == other.perReason.count, "chunks of one run")
        recordsIn += other.recordsIn
        recordsOut += other.recordsOut
        linked += other.linked
        linkedDuplicate += other.linkedDuplicate
        for index in perRank.indices { perRank[index].count += other.perRank[index].count }
        review += other.review
        for index in perReason.indices { perReason[index].count += other.perReason[index].count }
        unlinked += other.unlinked
        withoutCandidates += other.withoutCandidates
        candidatePairs += other.candidatePairs
        reviewRows += other.reviewRows
    }

    package var json: JSON {
        .object([
            "fileVersion": .string(fileVersion),
            "records": .object([
                "in": .number(Double(recordsIn)), "out": .number(Double(recordsOut)),
                "linked": .number(Double(linked)), "linkedDuplicate": .number(Double(linkedDuplicate)), "review": .number(Double(review)), "unlinked": .number(Double(unlinked)),
                "withoutCandidates": .number(Double(withoutCandidates)),
            ]),
            "ranks": .array(perRank.map {
                .object(["rank": .string($0.rank), "meaning": .string($0.meaning),
                         "minimumWeight": .number(($0.minimumWeight * 1000).rounded() / 1000), "records": .number(Double($0.count))])
            }),
            "review": .object(Dictionary(uniqueKeysWithValues: perReason.map { ($0.reason, JSON.number(Double($0.count))) })),
            "candidatePairs": .number(Double(candidatePairs)),
            "reviewRows": .number(Double(reviewRows)),
        ])
    }

    /// The console form.
    package var text: String {
        var lines = [
            "records in:        \(recordsIn)",
            "linked:            \(linked)\(Self.share(linked, of: recordsIn))",
        ]
        for rank in perRank {
            let threshold = rank.clerical ? "clerical decision" : "weight ≥ \(FixedPoint.format(rank.minimumWeight, digits: 2))"
            lines.append("  rank \(rank.rank.padded(3)) \(String(rank.count).leftPadded(10))\(Self.share(rank.count, of: max(linked, 1)))  \(threshold)  \(rank.meaning)")
        }
        if linkedDuplicate > 0 {
            lines.append("  of which to one of two ids of one person: \(linkedDuplicate) (duplicates.csv)")
        }
        lines.append("in review:         \(review)\(Self.share(review, of: recordsIn))")
        let width = max(12, (perReason.map(\.reason.count).max() ?? 0) + 1)
        for reason in perReason { lines.append("  \(reason.reason.padded(width)) \(String(reason.count).leftPadded(8))") }
        lines.append("unlinked:          \(unlinked)\(Self.share(unlinked, of: recordsIn))  (\(withoutCandidates) without any candidate)")
        lines.append("records out:       \(recordsOut)\(recordsOut == recordsIn ? " (= in)" : " (≠ in!)")")
        lines.append("candidate pairs:   \(candidatePairs)")
        return lines.joined(separator: "\n")
    }

    static func share(_ count: Int, of total: Int) -> String {
        total == 0 ? "" : String(format: "  (%.2f%%)", 100 * Double(count) / Double(total))
    }
}
