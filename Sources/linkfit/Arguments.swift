/// Command-line arguments parsed against a `CommandSpec`: `--name value`, `--name=value`, flags and
/// positionals. Unknown options, missing values, repeated single options and surplus positionals
/// are usage errors, never ignored. `--` ends the options.
struct ParsedArguments: Sendable {
    let command: String
    private(set) var values: [String: [String]] = [:]
    private(set) var flags: Set<String> = []
    private(set) var positionals: [String] = []
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
            guard let option = spec.options.first(where: { $0.name == name }) else {
                throw UsageError("unknown option '--\(name)'")
            }
            if option.value == nil {
                if inlineValue != nil { throw UsageError("option '--\(name)' is a flag and takes no value") }
                flags.insert(name)
                continue
            }
            let value: String
            if let inlineValue {
                value = inlineValue
            } else {
                guard index < tokens.count, !tokens[index].hasPrefix("--") else {
                    throw UsageError("option '--\(name)' needs a value <\(option.value ?? "value")>")
                }
                value = tokens[index]
                index += 1
            }
            if values[name] != nil, !option.repeating {
                throw UsageError("option '--\(name)' is given more than once")
            }
            values[name, default: []].append(value)
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
        for option in spec.options where option.required && values[option.name] == nil {
            throw UsageError("missing required option '--\(option.name)'")
        }
    }

    /// The value of `--name`, if given.
    func string(_ name: String) -> String? { values[name]?.last }

    /// Every value of a repeating `--name`, in order.
    func strings(_ name: String) -> [String] { values[name] ?? [] }

    /// The value of a required `--name` (the parser has already checked it is present).
    func required(_ name: String) throws -> String {
        guard let value = string(name) else { throw UsageError("missing required option '--\(name)'") }
        return value
    }

    func flag(_ name: String) -> Bool { flags.contains(name) }

    func positional(_ index: Int) -> String? { index < positionals.count ? positionals[index] : nil }

    /// `--name` as an integer in `range`, or `defaultValue` when absent.
    func int(_ name: String, default defaultValue: Int, in range: ClosedRange<Int> = Int.min...Int.max) throws -> Int {
        guard let text = string(name) else { return defaultValue }
        guard let value = Int(text.replacingOccurrences(of: "_", with: "")), range.contains(value) else {
            throw UsageError("option '--\(name)' expects an integer in \(range.lowerBound)...\(range.upperBound)")
        }
        return value
    }

    /// `--name` as a UInt64 (seeds), or `defaultValue` when absent.
    func uint64(_ name: String, default defaultValue: UInt64) throws -> UInt64 {
        guard let text = string(name) else { return defaultValue }
        guard let value = UInt64(text) else { throw UsageError("option '--\(name)' expects a non-negative integer") }
        return value
    }

    /// `--name` as a real number, or `defaultValue` when absent.
    func double(_ name: String, default defaultValue: Double) throws -> Double {
        guard let text = string(name) else { return defaultValue }
        guard let value = Double(text), value.isFinite else { throw UsageError("option '--\(name)' expects a number") }
        return value
    }
}
