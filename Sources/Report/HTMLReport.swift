import Fellegi
import Foundation

/// The model (and optionally a run) as one self-contained HTML page: inline SVG charts and CSS, no
/// scripts, no fonts or anything else fetched, readable on a laptop and in print.
///
/// It holds no patient identifiers: the model file has none, and from a run folder it reads only
/// weights, counts, reasons and level labels (see `RunFolder`). The same inputs give the same bytes.
package struct HTMLReport {
    var model: FittedModel
    var run: RunFolder?
    /// How the inputs were named on the command line (shown in the header).
    var modelName: String
    var runName: String?
    /// The version of linkfit writing the page, shown when the model does not record the one that fitted it.
    var version: String

    package init(model: FittedModel, run: RunFolder?, modelName: String, runName: String?, version: String) {
        self.model = model
        self.run = run
        self.modelName = modelName
        self.runName = runName
        self.version = version
    }

    /// Chart ids in page order, for tests and the page's table of contents.
    package var chartIDs: [String] { sections.flatMap { $0.charts.map(\.id) } }

    struct Section {
        var id: String
        var heading: String
        var text: String
        var charts: [SVGDocument]
        /// HTML blocks after the text (tables, lists), already escaped.
        var blocks = ""
        /// Put `blocks` after the charts instead of before them.
        var blocksAfterCharts = false
        /// True when tables stand in for charts (no "Nothing to show." without charts).
        var hasContent: Bool { !charts.isEmpty || !blocks.isEmpty }
    }

    var sections: [Section] {
        var sections = [weightsSection, convergenceSection, inputsSection]
        if let run {
            sections.insert(runSection(run), at: 0)
            sections.insert(reviewSection(run), at: 2)
            if let changes = run.changes { sections.insert(changesSection(changes), at: 1) }
            if let quality = run.quality {
                let page = QualityPage(report: quality, runName: runName ?? "", version: version)
                sections.insert(contentsOf: page.sections, at: run.changes == nil ? 1 : 2)
            }
        }
        return sections
    }

    // MARK: Sections

    /// Every non-null level of every comparison, with the comparison's name.
    private var levels: [(label: String, k: Int, level: Int, groupStart: Bool)] {
        model.settings.comparisons.indices.flatMap { k in
            (1..<model.levelLabels[k].count).map { level in
                ("\(model.settings.comparisons[k].name): \(model.levelLabels[k][level])", k, level, level == 1)
            }
        }
    }

    private var weightsSection: Section {
        var rows = [Charts.BarRow(label: "prior (λ)", values: [model.parameters.priorWeight])]
        rows += levels.map { Charts.BarRow(label: $0.label, values: [model.weight($0.k, $0.level)], groupStart: $0.groupStart) }
        let weights = Charts.horizontalBars(
            id: "match-weights", title: "Match weight of each comparison level", rows: rows,
            series: [.init(name: "match weight", cls: "signed")], axisTitle: "match weight (bits: log₂ m/u; prior log₂ λ/(1−λ))")
        let mu = Charts.logDots(
            id: "m-u", title: "m- and u-probability of each comparison level",
            rows: levels.map { ($0.label, [model.parameters.m[$0.k][$0.level], model.parameters.u[$0.k][$0.level]]) },
            series: [.init(name: "m = P(level | match)", cls: "m"), .init(name: "u = P(level | non-match)", cls: "u")],
            axisTitle: "probability (log scale)")
        return Section(
            id: "weights", heading: "Match weights",
            text: """
                A pair's match weight is the prior log₂(λ/(1−λ)) plus, for each comparison, log₂(m/u) at the level the pair \
                reaches (the null level, a value missing on a side, adds 0). Bars right of zero are evidence for a match, left \
                of zero against. The second chart shows where each weight comes from: the further apart m and u, the \
                stronger the level. λ = \(String(format: "%.4e", model.parameters.lambda)), prior weight \
                \(SVGFormat.signed(model.parameters.priorWeight)) bits.
                """,
            charts: [weights, mu])
    }

    private var convergenceSection: Section {
        let sessions = model.report.sessions
        let lambda = Charts.lines(
            id: "em-lambda", title: "EM: λ of each training session by iteration",
            series: sessions.map { (name: $0.rule, points: $0.iterations.map { (x: Double($0.index), y: $0.lambda) }) },
            xTitle: "iteration", yTitle: "λ within the session's pairs", yScale: .linear)
        let change = Charts.lines(
            id: "em-change", title: "EM: largest parameter change of each training session by iteration",
            series: sessions.map { (name: $0.rule, points: $0.iterations.map { (x: Double($0.index), y: $0.largestChange) }) },
            xTitle: "iteration", yTitle: "largest change (log scale)", yScale: .log,
            references: [(model.settings.training.tolerance, "tolerance")])
        let status = sessions.map { session in
            let excluded = session.excluded.isEmpty ? "" : "; leaves out \(session.excluded.joined(separator: ", "))"
            let problems = session.problems.isEmpty ? "" : "; problems: \(session.problems.joined(separator: "; "))"
            return "<li><b>\(XML.escape(session.rule))</b>: \(SVGFormat.count(Int(session.pairs))) pairs, \(session.iterations.count) iterations, \(session.converged ? "converged" : "<b>not converged</b>"), λ \(String(format: "%.4f", session.lambda))\(XML.escape(excluded + problems))</li>"
        }.joined()
        return Section(
            id: "convergence", heading: "EM convergence",
            text: """
                m is fitted by EM on agreement-pattern counts, in one session per blocking rule (the rule's own comparisons \
                are left out of its session); u is fixed (value frequencies and random pairs) and λ within the session is \
                free. A session has converged when no parameter changes by the tolerance (\(SVGFormat.power(model.settings.training.tolerance))) or more.<ul>\(status)</ul>
                """,
            charts: [lambda, change])
    }

    private var inputsSection: Section {
        let report = model.report
        let names = model.settings.comparisons.map(\.name)
        let classes: [String: String] = [
            "present": "present", "blank": "blank", "failed-check": "failed", "pseudo": "pseudo", "not-known": "unknown",
            "malformed": "invalid", "placeholder": "placeholder", "out-of-range": "outofrange",
        ]
        var rows: [(label: String, segments: [(name: String, count: Int)])] = []
        for (side, name, total, missing) in [
            ("left", model.settings.left.name, report.leftRecords, report.missing),
            ("right", model.settings.right.name, report.rightRows, report.missingRight),
        ] where total > 0 {
            _ = side
            for (k, comparison) in names.enumerated() {
                let reasons = k < missing.count ? missing[k] : [:]
                let absent = reasons.values.reduce(0, +)
                let segments = [(name: "present", count: max(total - absent, 0))]
                    + reasons.sorted { $0.key < $1.key }.map { (name: $0.key, count: $0.value) }
                rows.append(("\(name) \(comparison)", segments))
            }
        }
        let completeness = Charts.stacked(
            id: "completeness", title: "Completeness of each identifier and why values are missing",
            rows: rows, axisTitle: "share of records (%)", classes: classes)
        let blocking = Charts.horizontalBars(
            id: "blocking", title: "Candidate pairs per blocking rule",
            rows: report.rules.map {
                Charts.BarRow(label: $0.rule, values: [Double($0.pairs), Double($0.newPairs)],
                              valueLabels: [SVGFormat.count($0.pairs), SVGFormat.count($0.newPairs)])
            },
            series: [.init(name: "pairs agreeing on the rule (its training session)", cls: "series0"),
                     .init(name: "new pairs (not found by an earlier rule)", cls: "series1")],
            axisTitle: "candidate pairs")
        let files = model.provenance.inputs.map { "\(XML.escape($0.role)): \(XML.escape($0.file)) (\(SVGFormat.count($0.records)) records)" }
            .joined(separator: "; ")
        return Section(
            id: "inputs", heading: "Inputs and blocking",
            text: """
                Fitted on \(files.isEmpty ? "unrecorded inputs" : files): \(SVGFormat.count(report.leftRecords)) \
                \(XML.escape(model.settings.left.name)) records, \(SVGFormat.count(report.rightEntities)) \
                \(XML.escape(model.settings.right.name)) entities (\(SVGFormat.count(report.rightRows)) rows; completeness of \
                the right side is per row). A missing value is never disagreement: it takes the null level and weight 0. \
                \(SVGFormat.count(report.candidatePairs)) candidate pairs in all.
                """,
            charts: [completeness, blocking])
    }

    private func runSection(_ run: RunFolder) -> Section {
        var markers = run.ranks.map { (value: $0.minimumWeight, label: "rank \($0.rank)") }
        if let review = run.reviewMinimumWeight { markers.append((review, "review")) }
        let histogram = Charts.histogram(
            id: "weight-distribution", title: "Best-candidate match weight of each record, with the band thresholds",
            bins: Charts.bins(run.weights, width: 1), markers: markers,
            xTitle: "match weight of the best candidate (bits, 1-bit bins)", yTitle: "records")
        var bars = run.ranks.map { (label: "rank \($0.rank)", value: Double($0.records), cls: "series0") }
        bars.append(("review", Double(run.review), "series1"))
        bars.append(("unlinked", Double(run.unlinked), "series3"))
        let outcome = Charts.columns(id: "outcomes", title: "Records per match rank, in review and unlinked", bars: bars,
                                     xTitle: "outcome", yTitle: "records")
        let reasons = run.reviewByReason.map { "\(XML.escape($0.reason)) \(SVGFormat.count($0.count))" }.joined(separator: ", ")
        return Section(
            id: "run", heading: "The run",
            text: """
                \(SVGFormat.count(run.recordsIn)) records (FILE_VERSION \(XML.escape(run.fileVersion))): \
                \(SVGFormat.count(run.linked)) linked, \(SVGFormat.count(run.review)) in review (\(reasons)), \
                \(SVGFormat.count(run.unlinked)) unlinked. Each record's best candidate takes the first rank whose \
                requirements it meets and whose threshold (the vertical lines) it reaches; below every rank it goes to \
                review from the review minimum, else it stays unlinked. Records without any candidate are not in the histogram.
                """,
            charts: [histogram, outcome])
    }

    /// With `run --previous`: records per kind of change since the previous release.
    private func changesSection(_ changes: RunFolder.Changes) -> Section {
        let bars = changes.kinds.map { (label: $0.kind, value: Double($0.count), cls: $0.kind == "unchanged" ? "series1" : "series0") }
        let chart = Charts.columns(id: "changes", title: "Records per kind of change since FILE_VERSION \(changes.previousFileVersion)",
                                   bars: bars, xTitle: "change (changes.csv)", yTitle: "records")
        let counts = changes.kinds.map { "\(XML.escape($0.kind)) \(SVGFormat.count($0.count))" }.joined(separator: ", ")
        return Section(
            id: "changes", heading: "What changed since the previous release",
            text: """
                Against FILE_VERSION \(XML.escape(changes.previousFileVersion)), one row per record of either release in \
                changes.csv: \(counts). \(SVGFormat.count(changes.byDecision)) records' outcomes were shaped by a clerical \
                decision (a match linked, a non-match removed a candidate, unsure kept, or a stale decision sent back to review).
                """,
            charts: [chart])
    }

    private func reviewSection(_ run: RunFolder) -> Section {
        let names = model.settings.comparisons.map(\.name)
        let charts = run.reviewSample.enumerated().map { index, row in
            let partials = names.indices.map { k in
                (label: "\(names[k]): \(k < row.levels.count ? row.levels[k] : "?")", value: k < row.weights.count ? row.weights[k] : 0)
            }
            let steps = Charts.waterfallSteps(prior: ("prior (λ)", model.parameters.priorWeight), partials: partials, totalLabel: "match weight")
            return Charts.waterfall(
                id: "review-\(index + 1)",
                title: "Review row \(index + 1) of \(run.reviewRows): \(row.reason), candidate \(row.candidate), match weight \(SVGFormat.number(row.matchWeight, decimals: 2))",
                steps: steps, axisTitle: "cumulative match weight (bits)")
        }
        return Section(
            id: "review", heading: "Clerical review: how the weight of a review row adds up",
            text: """
                The first \(run.reviewSample.count) of \(SVGFormat.count(run.reviewRows)) rows of review.csv, in input order: \
                the prior, then each comparison's partial weight at the level the pair reached (term-frequency adjustments \
                included), then the total. Only level labels and weights are shown: review.csv itself holds identifiers and \
                stays with its owner. (The total is the sum of rounded parts, so it may differ from MATCH_WEIGHT in the last digit.)
                """,
            charts: charts)
    }

    // MARK: Page

    package var html: String {
        let source = [("model", modelName), ("run", runName)].compactMap { key, value in value.map { "\(key) <code>\(XML.escape($0))</code>" } }
            .joined(separator: ", ")
        let linkfit = model.provenance.linkfitVersion.isEmpty ? version : model.provenance.linkfitVersion
        return Self.page(title: "linkfit report: \(modelName)", heading: "linkfit report",
                         source: "\(source); linkfit \(XML.escape(linkfit)), seed \(model.provenance.seed)", sections: sections,
                         privacy: run?.quality == nil
                            ? "This page shows model parameters, counts, weights and level labels only: no NHS numbers, birth dates, postcodes, record ids or HESIDs. It can be shared with methodologists."
                            : "This page shows model parameters, counts, rates, weights, level labels, age bands, sex codes and postcode areas (groups of fewer than 10 records pooled) only: no NHS numbers, birth dates, postcodes, record ids or HESIDs. It can be shared with methodologists.")
    }

    /// A whole page: head with the CSS, header (heading, where it comes from, the privacy note, the
    /// contents) and the sections. `source` is HTML, already escaped.
    static func page(title: String, heading: String, source: String, sections: [Section],
                     privacy: String = "This page shows counts, rates, weights, bands, sex codes and postcode areas only: no NHS numbers, birth dates, postcodes, record ids or HESIDs. It can be shared with the data's users.") -> String {
        let contents = sections.map { "<li><a href=\"#\(XML.escape($0.id))\">\(XML.escape($0.heading))</a></li>" }.joined()
        let body = sections.map { section in
            let figures = section.charts.map { chart in
                "<figure id=\"figure-\(XML.escape(chart.id))\"><figcaption>\(XML.escape(chart.title))</figcaption>\n\(chart.rendered)\n</figure>"
            }.joined(separator: "\n")
            let empty = section.hasContent ? "" : "<p class=\"note\">Nothing to show.</p>"
            return "<section id=\"\(XML.escape(section.id))\">\n<h2>\(XML.escape(section.heading))</h2>\n<p>\(section.text)</p>\n\(section.blocksAfterCharts ? "" : section.blocks)\(empty)\(figures)\n\(section.blocksAfterCharts ? section.blocks : "")</section>"
        }.joined(separator: "\n")
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(XML.escape(title))</title>
            <style>
            \(css)
            </style>
            </head>
            <body>
            <header>
            <h1>\(XML.escape(heading))</h1>
            <p>From \(source).</p>
            <p class="privacy"><b>No patient identifiers.</b> \(XML.escape(privacy))</p>
            <nav><ol>\(contents)</ol></nav>
            </header>
            \(body)
            </body>
            </html>

            """
    }

    /// One palette for screen and print (colour-blind safe: blue/orange for sign, Okabe–Ito series).
    static let css = """
        :root { color-scheme: light; }
        body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: #1a1a1a;
               max-width: 920px; margin: 24px auto; padding: 0 16px; line-height: 1.45; }
        h1 { font-size: 1.6em; margin-bottom: 0.2em; }
        h2 { font-size: 1.25em; border-bottom: 1px solid #ccc; padding-bottom: 4px; margin-top: 2em; }
        p, li { font-size: 0.95em; }
        .privacy { background: #eef5ee; border-left: 4px solid #2e7d32; padding: 6px 10px; }
        figure { margin: 1.2em 0; }
        figcaption { font-weight: 600; margin-bottom: 4px; }
        svg.chart { width: 100%; height: auto; display: block; }
        svg text { font-family: inherit; font-size: 12px; fill: #222; }
        svg .tick { fill: #555; font-size: 11px; }
        svg .axis-title { fill: #333; font-size: 12px; }
        svg .value { fill: #333; font-size: 11px; }
        svg .value.inside { fill: #fff; }
        svg .strong { font-weight: 700; }
        svg .legend { font-size: 12px; }
        svg .marker-label { font-size: 11px; fill: #7a1f5c; paint-order: stroke; stroke: #fff; stroke-width: 3px; stroke-linejoin: round; }
        svg .axis { stroke: #444; stroke-width: 1; }
        svg .grid { stroke: #e4e4e4; stroke-width: 1; }
        svg .zero { stroke: #222; stroke-width: 1.2; }
        svg .group { stroke: #bbb; stroke-width: 1; stroke-dasharray: 2 3; }
        svg .connector { stroke: #999; stroke-width: 1; }
        svg .marker { stroke: #7a1f5c; stroke-width: 1.2; stroke-dasharray: 4 3; }
        svg .reference { stroke: #7a1f5c; stroke-width: 1; stroke-dasharray: 4 3; }
        svg .pos { fill: #3b6fb6; }
        svg .neg { fill: #e08a2c; }
        svg .prior { fill: #8c8c8c; }
        svg .total { fill: #333; }
        svg .bar { fill: #3b6fb6; }
        svg .m { fill: #0072b2; }
        svg .u { fill: #e69f00; }
        svg .line { fill: none; stroke-width: 2; }
        svg .series0 { fill: #0072b2; stroke: #0072b2; }
        svg .series1 { fill: #e69f00; stroke: #e69f00; }
        svg .series2 { fill: #009e73; stroke: #009e73; }
        svg .series3 { fill: #cc79a7; stroke: #cc79a7; }
        svg .series4 { fill: #56b4e9; stroke: #56b4e9; }
        svg .series5 { fill: #d55e00; stroke: #d55e00; }
        svg path.line { fill: none; }
        svg .present { fill: #4f9a6a; }
        svg .blank { fill: #b8b8b8; }
        svg .failed { fill: #d55e00; }
        svg .pseudo { fill: #cc79a7; }
        svg .unknown { fill: #e6c200; }
        svg .invalid, svg .outofrange { fill: #a03030; }
        svg .placeholder { fill: #56b4e9; }
        svg .other { fill: #777; }
        .note { color: #666; font-style: italic; }
        h3 { font-size: 1.05em; margin: 1.2em 0 0.4em; }
        table { border-collapse: collapse; font-size: 0.85em; width: 100%; margin: 0.4em 0 1em; }
        th, td { padding: 3px 8px; border-bottom: 1px solid #e4e4e4; text-align: left; vertical-align: top; }
        th { background: #f3f3f3; font-weight: 600; position: sticky; top: 0; }
        td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
        td.num, td.key { white-space: nowrap; }
        .scroll { max-height: 420px; overflow-y: auto; border: 1px solid #e4e4e4; }
        .scroll table { margin: 0; }
        .columns { display: flex; gap: 12px; align-items: flex-start; }
        .columns table { flex: 1; min-width: 0; }
        .columns th, .columns td { padding: 3px 5px; }
        dl.rules dt { font-weight: 600; margin-top: 0.8em; }
        dl.rules dd { margin: 0.2em 0 0 1.2em; font-size: 0.92em; }
        nav ol { columns: 2; }
        @media print {
          body { max-width: none; margin: 0; font-size: 10pt; }
          nav { display: none; }
          .scroll { max-height: none; overflow: visible; border: none; }
          section { break-before: auto; }
          figure { break-inside: avoid; page-break-inside: avoid; }
          h2 { break-after: avoid; }
          * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
        }
        """
}
