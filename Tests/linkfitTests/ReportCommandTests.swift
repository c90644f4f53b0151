import Foundation
import TestSupport
import Testing

@testable import linkfit

/// Generates a report from a small synthetic run, in-process, and checks every chart is there with
/// data, and that no identifier from the inputs reaches the page.
@Suite(.serialized) struct ReportCommandTests {
    static let folder: URL = {
        let url = TestFolders.root.appendingPathComponent("report-command-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }()

    /// synth → fit (small u sample to keep it quick) → run --report, once for the suite.
    static let prepared: Result<String, ReportTestError> = {
        let io = CommandIO.capturing(in: folder)
        let settings = "settings.json"
        guard CLI.main(["synth", "--hes-persons", "3000", "--did-records", "600", "--seed", "3", "--out", "data"], io: io) == 0 else {
            return .failure(ReportTestError(message: io.stderr.text))
        }
        let defaults = CommandIO.capturing(in: folder)
        _ = CLI.main(["settings", "--default"], io: defaults)
        let small = defaults.stdout.text.replacingOccurrences(of: #""uSamplePairs": 5000000"#, with: #""uSamplePairs": 100000"#)
        try? small.write(to: folder.appendingPathComponent(settings), atomically: true, encoding: .utf8)
        for arguments in [
            ["fit", "--did", "data/did.csv", "--hes", "data/hes.csv", "--settings", settings, "--model", "model.json",
             "--report", "fit-report.html"],
            ["run", "--did", "data/did.csv", "--hes", "data/hes.csv", "--model", "model.json", "--file-version", "T",
             "--out", "run", "--report", "run-report.html", "--review-sample", "3"],
        ] where CLI.main(arguments, io: io) != 0 {
            return .failure(ReportTestError(message: io.stderr.text))
        }
        return .success(io.stdout.text)
    }()

    struct ReportTestError: Error { var message: String }

    func html(_ name: String) throws -> String {
        _ = try Self.prepared.get()
        return try String(contentsOf: Self.folder.appendingPathComponent(name), encoding: .utf8)
    }

    /// Each `<svg …>…</svg>` with its id.
    func charts(_ html: String) -> [(id: String, body: String)] {
        html.components(separatedBy: "<svg ").dropFirst().map { chunk in
            let body = chunk.components(separatedBy: "</svg>")[0]
            let id = body.components(separatedBy: "id=\"").dropFirst().first?.components(separatedBy: "\"").first ?? ""
            return (id, body)
        }
    }

    /// Every number in x/y/width/height/cx/cy/r/d attributes of data elements.
    func coordinates(_ svg: String) -> [Double] {
        let pattern = try? NSRegularExpression(pattern: #" (?:x|y|x1|x2|y1|y2|width|height|cx|cy|r)="([^"]*)"| d="([^"]*)""#)
        var numbers: [Double] = []
        for match in pattern?.matches(in: svg, range: NSRange(svg.startIndex..., in: svg)) ?? [] {
            for group in 1...2 {
                guard let range = Range(match.range(at: group), in: svg) else { continue }
                for token in svg[range].split(whereSeparator: { "ML, ".contains($0) }) { numbers.append(Double(token) ?? .nan) }
            }
        }
        return numbers
    }

    @Test func runReportHasEveryChartWithFiniteData() throws {
        let page = try html("run-report.html")
        let found = charts(page)
        // The run writes quality.json, so the quality report's charts follow the run's.
        let expected = ["weight-distribution", "outcomes", "identifier-validity", "subgroup-age-band", "subgroup-sex", "weights-linked",
                        "weights-review", "match-weights", "m-u", "review-1", "review-2", "review-3", "em-lambda", "em-change",
                        "completeness", "blocking"]
        #expect(found.map(\.id) == expected)
        for chart in found {
            #expect(chart.body.contains("<title id=\"\(chart.id)-title\">"), "chart \(chart.id) has a title")
            let data = chart.body.components(separatedBy: "<rect").count - 1 + chart.body.components(separatedBy: "<path").count - 1
                + chart.body.components(separatedBy: "<circle").count - 1
            #expect(data > 0, "chart \(chart.id) has data elements")
            let numbers = coordinates(chart.body)
            #expect(!numbers.isEmpty && numbers.allSatisfy(\.isFinite), "chart \(chart.id) has finite coordinates")
            #expect(chart.body.contains("class=\"tick\""), "chart \(chart.id) has tick labels")
            #expect(chart.body.contains("class=\"axis-title\""), "chart \(chart.id) has an axis title")
        }
    }

    @Test func matchWeightChartHasABarPerLevelPlusThePrior() throws {
        let page = try html("run-report.html")
        let body = try #require(charts(page).first { $0.id == "match-weights" }?.body)
        // 3 + 6 + 2 + 5 non-null levels in the default settings, plus the prior.
        #expect(body.components(separatedBy: "<rect").count - 1 == 17)
        #expect(body.contains("nhs_number: exact"))
        #expect(body.contains("postcode: unit"))
    }

    @Test func fitReportHasTheModelChartsOnly() throws {
        let page = try html("fit-report.html")
        #expect(charts(page).map(\.id) == ["match-weights", "m-u", "em-lambda", "em-change", "completeness", "blocking"])
        #expect(try Self.prepared.get().contains("report written to fit-report.html (6 charts)"))
    }

    @Test func reportIsSelfContainedAndSaysItHoldsNoIdentifiers() throws {
        let page = try html("run-report.html")
        #expect(!page.contains("<script"))
        #expect(!page.contains("http://") || page.components(separatedBy: "http://").count - 1 == page.components(separatedBy: "xmlns=\"http://www.w3.org/2000/svg\"").count - 1)
        #expect(!page.contains("https://"))
        #expect(!page.contains("@import") && !page.contains("url("))
        #expect(page.contains("No patient identifiers"))
        #expect(page.contains("@media print"))
    }

    @Test func noIdentifierFromTheReviewQueueReachesThePage() throws {
        let page = try html("run-report.html")
        let review = try String(contentsOf: Self.folder.appendingPathComponent("run/review.csv"), encoding: .utf8)
        let rows = review.split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        #expect(!rows.isEmpty, "the synthetic run has review rows")
        let header = review.split(separator: "\n")[0].split(separator: ",").map(String.init)
        let identifierColumns = header.indices.filter { ["DID_ID", "HESID"].contains(header[$0]) || header[$0].hasSuffix("_DID") || header[$0].hasSuffix("_HES") }
        for row in rows {
            for column in identifierColumns where column < row.count && row[column].count >= 5 {
                #expect(!page.contains(row[column]), "review column \(header[column]) value leaked into the report")
            }
        }
    }

    @Test func reportCommandReadsAModelAndRunFolder() throws {
        _ = try Self.prepared.get()
        let io = CommandIO.capturing(in: Self.folder)
        #expect(CLI.main(["report", "--model", "model.json", "--run", "run", "--html", "again.html"], io: io) == 0)
        #expect(io.stdout.text == "report written to again.html (16 charts)\n")
        // Deterministic: the same inputs give the same page, also under the older spelling --out.
        let first = try html("again.html")
        let io2 = CommandIO.capturing(in: Self.folder)
        #expect(CLI.main(["report", "--model", "model.json", "--run", "run", "--out", "again2.html"], io: io2) == 0)
        #expect(io2.stdout.text == "report written to again2.html (16 charts)\n")
        #expect(try html("again2.html") == first)
    }

    @Test func aMissingRunFolderIsABadInputError() throws {
        _ = try Self.prepared.get()
        let io = CommandIO.capturing(in: Self.folder)
        #expect(CLI.main(["report", "--model", "model.json", "--run", "nowhere", "--html", "x.html"], io: io) == 65)
        #expect(io.stderr.text.contains("nowhere/summary.json"))
        #expect(!FileManager.default.fileExists(atPath: Self.folder.appendingPathComponent("x.html").path))
    }
}
