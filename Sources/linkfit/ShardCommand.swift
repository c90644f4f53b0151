import Comparators
import Fellegi
import Foundation
import Kernels
import LinkIO

/// `linkfit shard <step>`: one step of a sharded run (an engine such as Spark partitions the rows;
/// docs/spark.md): rows in on standard input, rows out on standard output, tab-separated.
enum ShardCommand: Command {
    static let spec = CommandSpec(
        name: "shard",
        abstract: "One step of a run sharded by an engine such as Spark: rows on stdin, rows on stdout.",
        discussion: """
            Steps (docs/spark.md gives each one's columns and how the engine partitions them):
              plan      the links.csv header and block cap, as JSON (no input)
              left      the left file's records (LINE, TEXT) -> block, record and stats rows
              right     the right file's records (LINE, TEXT) -> current id, line and values
              entities  the right step's rows by id -> block rows and the tables file's counts
              score     the block rows by block -> each candidate pair once, with levels and weight
              assign    record and candidate rows by left id -> each record's links.csv row
            Rows are tab-separated, without a header; in a field \\\\, \\t, \\n and \\r stand for a backslash,
            tab, line feed and carriage return. A malformed row stops the step with its line and field
            (exit 65) and nothing is written. The result, sorted by LINE, is run's links.csv.
            """,
        positionals: [.init(name: "step", help: "plan, left, right, entities, score or assign.")],
        options: [
            .init(name: "model", value: "file", help: "A model file written by 'linkfit fit'.", required: true),
            .init(name: "header", value: "file", help: "plan, left, right: a file whose first line is the side's CSV header."),
            .init(name: "source", value: "name", help: "left, right, assign: how errors name the side's file (default: --header's)."),
            .init(name: "old-new", value: "file", help: "right: Old_New_HESID CSV (OLD_HESID,NEW_HESID)."),
            .init(name: "latest-record-date", value: "date", help: "right: the left file's latest record date (the left step's stats rows)."),
            .init(name: "tables", value: "file", help: "score, assign: the tables file (summed counts of the entities step)."),
            .init(name: "file-version", value: "v", help: "assign: the FILE_VERSION written on every row."),
        ])

    enum Step: String, CaseIterable { case plan, left, right, entities, score, assign }

    struct Options {
        var step: Step
        var model: String
        var header: String?
        var source: String?
        var oldNew: String?
        var latestRecordDate: CalendarDate?
        var tables: String?
        var fileVersion: String?
    }

    /// The options each step takes, beyond --model.
    static let stepOptions: [Step: Set<String>] = [
        .plan: ["header"], .left: ["header", "source"], .right: ["header", "source", "old-new", "latest-record-date"],
        .entities: [], .score: ["tables"], .assign: ["tables", "file-version", "source"],
    ]
    /// The options each step needs.
    static let stepRequires: [Step: [String]] = [
        .plan: ["header"], .left: ["header"], .right: ["header"], .entities: [], .score: ["tables"], .assign: ["tables", "file-version"],
    ]

    static func options(_ reader: inout OptionReader) -> Options {
        let step = reader.positional(0).flatMap(Step.init(rawValue:))
        if step == nil { reader.problem("expected a step: \(Step.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", "))") }
        var options = Options(step: step ?? .plan, model: reader.required("model"), header: reader.string("header"), source: reader.string("source"),
                              oldNew: reader.string("old-new"), tables: reader.string("tables"), fileVersion: reader.string("file-version"))
        if let date = reader.string("latest-record-date") {
            options.latestRecordDate = date.utf8.withContiguousStorageIfAvailable { CalendarDate.standardise($0, latest: .latestRecordDate).value } ?? nil
            if options.latestRecordDate == nil { reader.problem("option '--latest-record-date' expects a date such as 2025-03-31") }
        }
        guard let step else { return options }
        for name in ["header", "source", "old-new", "latest-record-date", "tables", "file-version"]
        where reader.string(name) != nil && !(stepOptions[step] ?? []).contains(name) {
            reader.problem("step '\(step.rawValue)' takes no '--\(name)'")
        }
        for name in stepRequires[step] ?? [] where reader.string(name) == nil {
            reader.problem("step '\(step.rawValue)' needs '--\(name)'")
        }
        return options
    }

    static func run(_ options: Options, _ io: CommandIO) throws {
        // All of the input first, whatever fails next: an engine feeding the rows (Spark's TRANSFORM)
        // reports a process that stops reading as a closed stream, not as its exit status and message.
        let input = options.step == .plan ? [] : try io.readStandardInput()
        let model = try FittedModel.load(io.readJSON(options.model), file: options.model)
        let settings = model.settings
        let header = try options.header.map { path in
            try CSVReader(url: io.url(path), name: path, allowHeaderOnly: true)
        }
        let source = options.source ?? options.header ?? "stdin"
        if options.step == .plan, let header {
            io.print(try ShardPlan.json(leftHeader: header.columns, settings: settings).serialised())
            return
        }
        func rows(_ fields: [String]) throws -> TabRows { try TabRows(input, name: "stdin", fieldNames: fields) }
        func tables() throws -> ShardTables {
            let path = options.tables ?? ""
            let bytes: Data
            do { bytes = try RegularFile.read(io.url(path).path) } catch { throw error.inputError(file: path) }
            return try ShardTables(TabRows(Array(bytes), name: path, fieldNames: ShardTables.fieldNames), settings: settings)
        }
        let output: TabWriter
        switch options.step {
        case .plan: return
        case .left:
            guard let header else { return }
            output = try LeftStep.run(rows(LeftStep.inputFields), header: header.columns, delimiter: header.delimiter, settings: settings, source: source)
        case .right:
            guard let header else { return }
            let changes = try io.changes(options.oldNew, settings: settings)
            output = try RightStep.run(rows(RightStep.inputFields), header: header.columns, delimiter: header.delimiter, settings: settings,
                                       changes: changes, latestRecordDate: options.latestRecordDate, source: source)
        case .entities: output = try EntitiesStep.run(rows(EntitiesStep.inputFields), settings: settings)
        case .score: output = try ScoreStep.run(rows(ScoreStep.inputFields), model: model, tables: tables())
        case .assign:
            output = try AssignStep.run(rows(AssignStep.inputFields), model: model, tables: tables(), fileVersion: options.fileVersion ?? "",
                                        source: options.source ?? "\(settings.left.name) file")
        }
        io.stdout.write(bytes: output.bytes)
    }
}
