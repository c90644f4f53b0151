import Foundation
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
