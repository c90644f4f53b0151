import Foundation
import Kernels
import LinkIO
import Testing

@Suite struct StageLogTests {
    @Test func stagesNestInOrderWithTheirDepthAndThePeakSoFar() throws {
        let log = StageLog()
        let value = log.time("read") {
            log.time("parse") { usleep(2_000) }
            return log.time("ids") { 7 }
        }
        try log.time("write") {}
        #expect(value == 7)
        #expect(log.stages.map(\.name) == ["read", "parse", "ids", "write"])
        #expect(log.stages.map(\.depth) == [0, 1, 1, 0])
        let read = log.stages[0], parse = log.stages[1], ids = log.stages[2]
        #expect(parse.seconds >= 0.002 && read.seconds >= parse.seconds + ids.seconds)
        // Peaks are the process's high-water mark, which never falls.
        #expect(log.stages.allSatisfy { $0.peakBytes > 0 })
        #expect(parse.peakBytes <= ids.peakBytes && ids.peakBytes <= log.stages[3].peakBytes)
        #expect(log.peakBytes == log.stages.map(\.peakBytes).max())
    }

    @Test func theLineShowsSubStagesInParentheses() {
        let log = StageLog()
        log.time("read HES") {
            log.time("parse") {}
            log.time("ids") {}
        }
        log.time("fit") { log.time("EM") {} }
        let pattern = #"^read HES \d+\.\d\d s \d+\.\d\d GB \(parse [^,]+ GB, ids [^,]+ GB\), fit [^(]+ GB \(EM [^)]+ GB\)$"#
        #expect(log.line.range(of: pattern, options: .regularExpression) != nil, "\(log.line)")
    }

    @Test func aThrowingStageIsStillRecorded() {
        struct Failure: Error {}
        let log = StageLog()
        #expect(throws: Failure.self) { try log.time("read") { throw Failure() } }
        #expect(log.stages.map(\.name) == ["read"])
        log.time("next") {}
        #expect(log.stages.map(\.depth) == [0, 0])
    }

    @Test func theJSONListsEveryStage() throws {
        let log = StageLog()
        log.time("a") { log.time("b") {} }
        let text = log.json.serialised()
        #expect(text.contains(#""name":"a""#) || text.contains(#""name": "a""#))
        #expect(text.contains("peakBytes") && text.contains("depth"))
    }
}

/// What a `StageObserver` was told, in order.
final class RecordingObserver: StageObserver {
    let events = Locked([String]())

    func stageStarted(_ path: [String], counter: WorkCounter?) {
        events.withLock { $0.append("start \(path.joined(separator: "/"))" + (counter.map { " of \($0.total)" } ?? "")) }
    }

    func stageEnded(_ path: [String], seconds: Double, counter: WorkCounter?, failed: Bool) {
        events.withLock { $0.append("end \(path.joined(separator: "/"))" + (counter.map { " done \($0.done)" } ?? "") + (failed ? " failed" : "")) }
    }

    func finished(succeeded: Bool, seconds: Double) {
        events.withLock { $0.append(succeeded ? "finished" : "stopped") }
    }
}

@Suite struct StageObserverTests {
    @Test func theObserverIsToldOfEachStageWithItsPathAndCount() {
        let observer = RecordingObserver()
        let log = StageLog(observer: observer)
        log.time("read") {
            log.time("parse", counting: 10, of: .bytes) { counter in
                counter.add(4)
                counter.add(6)
            }
            log.time("ids") {}
        }
        log.finish(succeeded: true)
        log.finish()  // only the first call counts
        #expect(observer.events.withLock { $0 } == [
            "start read", "start read/parse of 10", "end read/parse done 10", "start read/ids", "end read/ids", "end read", "finished",
        ])
        #expect(log.stages.map(\.name) == ["read", "parse", "ids"])
        #expect(log.stages.map(\.depth) == [0, 1, 1])
    }

    @Test func aStageThatThrowsEndsFailedAndTheLogStopped() {
        struct Failure: Error {}
        let observer = RecordingObserver()
        let log = StageLog(observer: observer)
        #expect(throws: Failure.self) {
            try log.time("read") { try log.time("parse", counting: 5, of: .items("rows")) { _ in throw Failure() } }
        }
        log.finish()
        #expect(observer.events.withLock { $0 } == [
            "start read", "start read/parse of 5", "end read/parse done 0 failed", "end read failed", "stopped",
        ])
    }

    @Test func countersSumWhatParallelWorkersAdd() {
        let counter = WorkCounter(total: 1_000_000, unit: .items("rows"))
        let chunks = ParallelChunks.ranges(total: 1_000_000, size: 8_192)
        _ = ParallelChunks.map(count: chunks.count, threads: 4) { chunk in counter.add(chunks[chunk].count) }
        #expect(counter.done == 1_000_000)
    }
}
