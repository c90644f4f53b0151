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
            .init(name: "hes", value: "file", help: "The index to link to (HES patient index CSV).", required: true),
            .init(name: "model", value: "file", help: "Where to write the fitted model (JSON).", required: true),
            SharedOptions.settings,
            .init(name: "old-new", value: "file", help: "Old_New_HESID CSV: rows under an old HESID join the current one."),
            .init(name: "seed", value: "n", help: "Seed for u sampling (default: the settings' training seed, 1)."),
            SharedOptions.threads,
            .init(name: "report", value: "file", help: "Also write an HTML report of the model (as 'linkfit report')."),
            .init(name: "timings", value: "file", help: "Also write the time and peak memory of every stage (JSON)."),
        ])

    static func run(_ arguments: ParsedArguments, _ io: CommandIO) throws {
        var settings = try io.settings(arguments)
        settings.training.seed = try arguments.uint64("seed", default: settings.training.seed)
        let threads = try arguments.threads()
        let stages = StageLog()
        let didPath = try arguments.required("did")
        let hesPath = try arguments.required("hes")
        let changes = try arguments.string("old-new").map { try IdentifierChangesFile.read($0, idColumn: settings.right.idColumn, io: io) }
            ?? IdentifierChanges()
        let left = try io.table(didPath, settings: settings, side: .left, threads: threads, stages: stages)
        let right = try io.table(hesPath, settings: settings, side: .right, changes: changes, threads: threads, stages: stages)
        let provenance = stages.time("fingerprint") {
            Provenance(linkfitVersion: CLI.version, seed: settings.training.seed, inputs: [
                .init(role: "left", file: (didPath as NSString).lastPathComponent,
                      fingerprint: FileFingerprint.of(io.url(didPath)) ?? "", records: left.rowCount),
                .init(role: "right", file: (hesPath as NSString).lastPathComponent,
                      fingerprint: FileFingerprint.of(io.url(hesPath)) ?? "", records: right.rowCount),
            ])
        }
        let model = try stages.time("fit") {
            try ModelTrainer(settings: settings, threads: threads).fit(left: left, right: right, provenance: provenance, stages: stages)
        }
        let modelPath = try arguments.required("model")
        try stages.time("write") { try AtomicFile.write(model.json.serialised(), to: io.url(modelPath)) }
        io.print(ModelTable.text(model))
        io.print("")
        io.print("model written to \(modelPath)")
        if let reportPath = arguments.string("report") {
            try ReportCommand.write(model: model, modelName: modelPath, runFolder: nil, sample: 0, to: reportPath, io: io)
        }
        if let timingsPath = arguments.string("timings") {
            try AtomicFile.write(stages.json.serialised(), to: io.url(timingsPath))
        }
        io.print("time: \(stages.line)")
    }
}

/// Reads an id-changes file (`OLD_<id>,NEW_<id>` for the right side's id column: the Old_New_HESID
/// file, `OLD_HESID,NEW_HESID`, with the default settings).
enum IdentifierChangesFile {
    static func read(_ path: String, idColumn: String, io: CommandIO) throws -> IdentifierChanges {
        let url = io.url(path)
        guard FileManager.default.fileExists(atPath: url.path) else { throw InputError(file: path, "does not exist") }
        let reader = try CSVReader(url: url, name: path, allowHeaderOnly: true)
        let names = IdentifierChanges.columns(idColumn: idColumn)
        let columns = try reader.requireColumns([names.old, names.new])
        var rows: [(old: String, new: String, line: Int)] = []
        while try reader.next() {
            let old = reader.string(columns[0])
            let new = reader.string(columns[1])
            if old.isEmpty { throw reader.error(column: columns[0], "is blank") }
            if new.isEmpty { throw reader.error(column: columns[1], "is blank") }
            rows.append((old, new, reader.line))
        }
        return try IdentifierChanges(rows: rows, file: path, idColumn: idColumn)
    }
}
