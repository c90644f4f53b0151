/// A problem with input data, located in its source: a file, and a line and column name (CSV) or a
/// JSON path (settings, model files).
///
/// Errors carry their context and are formatted once, at the edge (the CLI prints `description`).
/// The message never contains a patient identifier's value: it says what was expected, not what was
/// found (`did.csv:1042: NHS_NUMBER: is not 10 digits`, never the number).
public struct InputError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file as the user named it (e.g. `did.csv`), or a label such as `<settings>`.
    public var file: String
    /// 1-based physical line where the record starts, when there is one.
    public var line: Int?
    /// The column name (CSV) or JSON path (`$.comparisons[2].thresholds`), when there is one.
    public var column: String?
    /// What was expected; never the offending value when it may identify a patient.
    public var message: String

    public init(file: String, line: Int? = nil, column: String? = nil, _ message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    /// `file:line: column: message`, leaving out the parts that are absent.
    public var description: String {
        var text = file
        if let line { text += ":\(line)" }
        text += ": "
        if let column { text += "\(column): " }
        return text + message
    }
}

/// Several input problems found at once (a settings file with three mistakes gets three messages).
public struct InputErrors: Error, Equatable, Sendable, CustomStringConvertible {
    public var errors: [InputError]

    public init(_ errors: [InputError]) {
        precondition(!errors.isEmpty, "InputErrors needs at least one error")
        self.errors = errors
    }

    public var description: String { errors.map(\.description).joined(separator: "\n") }

    /// Throws the collected errors, if any.
    public static func throwIfAny(_ errors: [InputError]) throws {
        if !errors.isEmpty { throw InputErrors(errors) }
    }
}
