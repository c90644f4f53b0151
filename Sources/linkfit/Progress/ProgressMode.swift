/// How a long command shows its progress on stderr.
///
/// - `terminal`: one line, rewritten in place (at most 10 times a second) with the stage, work
///   done of the total, rate and time left, ended by a line feed when the command is done.
/// - `plain`: one line per stage when it ends (name, seconds, the work it did), for logs.
/// - `off`: nothing (errors and warnings still go to stderr).
enum ProgressMode: String, CaseIterable, Sendable, Equatable {
    case terminal
    case plain
    case off

    /// The variable that forces a mode (`terminal`, `plain`, `off`; `auto` or unset: chosen).
    static let environmentName = "LINKFIT_PROGRESS"

    /// What stderr is, for the choice.
    enum Stream: Sendable {
        case terminal
        /// A file or a pipe.
        case file
        /// An in-memory capture: a test's, or a step of `linkfit demo`.
        case capture
    }

    /// `--quiet` gives `off`; otherwise `LINKFIT_PROGRESS` when set; otherwise by stderr: a terminal
    /// `terminal`, a file or pipe `plain`, a capture `off` (so in-process callers see only what the
    /// command says, unless they ask).
    ///
    /// - Throws: `UsageError` when `LINKFIT_PROGRESS` holds another word.
    static func select(quiet: Bool, environment value: String?, stderr: Stream) throws(UsageError) -> ProgressMode {
        if quiet { return .off }
        if let value, !value.isEmpty, value != "auto" {
            guard let forced = ProgressMode(rawValue: value) else {
                throw UsageError("\(environmentName) must be terminal, plain, off or auto, not '\(value)'")
            }
            return forced
        }
        switch stderr {
        case .terminal: return .terminal
        case .file: return .plain
        case .capture: return .off
        }
    }
}
