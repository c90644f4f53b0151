import Fellegi
import Foundation
import LinkIO
import Report

/// `linkfit report`: the model, and optionally a run, as one self-contained HTML page.
enum ReportCommand: Command {
    static let spec = CommandSpec(
        name: "report",
        abstract: "Write an HTML report of a model (and a run): weights, m and u, convergence, bands, review.",
        discussion: """
            One self-contained HTML file (inline SVG and CSS, no scripts, nothing fetched): the match weight of every
            comparison level, m and u, EM convergence per training session, completeness and blocking; with --run, the
            distribution of best-candidate weights against the band thresholds, counts per rank, and how the weight of
            the first review rows adds up. No patient identifiers: review rows show level labels and weights only.
            'linkfit fit --report' and 'linkfit run --report' write the same page.
            """,
        options: [
            .init(name: "model", value: "file", help: "A model file written by 'linkfit fit'.", required: true),
            .init(name: "html", value: "file", help: "Where to write the report (HTML).", required: true, aliases: ["out"]),
            .init(name: "run", value: "dir", help: "A 'linkfit run' output folder (summary.json, links.csv, review.csv)."),
            sampleOption,
        ])

    static let sampleOption = CommandSpec.Option(
        name: "review-sample", value: "n", help: "Review rows to draw as waterfalls, the first n by input order (default 5).")

    /// `--review-sample`, 0...100, default 5 (also read by `run`).
    static func reviewSample(_ reader: inout OptionReader) -> Int {
        reader.int(sampleOption.name, default: 5, in: 0...100)
    }

    struct Options {
        var model: String
        var html: String
        var run: String?
        var reviewSample: Int
    }

    static func options(_ reader: inout OptionReader) -> Options {
        Options(model: reader.required("model"), html: reader.required("html"), run: reader.string("run"),
                reviewSample: reviewSample(&reader))
    }

    static func run(_ options: Options, _ io: CommandIO) throws {
        let model = try FittedModel.load(io.readJSON(options.model), file: options.model)
        try write(model: model, modelName: options.model, runFolder: options.run, sample: options.reviewSample,
                  to: options.html, io: io)
    }

    /// Builds the report and writes it atomically to `path`; prints where it went.
    ///
    /// - Parameters:
    ///   - runURL: where to read the run named `runFolder` (`run` passes its staging folder); nil:
    ///     `runFolder` itself.
    ///   - url: where to write the page named `path` (the staging folder); nil: `path` itself.
    ///   - announce: print where it went now; false: the caller prints the returned line later.
    @discardableResult
    static func write(model: FittedModel, modelName: String, runFolder: String?, runURL: URL? = nil, sample: Int, to path: String,
                      url: URL? = nil, announce: Bool = true, io: CommandIO) throws -> String {
        let run = try runFolder.map { folder in
            try RunFolder.read(runURL ?? io.url(folder), name: folder, comparisons: model.settings.comparisons.map(\.name), sampleSize: sample)
        }
        let report = HTMLReport(model: model, run: run, modelName: modelName, runName: runFolder, version: CLI.version)
        do {
            try AtomicFile.write(report.html, to: url ?? io.url(path))
        } catch {
            throw CommandFailure("cannot write the report to \(path)")
        }
        let line = "report written to \(path) (\(report.chartIDs.count) charts)"
        if announce { io.print(line) }
        return line
    }
}
