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
            ReportCommand.sampleOption,
        ])

    static func run(_ arguments: ParsedArguments, _ io: CommandIO) throws {
        let threads = try arguments.threads()
        let stages = StageLog()
        let modelPath = try arguments.required("model")
        let model = try stages.time("read model") { try FittedModel.load(io.readJSON(modelPath), file: modelPath) }
        let settings = model.settings
        let didPath = try arguments.required("did")
        let hesPath = try arguments.required("hes")
        let fileVersion = try arguments.required("file-version")
        let folder = try io.outputFolder(try arguments.required("out"))
        let changes = try arguments.string("old-new").map { try IdentifierChangesFile.read($0, idColumn: settings.right.idColumn, io: io) }
            ?? IdentifierChanges()
        let left = try io.table(didPath, settings: settings, side: .left, allowEmpty: true, threads: threads, stages: stages)
        let right = try io.table(hesPath, settings: settings, side: .right, changes: changes, threads: threads, stages: stages)
        let result = try stages.time("link") {
            try Linker(model: model, threads: threads).link(left: left, right: right, stages: stages)
        }
        let summary = try stages.time("write") {
            let output = LinkOutput(model: model, left: left, right: right, result: result, fileVersion: fileVersion)
            let summary = try output.write(leftURL: io.url(didPath), leftName: didPath, folder: folder)
            guard summary.recordsOut == summary.recordsIn else {
                throw CommandFailure("records in (\(summary.recordsIn)) ≠ records out (\(summary.recordsOut))")
            }
            var json = summary.json
            if case .object(var members) = json {
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
                json = .object(members)
            }
            try AtomicFile.write(json.serialised(), to: folder.appendingPathComponent("summary.json"))
            return summary
        }
        try AtomicFile.write(stages.json.serialised(), to: folder.appendingPathComponent("timings.json"))
        io.print(summary.text)
        io.print("")
        io.print("wrote \(arguments.string("out") ?? "")/links.csv, review.csv (\(summary.reviewRows) rows), summary.json")
        if let reportPath = arguments.string("report") {
            try ReportCommand.write(model: model, modelName: modelPath, runFolder: arguments.string("out"),
                                    sample: try arguments.int("review-sample", default: 5, in: 0...100), to: reportPath, io: io)
        }
        io.print("time: \(stages.line)")
    }
}
