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

    enum Options {
        case printDefault
        case check(String)
    }

    static func options(_ reader: inout OptionReader) -> Options {
        switch (reader.flag("default"), reader.string("check")) {
        case (false, let path?): return .check(path)
        case (true, nil): return .printDefault
        case (true, _?):
            reader.problem("give --default or --check <file>, not both")
            return .printDefault
        case (false, nil):
            reader.problem("give --default or --check <file>")
            return .printDefault
        }
    }

    static func run(_ options: Options, _ io: CommandIO) throws {
        switch options {
        case .check(let path):
            let settings = try LinkSettings.load(io.readJSON(path), file: path)
            io.print("\(path): valid (\(settings.comparisons.count) comparisons, \(settings.blocking.rules.count) blocking rules)")
        case .printDefault:
            io.stdout.write(LinkSettings.didToHES.json.serialised())
        }
    }
}
