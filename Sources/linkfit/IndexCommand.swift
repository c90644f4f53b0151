import Fellegi
import Kernels
import Foundation
import LinkIO

/// `linkfit index`: prepare the HES side once per HES refresh, for `fit` and `run --hes-index`.
enum IndexCommand: Command {
    static let spec = CommandSpec(
        name: "index",
        abstract: "Prepare the HES side once (standardised, ids interned, value frequencies, block indexes) for --hes-index.",
        discussion: """
            Writes one binary file (docs/index-file.md) that 'linkfit fit' and 'linkfit run' read with --hes-index in
            place of --hes: memory-mapped, checked by a checksum per section, no CSV parsing and no index building,
            with results byte-identical to --hes. The file is built for the settings that shape the HES side (the HES id
            column, the comparisons' HES columns and kinds, the blocking rules and limits): give the settings you will
            fit with, or the model you will run. Training and linking settings may change without a rebuild. With
            --old-new, the same Old_New_HESID file must be given to every command that reads the index. The file holds
            identifiers: it is created owner-only.
            """,
        options: [
            .init(name: "hes", value: "file", help: "The HES patient index (CSV).", required: true),
            .init(name: "out", value: "file", help: "Where to write the index file (.lfx).", required: true),
            SharedOptions.settings,
            .init(name: "model", value: "file", help: "In place of --settings: the settings of a model file from 'linkfit fit'."),
            .init(name: "old-new", value: "file", help: "Old_New_HESID CSV: rows under an old HESID join the current one."),
            SharedOptions.threads,
            SharedOptions.quiet,
        ])

    struct Options {
        var hes: String
        var out: String
        var settings: String?
        var model: String?
        var oldNew: String?
        var threads: Int
        var quiet: Bool
    }

    static func options(_ reader: inout OptionReader) -> Options {
        let options = Options(
            hes: reader.required("hes"), out: reader.required("out"), settings: reader.string("settings"), model: reader.string("model"),
            oldNew: reader.string("old-new"), threads: reader.threads(), quiet: reader.flag("quiet"))
        if options.settings != nil, options.model != nil {
            reader.problem("options '--settings' and '--model' are alternatives: give one")
        }
        if URL(fileURLWithPath: options.hes).standardizedFileURL == URL(fileURLWithPath: options.out).standardizedFileURL {
            reader.problem("option '--out' must name another file than '--hes'")
        }
        return options
    }

    static func run(_ options: Options, _ io: CommandIO) throws {
        let settings = try options.model.map { path in try FittedModel.load(io.readJSON(path), file: path).settings } ?? io.settings(options.settings)
        let threads = options.threads
        let stages = try io.stageLog(command: spec.name, quiet: options.quiet)
        defer { stages.finish() }
        let hesPath = options.hes
        guard FileManager.default.fileExists(atPath: io.url(hesPath).path) else { throw InputError(file: hesPath, "does not exist") }
        let changes = try io.changes(options.oldNew, settings: settings, stages: stages)
        let oldNew = try options.oldNew.map { try io.source($0) }
        // The file is written as it is made: the table's sections while the value frequencies and
        // block indexes are computed, the HES file's fingerprint taken while it is read; what is
        // left (frequencies, block indexes, meta) is the "write" stage.
        let writer = try SectionFile.Writer(url: io.url(options.out), version: HESIndex.formatVersion, threads: 1)
        let (source, built) = try concurrently({ try io.source(hesPath) }, while: {
            try HESIndex.build(url: io.url(hesPath), source: .init(name: (hesPath as NSString).lastPathComponent, fingerprint: ""),
                               settings: settings, changes: changes, oldNew: oldNew, threads: threads, stages: stages,
                               alongside: { table, dates in try HESIndex.writeTable(table, dates: dates, to: writer) })
        })
        var index = built
        index.source = source
        if let warning = CommandIO.rowLimitWarning(index.table, file: hesPath, settings: settings) { io.printError(warning) }
        try stages.time("write") {
            writer.threads = threads
            try index.writeRest(to: writer, settings: settings)
        }
        stages.finish(succeeded: true)
        let bytes = io.fileSize(options.out)
        io.print("index written to \(options.out): \(index.table.rowCount) rows, \(index.table.entityCount) \(settings.right.idColumn)s, "
            + "\(index.blocker.indexes.count) block indexes, \(String(format: "%.1f", Double(bytes) / 1_048_576)) MiB")
        io.print("time: \(stages.line)")
    }
}
