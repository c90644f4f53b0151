import Foundation
import Kernels
import LinkIO

/// Shows a command's progress on stderr as its `StageLog` tells it (`StageObserver`), in the
/// `terminal` or `plain` mode (`ProgressMode`; `off` has no reporter).
///
/// Terminal: a thread draws the running stage's line (`ProgressLine.terminal`) at most
/// `updatesPerSecond` times a second as the sink's status line, which other text goes above; the
/// command's end replaces it with `linkfit <command>: done in …` (or, on an error, leaves the last
/// line as it was, so the error follows where the work stopped). Plain: one line per stage that
/// ends without an error (`ProgressLine.plain`), nothing more.
///
/// Only reads the stages' times and counters: what the command writes never depends on it.
final class ProgressReporter: StageObserver {
    static let updatesPerSecond = 10

    let mode: ProgressMode
    let command: String
    private let sink: TextSink
    /// The running stages (outermost first), whether the command is done, and the line last drawn.
    private let state = Locked((open: [Open](), finished: false, shown: ""))

    private struct Open {
        var path: [String]
        var start: UInt64
        var counter: WorkCounter?
    }

    /// Lines are cut to the sink's width when drawn (80 columns when it is unknown).
    ///
    /// - Parameter ticking: in the terminal mode, draw from a thread of its own (tests that call
    ///   `draw` themselves pass false).
    init(mode: ProgressMode, command: String, sink: TextSink, ticking: Bool = true) {
        precondition(mode != .off, "progress off has no reporter")
        self.mode = mode
        self.command = command
        self.sink = sink
        guard mode == .terminal, ticking else { return }
        // Draws until the command is done (or the reporter is gone): never keeps the process alive
        // on its own, since `exit` ends every thread.
        Thread { [weak self] in
            while true {
                usleep(useconds_t(1_000_000 / Self.updatesPerSecond))
                guard let self, self.draw() else { return }
            }
        }.start()
    }

    func stageStarted(_ path: [String], counter: WorkCounter?) {
        state.withLock { $0.open.append(Open(path: path, start: DispatchTime.now().uptimeNanoseconds, counter: counter)) }
    }

    func stageEnded(_ path: [String], seconds: Double, counter: WorkCounter?, failed: Bool) {
        state.withLock { state in
            if let index = state.open.lastIndex(where: { $0.path == path }) { state.open.remove(at: index) }
            guard mode == .plain, !failed, !state.finished else { return }
            sink.write(ProgressLine.plain(command: command, path: path, seconds: seconds, work: counter.map(Self.work)) + "\n")
        }
    }

    func finished(succeeded: Bool, seconds: Double) {
        state.withLock { state in
            guard !state.finished else { return }
            state.finished = true
            guard mode == .terminal else { return }
            sink.endStatus(final: succeeded ? ProgressLine.done(command: command, seconds: seconds) : nil, keep: true)
        }
    }

    /// Draws the innermost running stage's line when it changed (the thread's tick; tests call
    /// it). Returns false once the command is done.
    @discardableResult
    func draw() -> Bool {
        state.withLock { state in
            guard !state.finished else { return false }
            guard let open = state.open.last else { return true }
            let line = ProgressLine.terminal(Self.progress(of: open, command: command), width: sink.columns ?? 80)
            if line != state.shown {
                state.shown = line
                sink.showStatus(line)
            }
            return true
        }
    }

    private static func progress(of open: Open, command: String) -> ProgressState {
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - open.start) / 1e9
        return ProgressState(command: command, path: open.path, seconds: seconds, work: open.counter.map(work))
    }

    private static func work(_ counter: WorkCounter) -> ProgressState.Work {
        ProgressState.Work(done: counter.done, total: counter.total, unit: counter.unit)
    }
}
