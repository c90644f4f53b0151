import Fellegi

/// `linkfit settings`: print the built-in settings, or check a settings file.
enum SettingsCommand: Command {
    static let spec = CommandSpec(
        name: "settings",
        abstract: "Print the default settings, or check a settings file.",
        discussion: "Every key is documented in docs/settings.md.",
        options: [
            .flag("default", "Print the built-in DID→HES settings as JSON (a starting point for your own)."),
            .init(name: "check", value: "file", help: "Validate a settings file and report every problem with its JSON path."),
        ])

    static func run(_ arguments: ParsedArguments, _ io: CommandIO) throws {
        if let path = arguments.string("check") {
            let settings = try LinkSettings.load(io.readJSON(path), file: path)
            io.print("\(path): valid (\(settings.comparisons.count) comparisons, \(settings.blocking.rules.count) blocking rules)")
            return
        }
        guard arguments.flag("default") else { throw UsageError("give --default or --check <file>") }
        io.stdout.write(LinkSettings.didToHES.json.serialised())
    }
}
