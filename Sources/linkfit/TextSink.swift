import Foundation
import Kernels

/// A text stream: a file descriptor, or an in-memory capture.
///
/// A sink may show a **status line** (the progress of long work in a terminal, `ProgressReporter`):
/// the last line, rewritten in place with `\r` and clear-to-end (`ESC [ K`). Text written while it
/// shows goes above it: the line is cleared, the text written, and the line drawn again after it. A
/// sink whose text shares the terminal with another's status line (stdout beside stderr's) names
/// that sink as its `statusOwner` and writes through it. Captures record the same bytes, so tests
/// can read what a terminal would show.
final class TextSink: Sendable {
    private let fileDescriptor: Int32?
    /// The sink whose status line this sink's text must go above; nil for none.
    private let statusOwner: TextSink?
    /// What was written (captures only), the status line, and whether the terminal's cursor is
    /// inside a line of text (the status line is then not drawn until the line ends). The lock also
    /// keeps each write whole.
    private let state = Locked(State())

    private struct State {
        var captured = ""
        var status: String?
        var lineOpen = false
    }

    /// Clear-to-end-of-line: VT100 `EL`, which every terminal emulator understands.
    static let clearToEnd = "\u{1B}[K"

    init(fileDescriptor: Int32, statusOwner: TextSink? = nil) {
        self.fileDescriptor = fileDescriptor
        self.statusOwner = statusOwner
    }

    init() {
        fileDescriptor = nil
        statusOwner = nil
    }

    func write(_ text: String) {
        guard let statusOwner else {
            state.withLock { state in aside(&state, ending: text.utf8.last) { self.emit(text, into: &$0) } }
            return
        }
        statusOwner.state.withLock { owner in
            statusOwner.aside(&owner, ending: text.utf8.last) { _ in self.state.withLock { self.emit(text, into: &$0) } }
        }
    }

    /// Writes `bytes` whole, without making a `String` of them on a stream (the shard steps' rows,
    /// megabytes at a time), above the status line if one shows; a capture, or a sink sharing another's
    /// status line, takes them as text.
    func write(bytes: [UInt8]) {
        guard fileDescriptor != nil, statusOwner == nil else {
            write(String(decoding: bytes, as: UTF8.self))
            return
        }
        state.withLock { state in aside(&state, ending: bytes.last) { _ in self.emit(bytes: bytes) } }
    }

    /// Everything written so far (captures only).
    var text: String { state.withLock { $0.captured } }

    /// Whether this sink is a terminal (false for captures).
    var isTerminal: Bool { fileDescriptor.map { isatty($0) == 1 } ?? false }

    /// Whether this sink is a real stream (a descriptor: terminal, file or pipe), not a capture.
    var isStream: Bool { fileDescriptor != nil }

    /// The terminal's width in columns; nil when this is not a terminal or the width is unknown.
    var columns: Int? {
        guard let fileDescriptor, isatty(fileDescriptor) == 1 else { return nil }
        var size = winsize()
        guard ioctl(fileDescriptor, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
        return Int(size.ws_col)
    }

    /// Shows `line` as the status line (in place of the last one).
    func showStatus(_ line: String) {
        state.withLock { state in
            state.status = line
            if !state.lineOpen { emit("\r" + line + Self.clearToEnd, into: &state) }
        }
    }

    /// Ends the status line: replaced by `final` and a line feed; or, without `final`, left as it
    /// is and ended with a line feed (`keep`) or cleared.
    func endStatus(final: String? = nil, keep: Bool = false) {
        state.withLock { state in
            defer { state.status = nil }
            if let final {
                emit((state.lineOpen ? "\n" : "\r") + final + Self.clearToEnd + "\n", into: &state)
            } else if state.status != nil, !state.lineOpen {
                emit(keep ? "\n" : "\r" + Self.clearToEnd, into: &state)
            }
        }
    }

    /// Runs `body` (which writes text whose last byte is `last`, nil when empty) with the status line
    /// cleared first and drawn again after.
    private func aside(_ state: inout State, ending last: UInt8?, _ body: (inout State) -> Void) {
        let drawn = state.status != nil && !state.lineOpen
        if drawn { emit("\r" + Self.clearToEnd, into: &state) }
        body(&state)
        if let last { state.lineOpen = last != UInt8(ascii: "\n") }
        if let status = state.status, !state.lineOpen { emit("\r" + status + Self.clearToEnd, into: &state) }
    }

    /// Writes `text` to the descriptor (whole, retrying short writes) or the capture.
    private func emit(_ text: String, into state: inout State) {
        guard let fileDescriptor else {
            state.captured += text
            return
        }
        emit(bytes: Array(text.utf8))
    }

    /// Writes `bytes` to the descriptor, whole (short and interrupted writes retried).
    private func emit(bytes: [UInt8]) {
        guard let fileDescriptor else { return }
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count, let base = buffer.baseAddress {
                let written = Foundation.write(fileDescriptor, base + offset, buffer.count - offset)
                if written < 0, errno == EINTR { continue }
                if written <= 0 { break }
                offset += written
            }
        }
    }
}
