import LinkIO
import Testing

@testable import linkfit

/// The choice of mode, the status line of a sink, and the reporter's lines, without a command.
@Suite struct ProgressDisplayTests {
    static let clear = "\u{1B}[K"

    @Test(arguments: [
        // --quiet wins over everything.
        (true, "terminal", ProgressMode.Stream.terminal, ProgressMode.off), (true, nil, .file, .off),
        // Unset, empty or auto: by stderr.
        (false, nil, .terminal, .terminal), (false, nil, .file, .plain), (false, nil, .capture, .off),
        (false, "", .file, .plain), (false, "auto", .terminal, .terminal),
        // Forced.
        (false, "plain", .terminal, .plain), (false, "terminal", .capture, .terminal), (false, "off", .file, .off),
    ] as [(Bool, String?, ProgressMode.Stream, ProgressMode)])
    func modeSelection(quiet: Bool, forced: String?, stderr: ProgressMode.Stream, mode: ProgressMode) throws {
        #expect(try ProgressMode.select(quiet: quiet, environment: forced, stderr: stderr) == mode)
    }

    @Test func anUnknownModeIsAUsageError() {
        #expect(throws: UsageError("LINKFIT_PROGRESS must be terminal, plain, off or auto, not 'fancy'")) {
            try ProgressMode.select(quiet: false, environment: "fancy", stderr: .file)
        }
    }

    @Test func textGoesAboveTheStatusLine() {
        let sink = TextSink()
        sink.write("before\n")
        sink.showStatus("one")
        sink.showStatus("two")
        sink.write("warning\n")
        sink.endStatus(final: "done")
        sink.write("error\n")
        #expect(sink.text == "before\n\rone\(Self.clear)\rtwo\(Self.clear)\r\(Self.clear)warning\n\rtwo\(Self.clear)\rdone\(Self.clear)\nerror\n")
    }

    @Test func stdoutSharingTheTerminalClearsStderrsLineFirst() {
        let stderr = TextSink()
        let stdout = TextSink(fileDescriptor: -1, statusOwner: stderr)  // an invalid descriptor: writes go nowhere
        stderr.showStatus("working")
        stdout.write("result\n")
        #expect(stderr.text == "\rworking\(Self.clear)\r\(Self.clear)\rworking\(Self.clear)")
    }

    @Test func aLineLeftOpenIsNotDrawnOver() {
        let sink = TextSink()
        sink.write("partial")
        sink.showStatus("status")
        sink.write(" line\n")
        sink.endStatus(keep: true)
        // Not drawn while the line was open; drawn after it ended; kept with a line feed at the end.
        #expect(sink.text == "partial line\n\rstatus\(Self.clear)\n")
    }

    @Test func endingWithoutFinalClearsOrKeepsTheLine() {
        let cleared = TextSink()
        cleared.showStatus("x")
        cleared.endStatus()
        #expect(cleared.text == "\rx\(Self.clear)\r\(Self.clear)")
        let untouched = TextSink()
        untouched.endStatus(keep: true)
        #expect(untouched.text == "")
    }

    @Test func theTerminalReporterDrawsTheRunningStageAndEndsWithDone() throws {
        let sink = TextSink()
        let reporter = ProgressReporter(mode: .terminal, command: "t", sink: sink, ticking: false)
        let counter = WorkCounter(total: 10, unit: .items("records"))
        reporter.stageStarted(["a"], counter: nil)
        reporter.stageStarted(["a", "b"], counter: counter)
        counter.add(5)
        reporter.draw()
        reporter.draw()  // unchanged (while the stage is under half a second old): not drawn again
        reporter.stageEnded(["a", "b"], seconds: 0.1, counter: counter, failed: false)
        reporter.finished(succeeded: true, seconds: 1.24)
        #expect(reporter.draw() == false)
        let text = sink.text
        let frames = text.split(separator: "\r", omittingEmptySubsequences: true)
        try #require(frames.count == 2, "\(text.debugDescription)")
        #expect(frames[0] == "linkfit t: a / b  5/10 records  50%\(Self.clear)")
        #expect(frames[1] == "linkfit t: done in 1.2 s\(Self.clear)\n")
    }

    @Test func aFailedCommandLeavesTheLastLineForTheError() {
        let sink = TextSink()
        let reporter = ProgressReporter(mode: .terminal, command: "t", sink: sink, ticking: false)
        reporter.stageStarted(["read"], counter: nil)
        reporter.draw()
        reporter.stageEnded(["read"], seconds: 0.1, counter: nil, failed: true)
        reporter.finished(succeeded: false, seconds: 0.1)
        sink.write("linkfit: error: x\n")
        #expect(sink.text == "\rlinkfit t: read  0 s\(Self.clear)\nlinkfit: error: x\n")
    }

    @Test func thePlainReporterWritesALinePerStageThatEnds() {
        let sink = TextSink()
        let log = StageLog(observer: ProgressReporter(mode: .plain, command: "t", sink: sink))
        struct Failure: Error {}
        log.time("a") { log.time("b", counting: 3, of: .items("rows")) { $0.add(3) } }
        _ = try? log.time("c") { throw Failure() }
        log.finish(succeeded: true)
        let lines = sink.text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 3, "\(sink.text)")  // a / b, a, and the empty string after the last line feed: c failed
        #expect(lines[0].hasPrefix("linkfit t: a / b 0.") && lines[0].contains(" s, 3 rows"))
        #expect(lines[1].hasPrefix("linkfit t: a 0.") && lines[1].hasSuffix(" s"))
        #expect(lines[2] == "")
        #expect(!sink.text.contains("\r"))
    }
}
