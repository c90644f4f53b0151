import Fellegi
import Foundation
import LinkIO

/// `linkfit fit`: fit the Fellegi–Sunter model and write `model.json`.
enum FitCommand: Command {
    static let spec = CommandSpec(
        name: "fit",
        abstract: "Fit the Fellegi–Sunter model (m by EM, u by sampling, λ by rule) and write the model file.",
        discussion: """
            Blocks DID×HES into candidate pairs, reduces them to counts of agreement patterns, and fits m by EM
            in one session per blocking rule (u from value frequencies and seeded random pairs; λ from the
            deterministic rule in the settings). Prints, per comparison, each level's m, u and match weight,
            and each session's convergence. The same inputs, settings and seed give a byte-identical model.
            """,
        options: [
            .init(name: "did", value: "file", help: "The records to link (DID CSV).", required: true),
            HESInput.csvOption,
            HESInput.indexOption,
            .init(name: "model", value: "file", help: "Where to write the fitted model (JSON).", required: true),
            SharedOptions.settings,
            .init(name: "old-new", value: "file", help: "Old_New_HESID CSV: rows under an old HESID join the current one."),
            .init(name: "seed", value: "n", help: "Seed for u sampling, \(TrainingSettings.seedRange.lowerBound)...\(TrainingSettings.seedRange.upperBound) (default: the settings' training seed, 1)."),
            SharedOptions.threads,
            .init(name: "report", value: "file", help: "Also write an HTML report of the model (as 'linkfit report')."),
            .init(name: "timings", value: "file", help: "Also write the time and peak memory of every stage (JSON)."),
            SharedOptions.quiet,
        ])

    struct Options {
        var did: String
        var hes: HESInput
        var model: String
        var settings: String?
        var oldNew: String?
        /// nil: the settings' training seed.
        var seed: UInt64?
        var threads: Int
        var report: String?
        var timings: String?
        var quiet: Bool
    }

    static func options(_ reader: inout OptionReader) -> Options {
        Options(
            did: reader.required("did"), hes: HESInput.read(&reader), model: reader.required("model"),
            settings: reader.string("settings"), oldNew: reader.string("old-new"),
            seed: reader.int("seed", in: TrainingSettings.seedRange), threads: reader.threads(),
            report: reader.string("report"), timings: reader.string("timings"), quiet: reader.flag("quiet"))
    }

    static func run(_ options: Options, _ io: CommandIO) throws {
        var settings = try io.settings(options.settings)
        if let seed = options.seed { settings.training.seed = seed }
        let threads = options.threads
        let stages = try io.stageLog(command: spec.name, quiet: options.quiet)
        defer { stages.finish() }
        let didPath = options.did
        let hesPath = options.hes.path
        // An index has the Old_New_HESID changes applied already (and checks it was built with this file).
        let changes = try io.changes(options.oldNew, settings: settings, needed: !options.hes.isIndex, stages: stages)
        let left = try io.table(didPath, settings: settings, side: .left, threads: threads, stages: stages)
        let (right, index) = try io.hes(options.hes, settings: settings, changes: changes, oldNew: options.oldNew, latestRecordDate: left.latestRecordDate,
                                        threads: threads, stages: stages)
        // With an index, the HES file's fingerprint is the one the index recorded when it was built.
        let hesBytes = index == nil ? io.fileSize(hesPath) : 0
        let provenance = try stages.time("fingerprint", counting: io.fileSize(didPath) + hesBytes, of: .bytes) { bytesRead in
            let hes = try index?.source ?? io.source(hesPath, progress: bytesRead)
            return Provenance(linkfitVersion: CLI.version, seed: settings.training.seed, inputs: [
                .init(role: "left", file: (didPath as NSString).lastPathComponent,
                      fingerprint: FileFingerprint.of(io.url(didPath), progress: bytesRead) ?? "", records: left.rowCount),
                .init(role: "right", file: hes.name, fingerprint: hes.fingerprint, records: right.rowCount),
            ])
        }
        let model = try stages.time("fit") {
            try ModelTrainer(settings: settings, threads: threads).fit(left: left, right: right, index: index, provenance: provenance, stages: stages)
        }
        let modelPath = options.model
        try stages.time("write") { try AtomicFile.write(model.json.serialised(), to: io.url(modelPath)) }
        stages.finish(succeeded: true)
        io.print(ModelTable.text(model))
        io.print("")
        io.print("model written to \(modelPath)")
        if let reportPath = options.report {
            try ReportCommand.write(model: model, modelName: modelPath, runFolder: nil, sample: 0, to: reportPath, io: io)
        }
        if let timingsPath = options.timings {
            try AtomicFile.write(stages.json.serialised(), to: io.url(timingsPath))
        }
        io.print("time: \(stages.line)")
    }
}
