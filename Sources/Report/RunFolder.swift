import Fellegi
import Foundation
import LinkIO

/// What the report reads from a `linkfit run` output folder: the summary, every best-candidate
/// match weight from `links.csv`, and a sample of `review.csv` reduced to levels and weights.
///
/// Identifier columns (`<NAME>_DID`, `<NAME>_HES`, the record id, HESID) are never read into this
/// value: the report cannot show what it does not hold.
package struct RunFolder: Sendable {
    struct Rank: Sendable, Equatable {
        var rank: String
        var meaning: String
        var minimumWeight: Double
        var records: Int
    }

    /// One review row: why it is in review and each comparison's level label and partial weight.
    struct ReviewRow: Sendable, Equatable {
        var reason: String
        var candidate: Int
        var matchWeight: Double
        var levels: [String]
        var weights: [Double]
    }

    var fileVersion: String
    var recordsIn: Int
    var linked: Int
    var review: Int
    var unlinked: Int
    var ranks: [Rank]
    var reviewByReason: [(reason: String, count: Int)]
    var linkMinimumWeight: Double?
    var reviewMinimumWeight: Double?
    var nearTieMargin: Double?
    /// MATCH_WEIGHT of every record with a candidate, in input order.
    var weights: [Double]
    var reviewRows: Int
    var reviewSample: [ReviewRow]
    /// With `run --previous`: records per kind of change (changes.csv's CHANGE, in summary order),
    /// the previous FILE_VERSION and the count shaped by clerical decisions.
    var changes: Changes?
    /// The run's Data Matching Quality Report, when the folder has quality.json (`linkfit run` and
    /// `linkfit quality` write it).
    var quality: QualityReport?

    struct Changes: Sendable, Equatable {
        var kinds: [(kind: String, count: Int)]
        var previousFileVersion: String
        var byDecision: Int

        static func == (a: Changes, b: Changes) -> Bool {
            a.kinds.map(\.kind) == b.kinds.map(\.kind) && a.kinds.map(\.count) == b.kinds.map(\.count)
                && a.previousFileVersion == b.previousFileVersion && a.byDecision == b.byDecision
        }

        /// The kinds in the order changes.csv documents them.
        static let order = ["new-record", "dropped-record", "newly-linked", "unlinked", "relinked", "renamed", "rank-changed", "unchanged"]

        init?(_ json: JSON?) {
            guard let json, let kinds = json["kinds"]?.object else { return nil }
            self.kinds = kinds.map { (kind: $0.key, count: Int($0.value.number ?? 0)) }
                .sorted { (Self.order.firstIndex(of: $0.kind) ?? 99, $0.kind) < (Self.order.firstIndex(of: $1.kind) ?? 99, $1.kind) }
            previousFileVersion = json["previousFileVersion"]?.string ?? ""
            byDecision = Int(json["byDecision"]?.number ?? 0)
        }
    }

    /// Reads `summary.json`, `links.csv` and the first `sampleSize` rows of `review.csv` in `folder`.
    ///
    /// - Parameter comparisons: the model's comparison names, whose `_LEVEL` and `_WEIGHT` columns
    ///   review.csv must have.
    /// - Throws: `InputError` naming the file and problem.
    /// - Complexity: one pass over links.csv; review.csv is read only to count its rows past the sample.
    package static func read(_ folder: URL, name: String, comparisons: [String], sampleSize: Int) throws -> RunFolder {
        let summaryName = "\(name)/summary.json"
        guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent("summary.json").path) else {
            throw InputError(file: summaryName, "cannot be read (is \(name) a 'linkfit run' output folder?)")
        }
        let summary = try JSON.parse(data, file: summaryName)
        func int(_ value: JSON?) -> Int { Int(value?.number ?? 0) }
        let records = summary["records"]
        guard records != nil, let rankArray = summary["ranks"]?.array else {
            throw InputError(file: summaryName, "has no 'records' or 'ranks' (not a run summary)")
        }
        let ranks = rankArray.map {
            Rank(rank: $0["rank"]?.string ?? "?", meaning: $0["meaning"]?.string ?? "",
                 minimumWeight: $0["minimumWeight"]?.number ?? .nan, records: int($0["records"]))
        }
        let reasons = (summary["review"]?.object ?? [:]).map { (reason: $0.key, count: Int($0.value.number ?? 0)) }
        let order = ["near-tie", "conflict", "score-band"]
        let sortedReasons = reasons.sorted { (order.firstIndex(of: $0.reason) ?? 9, $0.reason) < (order.firstIndex(of: $1.reason) ?? 9, $1.reason) }

        let linksName = "\(name)/links.csv"
        let links = try CSVReader(url: folder.appendingPathComponent("links.csv"), name: linksName, allowHeaderOnly: true)
        let weightColumn = try links.requireColumns(["MATCH_WEIGHT"])[0]
        var weights: [Double] = []
        while try links.next() {
            let text = links.string(weightColumn)
            if text.isEmpty { continue }
            guard let value = Double(text), value.isFinite else { throw links.error(column: weightColumn, "is not a number") }
            weights.append(value)
        }

        let reviewName = "\(name)/review.csv"
        let review = try CSVReader(url: folder.appendingPathComponent("review.csv"), name: reviewName, allowHeaderOnly: true)
        let reasonColumn = try review.requireColumns(["REASON", "CANDIDATE", "MATCH_WEIGHT"])
        let levelColumns = try review.requireColumns(comparisons.map { "\($0.uppercased())_LEVEL" })
        let weightColumns = try review.requireColumns(comparisons.map { "\($0.uppercased())_WEIGHT" })
        var sample: [ReviewRow] = []
        var rows = 0
        while try review.next() {
            rows += 1
            guard sample.count < sampleSize else { continue }
            var partials: [Double] = []
            for column in weightColumns {
                guard let value = Double(review.string(column)), value.isFinite else { throw review.error(column: column, "is not a number") }
                partials.append(value)
            }
            guard let total = Double(review.string(reasonColumn[2])), total.isFinite else {
                throw review.error(column: reasonColumn[2], "is not a number")
            }
            sample.append(ReviewRow(
                reason: review.string(reasonColumn[0]), candidate: Int(review.string(reasonColumn[1])) ?? 0,
                matchWeight: total, levels: levelColumns.map { review.string($0) }, weights: partials))
        }
        let linking = summary["linking"]
        return RunFolder(
            fileVersion: summary["fileVersion"]?.string ?? "", recordsIn: int(records?["in"]), linked: int(records?["linked"]),
            review: int(records?["review"]), unlinked: int(records?["unlinked"]), ranks: ranks, reviewByReason: sortedReasons,
            linkMinimumWeight: linking?["linkMinimumWeight"]?.number, reviewMinimumWeight: linking?["reviewMinimumWeight"]?.number,
            nearTieMargin: linking?["nearTieMargin"]?.number, weights: weights, reviewRows: rows, reviewSample: sample,
            changes: Changes(summary["changes"]), quality: try readQuality(folder, name: name))
    }

    /// quality.json, decoded, or nil when the folder has none.
    static func readQuality(_ folder: URL, name: String) throws -> QualityReport? {
        let url = folder.appendingPathComponent("quality.json")
        guard let data = FileManager.default.contents(atPath: url.path) else { return nil }
        return QualityReport(json: try JSON.parse(data, file: "\(name)/quality.json"))
    }
}
