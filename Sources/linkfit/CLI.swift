import LinkIO

/// The `linkfit` entry point: dispatches to a subcommand, prints help and version, and maps errors to
/// exit statuses once, at the edge.
enum CLI {
    static let version = "0.1.0"

    static let abstract = "Probabilistic record linkage of DID imaging records to HES patients (Fellegi–Sunter, fitted by EM)."

    /// Every subcommand, in the order `--help` lists them.
    static var commands: [any Command.Type] {
        [
            DemoCommand.self,
            SynthCommand.self,
            SettingsCommand.self,
            ProfileCommand.self,
            IndexCommand.self,
            FitCommand.self,
            InspectCommand.self,
            RunCommand.self,
            ShardCommand.self,
            DecisionsCommand.self,
            ExtractCommand.self,
            EvaluateCommand.self,
            QualityCommand.self,
            CompareCommand.self,
            ReportCommand.self,
            BenchCommand.self,
        ]
    }

    /// Runs `linkfit` with `arguments` (without the program name) and returns the exit status.
    /// `commands` is the command table (tests add commands of their own).
    static func main(_ arguments: [String], io: CommandIO, commands: [any Command.Type] = commands) -> Int32 {
        func command(named name: String) -> (any Command.Type)? {
            commands.first { $0.spec.name == name }
        }
        guard let first = arguments.first else {
            io.print(help(commands: commands))
            return ExitCode.success.rawValue
        }
        switch first {
        case "-h", "--help":
            io.print(help(commands: commands))
            return ExitCode.success.rawValue
        case "--version":
            if arguments.count > 1 {
                return usageFailure(UsageError("unexpected argument '\(arguments[1])'"), command: nil, io: io)
            }
            io.print("linkfit \(version)")
            return ExitCode.success.rawValue
        case "help":
            guard arguments.count > 1 else {
                io.print(help(commands: commands))
                return ExitCode.success.rawValue
            }
            if arguments.count > 2 {
                return usageFailure(UsageError("unexpected argument '\(arguments[2])'"), command: nil, io: io)
            }
            guard let command = command(named: arguments[1]) else {
                return usageFailure(UsageError("unknown command '\(arguments[1])'"), command: nil, io: io)
            }
            io.print(help(for: command.spec))
            return ExitCode.success.rawValue
        default:
            break
        }
        guard let command = command(named: first) else {
            let message = first.hasPrefix("-") ? "unknown option '\(first)'" : "unknown command '\(first)'"
            return usageFailure(UsageError(message), command: nil, io: io)
        }
        do {
            let parsed = try ParsedArguments(parsing: Array(arguments.dropFirst()), spec: command.spec)
            if parsed.wantsHelp {
                io.print(help(for: command.spec))
                return ExitCode.success.rawValue
            }
            try execute(command, parsed, io)
            return ExitCode.success.rawValue
        } catch let error as UsageError {
            return usageFailure(error, command: command.spec.name, io: io)
        } catch let error as InputError {
            io.printError("linkfit: error: \(error)")
            return ExitCode.dataError.rawValue
        } catch let error as InputErrors {
            for each in error.errors { io.printError("linkfit: error: \(each)") }
            return ExitCode.dataError.rawValue
        } catch let error as CommandFailure {
            io.printError("linkfit: error: \(error.message)")
            return ExitCode.failure.rawValue
        } catch {
            io.printError("linkfit: error: \(error)")
            return ExitCode.failure.rawValue
        }
    }

    /// Reads and checks every option, then runs the command: nothing is read or written before
    /// the whole command line is known to be right.
    private static func execute<C: Command>(_ command: C.Type, _ arguments: ParsedArguments, _ io: CommandIO) throws {
        var reader = OptionReader(arguments)
        let options = C.options(&reader)
        try reader.check()
        try C.run(options, io)
    }

    /// One line per problem; the last points to the help.
    private static func usageFailure(_ error: UsageError, command: String?, io: CommandIO) -> Int32 {
        let helpCommand = command.map { "linkfit \($0) --help" } ?? "linkfit --help"
        for (index, message) in error.messages.enumerated() {
            let pointer = index == error.messages.count - 1 ? " (see '\(helpCommand)')" : ""
            io.printError("linkfit: error: \(message)\(pointer)")
        }
        return ExitCode.usage.rawValue
    }

    /// The top-level help: overview, usage, the commands and their abstracts.
    static func help(commands: [any Command.Type] = commands) -> String {
        let width = (commands.map { $0.spec.name.count }.max() ?? 0) + 2
        var lines = [
            "OVERVIEW: \(abstract)",
            "",
            "USAGE: linkfit <command> [options]",
            "",
            "COMMANDS:",
        ]
        for command in commands {
            lines.append("  " + command.spec.name.padded(width) + command.spec.abstract)
        }
        lines += [
            "",
            "OPTIONS:",
            "  --version".padded(26) + "Show the version.",
            "  -h, --help".padded(26) + "Show help information.",
            "",
            "See 'linkfit help <command>' for a command's options.",
        ]
        return lines.joined(separator: "\n")
    }

    /// A command's help: overview, usage line, arguments and options, derived from its spec.
    static func help(for spec: CommandSpec) -> String {
        var usage = "linkfit \(spec.name)"
        for positional in spec.positionals {
            usage += positional.optional ? " [<\(positional.name)>]" : " <\(positional.name)>"
        }
        for option in spec.options where option.required {
            let alternative = option.alternative.flatMap { name in spec.options.first { $0.name == name } }
            usage += alternative.map { " (--\(option.name) <\(option.value ?? "")> | --\($0.name) <\($0.value ?? "")>)" }
                ?? " --\(option.name) <\(option.value ?? "")>"
        }
        let alternatives = Set(spec.options.compactMap(\.alternative))
        if spec.options.contains(where: { !$0.required && !alternatives.contains($0.name) }) { usage += " [options]" }
        var lines = ["OVERVIEW: \(spec.abstract)"]
        if !spec.discussion.isEmpty { lines += ["", spec.discussion] }
        lines += ["", "USAGE: \(usage)"]
        if !spec.positionals.isEmpty {
            lines += ["", "ARGUMENTS:"]
            for positional in spec.positionals {
                lines.append(helpLine("<\(positional.name)>", positional.help))
            }
        }
        lines += ["", "OPTIONS:"]
        for option in spec.options {
            let name = option.value.map { "--\(option.name) <\($0)>" } ?? "--\(option.name)"
            lines.append(helpLine(name, option.help))
        }
        lines.append(helpLine("-h, --help", "Show help information."))
        return lines.joined(separator: "\n")
    }

    private static func helpLine(_ name: String, _ help: String) -> String {
        let column = 26
        let lead = "  " + name
        let helpLines = help.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var lines: [String]
        if lead.count < column {
            lines = [lead.padded(column) + helpLines[0]]
        } else {
            lines = [lead, String(repeating: " ", count: column) + helpLines[0]]
        }
        for more in helpLines.dropFirst() { lines.append(String(repeating: " ", count: column) + more) }
        return lines.joined(separator: "\n")
    }
}
