import Fellegi
import Foundation
import LinkIO

/// `linkfit run`: link a release with a fitted model; write the link file, review queue and summary.
enum RunCommand: Command {
    static let spec = CommandSpec(
        name: "run",
        abstract: "Link a DID release to HES with a fitted model: links.csv, review.csv, summary.json.",
        discussion: """
            Every DID record gets at most one HESID: the best-scoring candidate, ranked by the score bands
            (by default the national match-rank ladder, thresholds derived from the model). Near ties (twins),
            conflicting evidence and weights between the review and link minimums go to review.csv (owner-only:
            it holds identifiers). links.csv has one row per DID record, in input order, without NHS_NUMBER,
            PERSON_BIRTH_DATE and POSTCODE. Links use the current HESID (--old-new resolves chains).
            """,
        options: [
            .init(name: "did", value: "file", help: "The DID release to link (CSV).", required: true),
            .init(name: "hes", value: "file", help: "The HES patient index (CSV).", required: true),
            .init(name: "model", value: "file", help: "A model file written by 'linkfit fit'.", required: true),
            .init(name: "file-version", value: "v", help: "The FILE_VERSION written on every row.", required: true),
            .init(name: "out", value: "dir", help: "Output folder (created if needed).", required: true),
            .init(name: "old-new", value: "file", help: "Old_New_HESID CSV (OLD_HESID,NEW_HESID)."),
            SharedOptions.threads,
            .init(name: "report", value: "file", help: "Also write an HTML report of the model and this run (as 'linkfit report')."),
            .init(name: ReportCommand.sampleOption.name, value: "n",
                  help: "With --report: review rows to draw as waterfalls, the first n by input order (default 5)."),
        ])

    struct Options {
        var did: String
        var hes: String
        var model: String
        var fileVersion: String
        var out: String
        var oldNew: String?
        var threads: Int
        var report: String?
        var reviewSample: Int
    }

    static func options(_ reader: inout OptionReader) -> Options {
        let options = Options(
            did: reader.required("did"), hes: reader.required("hes"), model: reader.required("model"),
            fileVersion: reader.required("file-version"), out: reader.required("out"), oldNew: reader.string("old-new"),
            threads: reader.threads(), report: reader.string("report"),
            reviewSample: ReportCommand.reviewSample(&reader))
        if options.report == nil, reader.string(ReportCommand.sampleOption.name) != nil {
            reader.problem("option '--\(ReportCommand.sampleOption.name)' applies only with '--report'")
        }
        return options
    }

    /// The names a run folder holds: what `run` writes, `quality.json` (`linkfit quality`) and HTML
    /// reports. An existing `--out` folder holding anything else is refused (`StagedFolder`).
    static func isRunOutput(_ name: String) -> Bool {
        LinkOutput.fileNames.contains(name) || name == "quality.json" || (name.hasSuffix(".html") && !name.hasPrefix("."))
    }

    static func run(_ options: Options, _ io: CommandIO) throws {
        let threads = options.threads
        let stages = StageLog()
        // Every output goes into a staging folder beside --out, switched in as a unit at the end.
        let staging = try StagedFolder(target: io.url(options.out), name: options.out, replaceable: isRunOutput)
        defer { staging.abandon() }
        let folder = staging.url
        let modelPath = options.model
        let model = try stages.time("read model") { try FittedModel.load(io.readJSON(modelPath), file: modelPath) }
        let settings = model.settings
        let didPath = options.did
        let hesPath = options.hes
        let fileVersion = options.fileVersion
        let changes = try options.oldNew.map { try IdentifierChanges.read(url: io.url($0), file: $0, idColumn: settings.right.idColumn) }
            ?? IdentifierChanges()
        let left = try io.table(didPath, settings: settings, side: .left, allowEmpty: true, threads: threads, stages: stages)
        // A left column named like one links.csv adds is an error before any output is written.
        _ = try LinkOutput.keptColumns(CSVReader(url: io.url(didPath), name: didPath, allowHeaderOnly: true).columns, settings: settings)
        let right = try io.table(hesPath, settings: settings, side: .right, changes: changes, left: left, threads: threads, stages: stages)
        let result = try stages.time("link") {
            try Linker(model: model, threads: threads).link(left: left, right: right, stages: stages)
        }
        io.holdIfAsked("linked")
        let summary = try stages.time("write") {
            let output = LinkOutput(model: model, left: left, right: right, result: result, fileVersion: fileVersion)
            let summary = try output.write(leftURL: io.url(didPath), leftName: didPath, folder: folder) { io.holdIfAsked("writing") }
            guard summary.recordsOut == summary.recordsIn else {
                throw CommandFailure("records in (\(summary.recordsIn)) ≠ records out (\(summary.recordsOut))")
            }
            try AtomicFile.write(summaryJSON(summary, result: result, settings: settings, rowLimit: right.rowLimit).serialised(),
                                 to: folder.appendingPathComponent("summary.json"))
            return summary
        }
        try AtomicFile.write(stages.json.serialised(), to: folder.appendingPathComponent("timings.json"))
        // A report inside --out is part of the release: written into the staging folder too.
        let reportInside = options.report.map { io.url($0).standardizedFileURL.deletingLastPathComponent().resolvingSymlinksInPath() }
            == staging.target
        var reportLine: String?
        if let reportPath = options.report, reportInside {
            reportLine = try ReportCommand.write(model: model, modelName: modelPath, runFolder: options.out, runURL: folder,
                                                 sample: options.reviewSample, to: reportPath,
                                                 url: folder.appendingPathComponent(io.url(reportPath).lastPathComponent),
                                                 announce: false, io: io)
        }
        io.holdIfAsked("staged")
        try staging.commit()
        io.print(summary.text)
        io.print("")
        io.print("wrote \(options.out)/links.csv, review.csv (\(summary.reviewRows) rows), summary.json")
        if let reportLine { io.print(reportLine) }
        if let reportPath = options.report, !reportInside {
            try ReportCommand.write(model: model, modelName: modelPath, runFolder: options.out,
                                    sample: options.reviewSample, to: reportPath, io: io)
        }
        io.print("time: \(stages.line)")
    }

    /// summary.json: the run summary, the bands used, the linking thresholds and the right side's row
    /// limit (`rowLimit`: the limit, the ids over it and the rows left out).
    static func summaryJSON(_ summary: RunSummary, result: LinkResult, settings: LinkSettings, rowLimit: RowLimit) -> JSON {
        guard case .object(var members) = summary.json else { return summary.json }
        members["bands"] = .array(result.bands.map { band in
            .object(["rank": .string(band.rank), "minimumWeight": .number((band.minimumWeight * 1000).rounded() / 1000),
                     "requires": .object(band.requires.mapValues { .array($0.map { .number(Double($0)) }) }),
                     "meaning": .string(band.meaning)])
        })
        members["linking"] = .object([
            "linkMinimumWeight": .number(settings.linking.linkMinimumWeight),
            "reviewMinimumWeight": .number(settings.linking.reviewMinimumWeight),
            "nearTieMargin": .number(settings.linking.nearTieMargin),
        ])
        members["rowLimit"] = .object([
            "maxEntityRows": .number(Double(settings.blocking.maxEntityRows)),
            "idsOverLimit": .number(Double(rowLimit.entities)),
            "rowsLeftOut": .number(Double(rowLimit.rowsLeftOut)),
        ])
        return .object(members)
    }
}
