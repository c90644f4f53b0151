import Foundation
import LinkIO

/// The Data Matching Quality Report of a run folder: records in, matched and the match rate; matches
/// per rank with the rank's ladder step in words; the same per provider and per test month; and
/// label-free error estimates from `MATCH_PROBABILITY` (``ExpectedCount``): expected false links per
/// rank, Σ (1 − p) over its links, and expected missed links, Σ p over review records' first
/// candidates and unlinked records that have a probability.
package struct QualityReport: Sendable, Equatable {
    package struct Counts: Sendable, Equatable {
        package var records = 0
        package var matched = 0
        package init(records: Int = 0, matched: Int = 0) {
            self.records = records
            self.matched = matched
        }
        package var rate: Double { records == 0 ? 0 : Double(matched) / Double(records) }
    }

    package struct Rank: Sendable, Equatable {
        package var rank: String
        package var meaning: String
        package var matched = 0
        package var falseLinks = ExpectedCount()
    }

    package var overall = Counts()
    package var ranks: [Rank] = []
    package var perProvider: [String: Counts] = [:]
    package var perMonth: [String: Counts] = [:]
    package var falseLinks = ExpectedCount()
    package var missedLinks = ExpectedCount()

    package init() {}

    /// Statuses that count as matched.
    static let matchedStatuses: Set<String> = ["linked", "linked-duplicate", "linked-clerical"]

    /// Reads `summary.json` (its `ranks`), `links.csv` (`LINK_STATUS`, `MATCH_RANK`, `TEST_DATE`,
    /// `providerColumn`, optional `MATCH_PROBABILITY`) and `review.csv` (`CANDIDATE` 1's
    /// `MATCH_PROBABILITY`) in `run`; `name` is how messages name the folder.
    /// - Throws: `InputError` for a missing file, column or malformed value, located.
    /// - Complexity: one pass over links.csv and one over review.csv.
    package static func read(run: URL, name: String, providerColumn: String = "PROVIDER_CODE") throws -> QualityReport {
        var report = QualityReport()
        let summaryName = "\(name)/summary.json"
        guard let data = FileManager.default.contents(atPath: run.appendingPathComponent("summary.json").path) else {
            throw InputError(file: summaryName, "cannot be read (is \(name) a 'linkfit run' output folder?)")
        }
        guard let rankArray = try JSON.parse(data, file: summaryName)["ranks"]?.array else {
            throw InputError(file: summaryName, "has no 'ranks' (not a run summary)")
        }
        report.ranks = rankArray.map { Rank(rank: $0["rank"]?.string ?? "?", meaning: $0["meaning"]?.string ?? "") }
        var rankIndex: [String: Int] = [:]
        for (index, rank) in report.ranks.enumerated() { rankIndex[rank.rank] = index }

        let linksName = "\(name)/links.csv"
        let links = try CSVReader(url: run.appendingPathComponent("links.csv"), name: linksName, allowHeaderOnly: true)
        let columns = try links.requireColumns(["LINK_STATUS", "MATCH_RANK", "TEST_DATE", providerColumn])
        let probabilityColumn = links.columnIndex("MATCH_PROBABILITY")
        while try links.next() {
            let status = links.string(columns[0])
            let matched = matchedStatuses.contains(status)
            let date = links.string(columns[2])
            let month = date.count >= 7 ? String(date.prefix(7)) : "unknown"
            let provider = links.string(columns[3])
            report.overall.add(matched)
            report.perProvider[provider.isEmpty ? "unknown" : provider, default: Counts()].add(matched)
            report.perMonth[month, default: Counts()].add(matched)
            var p: Double?
            if let probabilityColumn, case let text = links.string(probabilityColumn), !text.isEmpty {
                guard let value = Double(text), value >= 0, value <= 1 else { throw links.error(column: probabilityColumn, "is not a probability") }
                p = value
            }
            if matched {
                let rank = links.string(columns[1])
                if rankIndex[rank] == nil {
                    rankIndex[rank] = report.ranks.count
                    report.ranks.append(Rank(rank: rank, meaning: ""))
                }
                let index = rankIndex[rank] ?? 0
                report.ranks[index].matched += 1
                if let p {
                    report.ranks[index].falseLinks.add(1 - p)
                    report.falseLinks.add(1 - p)
                }
            } else if status == "unlinked", let p {
                report.missedLinks.add(p)
            }
        }

        let reviewName = "\(name)/review.csv"
        let reviewURL = run.appendingPathComponent("review.csv")
        guard FileManager.default.fileExists(atPath: reviewURL.path) else { throw InputError(file: reviewName, "does not exist") }
        let review = try CSVReader(url: reviewURL, name: reviewName, allowHeaderOnly: true)
        let reviewColumns = try review.requireColumns(["CANDIDATE", "MATCH_PROBABILITY"])
        while try review.next() {
            guard review.string(reviewColumns[0]) == "1" else { continue }
            guard let p = Double(review.string(reviewColumns[1])), p >= 0, p <= 1 else {
                throw review.error(column: reviewColumns[1], "is not a probability")
            }
            report.missedLinks.add(p)
        }
        return report
    }

    /// quality.json: sorted keys, rates at 6 decimals, estimates at 3.
    package var json: JSON {
        func counts(_ c: Counts) -> JSON {
            .object(["records": .number(Double(c.records)), "matched": .number(Double(c.matched)),
                     "rate": .number((c.rate * 1e6).rounded() / 1e6)])
        }
        return .object([
            "overall": counts(overall),
            "ranks": .array(ranks.map { rank in
                .object(["rank": .string(rank.rank), "meaning": .string(rank.meaning), "matched": .number(Double(rank.matched)),
                         "expectedFalseLinks": rank.falseLinks.json])
            }),
            "perProvider": .object(perProvider.mapValues(counts)),
            "perMonth": .object(perMonth.mapValues(counts)),
            "expectedFalseLinks": falseLinks.json,
            "expectedMissedLinks": missedLinks.json,
        ])
    }

    /// The console tables.
    package var text: String {
        func row(_ name: String, _ c: Counts) -> String {
            name.padded(20) + String(format: "%10d %10d %9.2f%%", c.records, c.matched, 100 * c.rate)
        }
        var lines = [
            String(format: "records in %d, matched %d, match rate %.2f%%", overall.records, overall.matched, 100 * overall.rate),
            "",
            "rank    matched  expected false links [95% interval]  meaning",
        ]
        for rank in ranks {
            let estimate = rank.falseLinks.trials == 0 ? "-" : rank.falseLinks.text
            lines.append(rank.rank.padded(5) + String(format: "%10d  ", rank.matched) + estimate.padded(36) + " " + rank.meaning)
        }
        lines.append("")
        lines.append("expected false links: " + (falseLinks.trials == 0 ? "- (no MATCH_PROBABILITY)" : falseLinks.text))
        lines.append("expected missed links: " + missedLinks.text
            + " (over \(missedLinks.trials) review first candidates and unlinked records with a probability)")
        for (title, table) in [("provider", perProvider), ("test month", perMonth)] {
            lines.append("")
            lines.append(title.padded(20) + "   records    matched      rate")
            for key in table.keys.sorted() { lines.append(row(key, table[key] ?? Counts())) }
        }
        return lines.joined(separator: "\n")
    }
}

extension QualityReport.Counts {
    mutating func add(_ matched: Bool) {
        records += 1
        if matched { self.matched += 1 }
    }
}
