import LinkIO

/// The options of commands that show their progress.
extension SharedOptions {
    static let quiet = CommandSpec.Option.flag("quiet", "Show no progress on stderr (errors and warnings still go there).")
}

extension CommandIO {
    /// The stage log of a command that can take more than a few seconds, with its progress shown on
    /// stderr as `ProgressMode.select` chooses from `--quiet`, `LINKFIT_PROGRESS` and stderr. A
    /// command calls `finish(succeeded: true)` on it when its work is done and `finish()` in a
    /// `defer` (for errors); a new long command needs only this and `SharedOptions.quiet`.
    ///
    /// - Throws: `UsageError` for a `LINKFIT_PROGRESS` that names no mode.
    func stageLog(command: String, quiet: Bool) throws -> StageLog {
        let stream: ProgressMode.Stream = stderr.isTerminal ? .terminal : stderr.isStream ? .file : .capture
        let mode = try ProgressMode.select(quiet: quiet, environment: environment[ProgressMode.environmentName], stderr: stream)
        guard mode != .off else { return StageLog() }
        return StageLog(observer: ProgressReporter(mode: mode, command: command, sink: stderr))
    }
}
