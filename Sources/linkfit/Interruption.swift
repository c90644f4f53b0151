import Foundation
import LinkIO

/// SIGINT and SIGTERM: remove the unfinished outputs this process started (temporary files and
/// staging folders, `TemporaryPaths`), say so on stderr, and exit 130 (SIGINT) or 143 (SIGTERM).
///
/// The signals are blocked in the main thread before any other thread exists, so every thread
/// started later inherits the block, and one thread takes them with `sigwait(3)`: the cleanup runs
/// as ordinary code, not in a signal handler. It waits for a folder switch in progress to finish
/// (`TemporaryPaths.critical`), so an output folder is never left between two renames. SIGKILL
/// cannot be caught; what it leaves is removed by the next run (`TemporaryName`).
enum Interruption {
    /// Call once, first thing in `main`, and only in the real process (tests run commands in-process).
    static func install() {
        var signals = sigset_t()
        sigemptyset(&signals)
        sigaddset(&signals, SIGINT)
        sigaddset(&signals, SIGTERM)
        pthread_sigmask(SIG_BLOCK, &signals, nil)
        let waited = signals
        let thread = Thread {
            var signals = waited
            var number: Int32 = 0
            while sigwait(&signals, &number) != 0 {}
            let removed = TemporaryPaths.removeAll()
            let name = number == SIGINT ? "SIGINT" : "SIGTERM"
            // In a terminal the message replaces the progress line (`\r`, clear to its end).
            let message = (isatty(2) == 1 ? "\r\u{1B}[K" : "") + "linkfit: interrupted by \(name): removed \(removed) unfinished output\(removed == 1 ? "" : "s") of this run\n"
            _ = message.withCString { Foundation.write(2, $0, strlen($0)) }
            _exit(128 + number)
        }
        thread.start()
    }
}
