import Comparators
import Foundation
import LinkIO

/// What a quality report reads: a run folder and, for the identifier tables and subgroups, the left
/// file the run linked.
package struct QualitySources: Sendable {
    package var run: URL
    /// How messages name the run folder.
    package var name: String
    /// The links.csv column of the provider.
    package var providerColumn = "PROVIDER_CODE"
    /// The settings the run used: the id and record-date columns, the comparisons to check, the rules.
    package var settings = LinkSettings.didToHES
    /// What linking made of the left file's (DID) identifiers (`RecordIdentifiers`: `run` keeps it
    /// chunk by chunk as it links), and how messages name the file.
    package var left: RecordIdentifiers?
    package var leftName = ""
    /// When true (inside `run`), a provider or record-date column absent from links.csv leaves its
    /// table empty; when false, it is an error.
    package var optionalColumns = false
    /// The disclosure-control rule's smallest group shown by name (`SubgroupTable.minimumCell`).
    package var minimumCell = SubgroupTable.minimumCell

    package init(run: URL, name: String) {
        self.run = run
        self.name = name
    }
}

extension QualityReport {
    /// Reads a run folder with the default settings and no left file.
    package static func read(run: URL, name: String, providerColumn: String = "PROVIDER_CODE") throws -> QualityReport {
        var sources = QualitySources(run: run, name: name)
        sources.providerColumn = providerColumn
        return try read(sources)
    }

    /// Reads `summary.json` (its `ranks` and `bands`), `links.csv` (`LINK_STATUS`, `MATCH_RANK`, the
    /// record date, the provider, `MATCH_WEIGHT`, `MATCH_PROBABILITY`) and `review.csv`
    /// (`CANDIDATE` 1's `MATCH_PROBABILITY`); with `sources.left`, also the left table row by row
    /// beside links.csv (one row per left record, in input order: the ids must match row for row),
    /// whose identifiers linking's own standardisation judged (`RecordIdentifiers`).
    /// - Throws: `InputError` for a missing file, column or malformed value, located (never a value).
    /// - Complexity: one pass over links.csv, in parallel chunks, and one over review.csv.
    package static func read(_ sources: QualitySources) throws -> QualityReport {
        let settings = sources.settings
        var report = QualityReport()
        let bands = try readSummary(sources, into: &report)
        let linksName = "\(sources.name)/links.csv"
        // A fixed number of chunks, merged in file order: the same sums whatever the thread count.
        let partition = try CSVPartition(url: sources.run.appendingPathComponent("links.csv"), name: linksName,
                                         parts: Self.linksChunks, allowHeaderOnly: true)
        var accumulator = try Accumulator(links: partition.columns, sources: sources, report: report)
        let start = accumulator
        // One read-only view of the left identifiers, lent to every record of every chunk.
        let left = sources.left
        let chunks = try partition.map { links in
            var chunk = start
            try chunk.add(recordsOf: links, left: left)
            return chunk
        }
        for chunk in chunks { try accumulator.merge(chunk, linksName: linksName) }
        try accumulator.finishLeft(linksName: linksName, left: left)
        report = accumulator.report
        (report.perProvider, report.identifiersPerProvider) = (accumulator.mergedProviders, accumulator.mergedProviderIdentifiers)
        report.subgroups = accumulator.subgroupTables()
        (report.perMonth, report.identifiersPerMonth) = accumulator.monthTables()
        try readReview(sources, into: &report)
        report.rules = ValidationRules.rules(settings: settings, bands: bands)
        return report
    }

    /// links.csv is read in this many chunks in parallel (fewer for a small file), a number that
    /// does not depend on the thread count.
    static let linksChunks = 8

    /// summary.json's ranks (into `report`) and bands (returned; from its ranks when it has none).
    static func readSummary(_ sources: QualitySources, into report: inout QualityReport) throws -> [Band] {
        let summaryName = "\(sources.name)/summary.json"
        guard let data = FileManager.default.contents(atPath: sources.run.appendingPathComponent("summary.json").path) else {
            throw InputError(file: summaryName, "cannot be read (is \(sources.name) a 'linkfit run' output folder?)")
        }
        let summary = try JSON.parse(data, file: summaryName)
        guard let rankArray = summary["ranks"]?.array else {
            throw InputError(file: summaryName, "has no 'ranks' (not a run summary)")
        }
        report.ranks = rankArray.map { Rank(rank: $0["rank"]?.string ?? "?", meaning: $0["meaning"]?.string ?? "") }
        let bandArray = summary["bands"]?.array ?? rankArray
        return bandArray.map { band in
            let requires = (band["requires"]?.object ?? [:]).mapValues { ($0.array ?? []).compactMap { $0.number.map { Int($0) } } }
            return Band(rank: band["rank"]?.string ?? "?", minimumWeight: band["minimumWeight"]?.number, requires: requires,
                        meaning: band["meaning"]?.string ?? "")
        }
    }

    /// review.csv's first candidates add to the expected missed links.
    static func readReview(_ sources: QualitySources, into report: inout QualityReport) throws {
        let reviewName = "\(sources.name)/review.csv"
        let reviewURL = sources.run.appendingPathComponent("review.csv")
        guard FileManager.default.fileExists(atPath: reviewURL.path) else { throw InputError(file: reviewName, "does not exist") }
        let review = try CSVReader(url: reviewURL, name: reviewName, allowHeaderOnly: true)
        let reviewColumns = try review.requireColumns(["CANDIDATE", "MATCH_PROBABILITY"])
        while try review.next() {
            guard review.withField(reviewColumns[0], { $0.elementsEqual("1".utf8) }) else { continue }
            guard let p = Double(review.string(reviewColumns[1])), p >= 0, p <= 1 else {
                throw review.error(column: reviewColumns[1], "is not a probability")
            }
            report.missedLinks.add(p)
        }
    }

    /// `YYYY-MM` of a month key (year·12 + month − 1), `unknown` for −1.
    static func monthLabel(_ key: Int) -> String {
        guard key >= 0 else { return "unknown" }
        let year = key / 12, month = key % 12 + 1
        return String(format: "%04d-%02d", year, month)
    }
}
