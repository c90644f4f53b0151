import LinkIO
import Testing

@testable import linkfit

/// The progress lines, as pure functions of what the display reads (`ProgressState`).
@Suite struct ProgressLineTests {
    struct TerminalCase: CustomTestStringConvertible, Sendable {
        var id: String
        var state: ProgressState
        var width = 120
        var line: String
        var testDescription: String { id }
    }

    static func state(_ path: [String], _ seconds: Double, _ work: ProgressState.Work? = nil) -> ProgressState {
        ProgressState(command: "fit", path: path, seconds: seconds, work: work)
    }

    static let bytes = WorkUnit.bytes
    static let records = WorkUnit.items("records")

    static let terminalCases: [TerminalCase] = [
        .init(id: "a stage that counts nothing shows its time",
              state: state(["fit", "index"], 12.7), line: "linkfit fit: fit / index  12 s"),
        .init(id: "minutes", state: state(["read HES", "merge", "ids"], 185), line: "linkfit fit: read HES / merge / ids  3 min 05 s"),
        .init(id: "bytes with rate and time left (rounded up)",
              state: state(["read HES", "parse, standardise"], 5.0, .init(done: 2_100_000_000, total: 6_200_000_000, unit: bytes)),
              line: "linkfit fit: read HES / parse, standardise  2.10/6.20 GB  33%  420 MB/s  10 s left"),
        .init(id: "no rate before the stage has settled",
              state: state(["read DID", "parse, standardise"], 0.2, .init(done: 890_000, total: 3_560_000, unit: bytes)),
              line: "linkfit fit: read DID / parse, standardise  0.89/3.56 MB  25%"),
        .init(id: "no rate before any work is done",
              state: state(["fit", "u"], 3, .init(done: 0, total: 5_000_000, unit: .items("pairs"))),
              line: "linkfit fit: fit / u  0.00M/5.00M pairs  0%"),
        .init(id: "records in thousands",
              state: state(["link", "block, compare, score"], 2, .init(done: 16_384, total: 50_000, unit: records)),
              line: "linkfit fit: link / block, compare, score  16.4k/50.0k records  32%  8192 records/s  5 s left"),
        .init(id: "a few items exactly",
              state: state(["fit", "EM"], 1, .init(done: 1, total: 3, unit: .items("sessions"))),
              line: "linkfit fit: fit / EM  1/3 sessions  33%  1.0 sessions/s  2 s left"),
        .init(id: "done: no time left",
              state: state(["fit", "u"], 9, .init(done: 5_000_000, total: 5_000_000, unit: .items("pairs"))),
              line: "linkfit fit: fit / u  5.00M/5.00M pairs  100%"),
        .init(id: "hours",
              state: state(["write"], 10, .init(done: 1_000, total: 4_000_000, unit: records)),
              line: "linkfit fit: write  0.00M/4.00M records  0%  100 records/s  11 h 06 min left"),
        .init(id: "a total of 0 counts nothing", state: state(["write"], 1.5, .init(done: 0, total: 0, unit: bytes)),
              line: "linkfit fit: write  1 s"),
        .init(id: "narrow: without linkfit",
              state: state(["read HES", "parse, standardise"], 5.0, .init(done: 2_100_000_000, total: 6_200_000_000, unit: bytes)),
              width: 80, line: "fit: read HES / parse, standardise  2.10/6.20 GB  33%  420 MB/s  10 s left"),
        .init(id: "narrower: the running stage alone",
              state: state(["read HES", "parse, standardise"], 5.0, .init(done: 2_100_000_000, total: 6_200_000_000, unit: bytes)),
              width: 70, line: "fit: parse, standardise  2.10/6.20 GB  33%  420 MB/s  10 s left"),
        .init(id: "narrowest: cut to the width less one",
              state: state(["read HES", "parse, standardise"], 5.0, .init(done: 2_100_000_000, total: 6_200_000_000, unit: bytes)),
              width: 30, line: "fit: parse, standardise  2.10"),
    ]

    @Test(arguments: terminalCases)
    func terminalLines(_ test: TerminalCase) {
        let line = ProgressLine.terminal(test.state, width: test.width)
        #expect(line == test.line)
        #expect(line.count < test.width)
    }

    @Test func plainLines() {
        #expect(ProgressLine.plain(command: "run", path: ["read HES", "merge"], seconds: 0.414, work: nil)
                == "linkfit run: read HES / merge 0.41 s")
        #expect(ProgressLine.plain(command: "run", path: ["read HES", "parse, standardise"], seconds: 3.1,
                                   work: .init(done: 6_200_000_000, total: 6_200_000_000, unit: .bytes))
                == "linkfit run: read HES / parse, standardise 3.10 s, 6.20 GB at 2.00 GB/s")
        #expect(ProgressLine.plain(command: "synth", path: ["did.csv"], seconds: 1.63, work: .init(done: 50_000, total: 50_000, unit: .items("records")))
                == "linkfit synth: did.csv 1.63 s, 50000 records at 30.7k records/s")
        // Too quick for a rate, or nothing done.
        #expect(ProgressLine.plain(command: "fit", path: ["fit", "EM"], seconds: 0.004, work: .init(done: 3, total: 3, unit: .items("sessions")))
                == "linkfit fit: fit / EM 0.00 s, 3 sessions")
        #expect(ProgressLine.plain(command: "run", path: ["write"], seconds: 2, work: .init(done: 0, total: 10, unit: .bytes))
                == "linkfit run: write 2.00 s, 0 B")
    }

    @Test func theDoneLine() {
        #expect(ProgressLine.done(command: "fit", seconds: 63.24) == "linkfit fit: done in 63.2 s")
    }

    @Test(arguments: [
        (0.0, false, "0 s"), (0.2, true, "1 s"), (59.2, true, "1 min 00 s"), (59.9, false, "59 s"), (61, false, "1 min 01 s"),
        (3599, false, "59 min 59 s"), (3600, false, "1 h 00 min"), (1e30, true, "99 h 59 min"), (-.infinity, false, "0 s"),
    ] as [(Double, Bool, String)])
    func durations(seconds: Double, roundingUp: Bool, text: String) {
        #expect(ProgressLine.duration(seconds, roundingUp: roundingUp) == text)
    }

    @Test(arguments: [
        (512, 900, WorkUnit.bytes, "512/900 B"), (12_000, 900_000, .bytes, "12/900 kB"), (1_000_000, 12_500_000, .bytes, "1.0/12.5 MB"),
        (3, 12, .items("sessions"), "3/12 sessions"), (9_999, 9_999, .items("rows"), "9999/9999 rows"),
        (123_456, 142_000_000, .items("rows"), "0M/142M rows"),
    ])
    func pairs(done: Int, total: Int, unit: WorkUnit, text: String) {
        #expect(ProgressLine.pair(done, total, unit) == text)
    }

    @Test(arguments: [
        (410e6, WorkUnit.bytes, "410 MB/s"), (2.5, .bytes, "2.5 B/s"), (325_000, .items("records"), "325k records/s"),
        (12.5, .items("sessions"), "12 sessions/s"), (1.5e6, .items("pairs"), "1.50M pairs/s"),
    ])
    func rates(perSecond: Double, unit: WorkUnit, text: String) {
        #expect(ProgressLine.rate(perSecond, unit) == text)
    }
}
