import Comparators
import Fellegi
import Foundation

/// The Data Matching Quality Report as HTML sections (a page of `HTMLReport` when the run folder
/// has quality.json) or as a page of its own (`html`): self-contained, inline SVG and CSS, no script,
/// nothing fetched. It shows counts, rates, shares, weights, bands, sex codes and postcode areas
/// (1–2 letters) only: a `QualityReport` holds no identifier.
package struct QualityPage {
    var report: QualityReport
    var runName: String
    var version: String

    package init(report: QualityReport, runName: String, version: String) {
        self.report = report
        self.runName = runName
        self.version = version
    }

    /// Sections in page order.
    var sections: [HTMLReport.Section] {
        var sections = [summarySection]
        if report.identifiers != nil { sections.append(identifiersSection) }
        sections.append(groupsSection)
        if !report.subgroups.isEmpty { sections.append(subgroupsSection) }
        sections.append(weightsSection)
        if !report.rules.isEmpty { sections.append(rulesSection) }
        return sections
    }

    /// Chart ids in page order, for tests.
    package var chartIDs: [String] { sections.flatMap { $0.charts.map(\.id) } }

    static func percent(_ share: Double) -> String { SVGFormat.number(100 * share, decimals: 2) + "%" }

    private var summarySection: HTMLReport.Section {
        let overall = report.overall
        let rows = report.ranks.map { rank in
            [rank.rank, SVGFormat.count(rank.matched), Self.percent(overall.matched == 0 ? 0 : Double(rank.matched) / Double(overall.matched)),
             rank.falseLinks.trials == 0 ? "–" : Self.estimate(rank.falseLinks), rank.meaning]
        }
        let table = HTMLTable(headers: ["rank", "matched", "share of matched", "expected false links [95%]", "ladder step"],
                              rows: rows, numeric: [1, 2, 3], widths: [nil, nil, nil, nil, "45%"], keyNoWrap: false).html
        return .init(
            id: "quality", heading: "Data Matching Quality Report",
            text: """
                Run <code>\(XML.escape(runName))</code>: \(SVGFormat.count(overall.records)) records in, \
                \(SVGFormat.count(overall.matched)) matched (linked, linked-duplicate or linked-clerical): a match rate of \
                <b>\(Self.percent(overall.rate))</b>. Expected false links \(Self.estimate(report.falseLinks)) and expected \
                missed links \(Self.estimate(report.missedLinks)) (95% intervals), estimated without labels from \
                MATCH_PROBABILITY: Σ (1 − p) over the links, Σ p over review records' first candidates and unlinked \
                records with a candidate. They are as good as the model's calibration: a confidently wrong link, or a \
                person no blocking rule found, adds nothing.
                """,
            charts: [], blocks: table)
    }

    static func estimate(_ count: ExpectedCount) -> String {
        "\(SVGFormat.number(count.mean, decimals: 1)) [\(SVGFormat.number(count.lower, decimals: 1)), \(SVGFormat.number(count.upper, decimals: 1))]"
    }

    /// Completeness of each identifier and why values are missing, as linking judged them.
    private var identifiersSection: HTMLReport.Section {
        let identifiers = report.identifiers ?? IdentifierValidity(comparisons: 0)
        let rows = report.identifierNames.indices.map { k -> (label: String, segments: [(name: String, count: Int)]) in
            let segments = [(name: "present", count: identifiers.present(k))]
                + MissingReason.allCases.map { (name: $0.label, count: identifiers.count(k, $0)) }.filter { $0.count > 0 }
            return (report.identifierNames[k], segments)
        }
        let chart = Charts.stacked(id: "identifier-validity", title: "Identifiers of the linked file: valid, or why not", rows: rows,
                                   axisTitle: "share of records (%)", classes: Self.reasonClasses)
        let figures = report.headlines.figures(identifiers).map { "\($0.title) \(Self.percent($0.share))" }.joined(separator: ", ")
        return .init(
            id: "identifiers", heading: "Completeness and validity of the identifiers",
            text: """
                Judged by linking's own standardisation (the rules below): \(figures). An invalid value is missing for \
                linking, never disagreement, so a supplier sending many lowers its match rate.
                """,
            charts: [chart])
    }

    static let reasonClasses: [String: String] = [
        "present": "present", "blank": "blank", "failed-check": "failed", "pseudo": "pseudo", "not-known": "unknown",
        "malformed": "invalid", "placeholder": "placeholder", "out-of-range": "outofrange",
    ]

    private var groupsSection: HTMLReport.Section {
        func table(_ title: String, _ rows: [String: QualityReport.Counts], _ identifiers: [String: IdentifierValidity]) -> String {
            let titles = identifiers.isEmpty ? [] : report.headlines.figures(IdentifierValidity(comparisons: report.identifierNames.count)).map(\.title)
            let body = rows.keys.sorted().map { key -> [String] in
                let counts = rows[key] ?? QualityReport.Counts()
                let figures = identifiers[key].map { report.headlines.figures($0).map { Self.percent($0.share) } } ?? titles.map { _ in "–" }
                return [key, SVGFormat.count(counts.records), SVGFormat.count(counts.matched), Self.percent(counts.rate)] + figures
            }
            let html = HTMLTable(headers: [title, "records", "matched", "match rate"] + titles, rows: body,
                                 numeric: Set(1..<(4 + titles.count))).html
            return rows.count > 16 ? "<div class=\"scroll\">\(html)</div>" : html
        }
        var blocks = ""
        if !report.perProvider.isEmpty { blocks += "<h3>Per provider (\(report.perProvider.count))</h3>\n" + table("provider", report.perProvider, report.identifiersPerProvider) }
        if !report.perMonth.isEmpty { blocks += "<h3>Per test month</h3>\n" + table("test month", report.perMonth, report.identifiersPerMonth) }
        let identifierNote = report.identifiers == nil
            ? " Run <code>linkfit quality --did</code> with the DID file (or read the quality.json that <code>linkfit run</code> writes) to add the validity of each identifier."
            : " The identifier columns are shares of the records: with a usable value (valid, plausible), or, for pseudo-postcodes, missing as one; the rules below say what each means."
        return .init(
            id: "groups", heading: "Match rate per provider and test month",
            text: "Every record falls in exactly one row of each table, so the rows sum to the totals.\(identifierNote)",
            charts: [], blocks: blocks)
    }

    private var subgroupsSection: HTMLReport.Section {
        var charts: [SVGDocument] = []
        var blocks = ""
        for table in report.subgroups {
            let rows = table.rows.map { row in
                Charts.BarRow(label: row.group, values: [100 * (1 - row.counts.rate)],
                              valueLabels: ["\(Self.percent(1 - row.counts.rate)) of \(SVGFormat.count(row.counts.records))"])
            }
            if table.rows.count <= 16 {
                charts.append(Charts.horizontalBars(
                    id: "subgroup-\(table.dimension.replacingOccurrences(of: " ", with: "-"))",
                    title: "Records not matched, by \(table.dimension) (the line: all records)", rows: rows,
                    series: [.init(name: "not matched", cls: "series5")], axisTitle: "records not matched (%)", barHeight: 14,
                    reference: (100 * (1 - report.overall.rate), "all \(Self.percent(1 - report.overall.rate))")))
            } else {
                let body = table.rows.map { [$0.group, SVGFormat.count($0.counts.records), Self.percent($0.counts.rate), Self.percent(1 - $0.counts.rate)] }
                let third = (body.count + 2) / 3
                let parts = stride(from: 0, to: body.count, by: third).map { Array(body[$0..<min($0 + third, body.count)]) }
                blocks += "<h3>Match rate by \(XML.escape(table.dimension)) (\(table.rows.count) rows)</h3>\n<div class=\"columns\">\n"
                    + parts.map { HTMLTable(headers: [table.dimension.split(separator: " ").last.map(String.init) ?? table.dimension, "records", "matched", "not matched"], rows: $0, numeric: [1, 2, 3], keyNoWrap: false).html }.joined() + "</div>\n"
            }
        }
        return .init(
            id: "subgroups", heading: "Who is under-linked: match rate by subgroup",
            text: """
                Age at the test date, sex and postcode area as the DID record gives them. A group with more records not \
                matched than all records (\(Self.percent(1 - report.overall.rate)), the line) is under-linked: analyses of the \
                linked file lose more of it, and may be biased. Disclosure control: a \
                group of fewer than \(SubgroupTable.minimumCell) records is never shown by name; such groups are pooled into \
                one "other" row, so the rows still sum to the totals.
                """,
            charts: charts, blocks: blocks, blocksAfterCharts: true)
    }

    private var weightsSection: HTMLReport.Section {
        let bins = report.weights.bins
        // An outcome without a weighted record (unlinked records often have no candidate) gets no empty chart.
        let charts = WeightDistribution.Outcome.allCases.filter { report.weights.weighted[$0.rawValue] > 0 }.map { outcome in
            Charts.histogram(
                id: "weights-\(outcome.label)", title: "Match weight of \(outcome.label) records' best candidate (\(SVGFormat.count(report.weights.weighted[outcome.rawValue])) records)",
                bins: bins.map { Charts.Bin(lower: $0.lower, upper: $0.lower + WeightDistribution.binWidth, count: $0.counts[outcome.rawValue]) },
                markers: [], xTitle: "match weight (bits, \(Int(WeightDistribution.binWidth))-bit bins)", yTitle: "records",
                cls: ["series0", "series1", "series3"][outcome.rawValue], height: 150)
        }
        let without = report.weights.withoutWeight
        return .init(
            id: "weight-distributions", heading: "Weight distributions of linked, review and unlinked records",
            text: """
                The best candidate's match weight (MATCH_WEIGHT, bits), on one weight axis for the three outcomes, each with \
                its own count axis. Linked records well clear of the review and unlinked ones mean the bands separate \
                them; overlap is where errors are. \(SVGFormat.count(without[2])) unlinked records had no candidate at all \
                and have no weight (an outcome without any weighted record has no chart).
                """,
            charts: charts)
    }

    private var rulesSection: HTMLReport.Section {
        let items = report.rules.map { "<dt>\(XML.escape($0.topic))</dt><dd>\(XML.escape($0.text))</dd>" }.joined(separator: "\n")
        return .init(
            id: "rules", heading: "Validation and derivation rules",
            text: "Generated from the settings the run used and the bands it derived (summary.json); the examples are classified by the code that linked.",
            charts: [], blocks: "<dl class=\"rules\">\n\(items)\n</dl>\n")
    }

    /// The standalone page.
    package var html: String {
        HTMLReport.page(title: "linkfit quality report: \(runName)", heading: "linkfit quality report",
                        source: "run <code>\(XML.escape(runName))</code>; linkfit \(XML.escape(version))", sections: sections)
    }
}

/// An HTML table: every cell escaped; numeric columns right-aligned.
struct HTMLTable {
    var headers: [String]
    var rows: [[String]]
    var numeric: Set<Int> = []
    var widths: [String?] = []
    /// Keep the first column's cells on one line (months, provider codes).
    var keyNoWrap = true

    var html: String {
        func cls(_ index: Int) -> String { numeric.contains(index) ? " class=\"num\"" : "" }
        func cell(_ index: Int) -> String { index == 0 && keyNoWrap ? " class=\"key\"" : cls(index) }
        let head = headers.enumerated().map { index, title in
            let width = index < widths.count ? widths[index].map { " style=\"width:\($0)\"" } ?? "" : ""
            return "<th\(cls(index))\(width)>\(XML.escape(title))</th>"
        }.joined()
        let body = rows.map { row in
            "<tr>" + row.enumerated().map { "<td\(cell($0.offset))>\(XML.escape($0.element))</td>" }.joined() + "</tr>"
        }.joined(separator: "\n")
        return "<table>\n<thead><tr>\(head)</tr></thead>\n<tbody>\n\(body)\n</tbody>\n</table>\n"
    }
}
