/// Command-line arguments parsed against a `CommandSpec`: `--name value`, `--name=value`, flags and
/// positionals. Unknown options, missing values, repeated single options and surplus positionals
/// are usage errors, never ignored. `--` ends the options. An option's aliases (older spellings) are
/// stored under its name; `spelling(_:)` says how the user wrote it.
///
/// This is the shape of the command line only: required options that are missing are listed in
/// `missingRequired`, and values are checked by the command's `OptionReader`, so that every problem
/// is reported at once.
struct ParsedArguments: Sendable {
    let command: String
    private(set) var values: [String: [String]] = [:]
    private(set) var flags: Set<String> = []
    private(set) var positionals: [String] = []
    /// How each given option was written (`--hes` for the alias of `hes-persons`), by name.
    private(set) var spellings: [String: String] = [:]
    /// The required options (by name, in the spec's order) that were not given.
    private(set) var missingRequired: [String] = []
    /// True when `-h` or `--help` was given; the caller prints help instead of running.
    private(set) var wantsHelp = false

    init(command: String, values: [String: [String]] = [:], flags: Set<String> = [], positionals: [String] = []) {
        self.command = command
        self.values = values
        self.flags = flags
        self.positionals = positionals
    }

    /// Parses `tokens` for the command described by `spec`.
    ///
    /// - Throws: `UsageError` naming the first problem.
    init(parsing tokens: [String], spec: CommandSpec) throws {
        command = spec.name
        var optionsEnded = false
        var index = 0
        while index < tokens.count {
            let token = tokens[index]
            index += 1
            if optionsEnded || !token.hasPrefix("-") || token == "-" {
                positionals.append(token)
                continue
            }
            if token == "--" {
                optionsEnded = true
                continue
            }
            if token == "-h" || token == "--help" {
                wantsHelp = true
                continue
            }
            guard token.hasPrefix("--") else { throw UsageError("unknown option '\(token)'") }
            var name = String(token.dropFirst(2))
            var inlineValue: String?
            if let equals = name.firstIndex(of: "=") {
                inlineValue = String(name[name.index(after: equals)...])
                name = String(name[..<equals])
            }
            guard let option = spec.options.first(where: { $0.name == name || $0.aliases.contains(name) }) else {
                throw UsageError("unknown option '--\(name)'")
            }
            let written = name
            name = option.name
            if option.value == nil {
                if inlineValue != nil { throw UsageError("option '--\(written)' is a flag and takes no value") }
                flags.insert(name)
                spellings[name] = "--" + written
                continue
            }
            let value: String
            if let inlineValue {
                value = inlineValue
            } else {
                guard index < tokens.count, !tokens[index].hasPrefix("--") else {
                    throw UsageError("option '--\(written)' needs a value <\(option.value ?? "value")>")
                }
                value = tokens[index]
                index += 1
            }
            if values[name] != nil, !option.repeating {
                throw UsageError("option '--\(name)' is given more than once")
            }
            values[name, default: []].append(value)
            spellings[name] = "--" + written
        }
        if wantsHelp { return }
        let allowed = spec.positionals.count
        if positionals.count > allowed {
            throw UsageError("unexpected argument '\(positionals[allowed])'")
        }
        let needed = spec.positionals.filter { !$0.optional }.count
        if positionals.count < needed {
            throw UsageError("missing argument <\(spec.positionals[positionals.count].name)>")
        }
        missingRequired = spec.options.filter { $0.required && values[$0.name] == nil && $0.alternative.map { values[$0] == nil } != false }.map(\.name)
    }

    /// The value of `--name`, if given.
    func string(_ name: String) -> String? { values[name]?.last }

    /// Every value of a repeating `--name`, in order.
    func strings(_ name: String) -> [String] { values[name] ?? [] }

    func flag(_ name: String) -> Bool { flags.contains(name) }

    func positional(_ index: Int) -> String? { index < positionals.count ? positionals[index] : nil }

    /// `--name` as the user wrote it (an alias stays an alias), for messages.
    func spelling(_ name: String) -> String { spellings[name] ?? "--" + name }
}
