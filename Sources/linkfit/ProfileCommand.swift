import Fellegi
import LinkIO

/// `linkfit profile`: completeness, missing reasons, common values and blocking pair counts.
enum ProfileCommand: Command {
    static let spec = CommandSpec(
        name: "profile",
        abstract: "Profile the inputs: completeness, missing reasons, common values, pairs per blocking rule.",
        discussion: """
            Common values are shown only when at least 10 records share them (placeholders, care homes);
            rarer values are never printed. Use the pair counts to choose blocking rules before fitting.
            """,
        options: [
            .init(name: "did", value: "file", help: "The records to link (DID CSV).", required: true),
            .init(name: "hes", value: "file", help: "The index to link to (HES patient index CSV).", required: true),
            SharedOptions.settings,
            SharedOptions.threads,
            SharedOptions.json,
            SharedOptions.quiet,
        ])

    struct Options {
        var did: String
        var hes: String
        var settings: String?
        var threads: Int
        var json: Bool
        var quiet: Bool
    }

    static func options(_ reader: inout OptionReader) -> Options {
        Options(did: reader.required("did"), hes: reader.required("hes"), settings: reader.string("settings"),
                threads: reader.threads(), json: reader.flag("json"), quiet: reader.flag("quiet"))
    }

    static func run(_ options: Options, _ io: CommandIO) throws {
        let settings = try io.settings(options.settings)
        let stages = try io.stageLog(command: spec.name, quiet: options.quiet)
        defer { stages.finish() }
        let threads = options.threads
        let left = try io.table(options.did, settings: settings, side: .left, allowEmpty: true, threads: threads, stages: stages)
        let right = try io.table(options.hes, settings: settings, side: .right, latestRecordDate: left.latestRecordDate, threads: threads, stages: stages)
        let profile = try stages.time("profile") { try Profile(settings: settings, left: left, right: right, threads: threads, stages: stages) }
        stages.finish(succeeded: true)
        if options.json {
            io.stdout.write(profile.json.serialised())
        } else {
            io.print(profile.text)
        }
    }
}
