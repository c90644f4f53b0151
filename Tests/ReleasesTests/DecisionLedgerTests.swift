import Fellegi
import Foundation
import LinkIO
import TestSupport
import Testing

@testable import Releases

/// The ledger's append-only rules and its file form.
@Suite struct DecisionLedgerTests {
    static func entry(_ record: String, _ entity: String, _ verdict: ClericalDecisions.Verdict, fingerprint: String = String(repeating: "a", count: 32),
                      line: Int? = nil) -> DecisionLedger.Entry {
        DecisionLedger.Entry(record: record, entity: entity, verdict: verdict, fileVersion: "2025-01", model: "m1", fingerprint: fingerprint,
                             key: "k1", line: line)
    }

    @Test func reAddingADecisionChangesNothingAndACorrectedRecordRefreshesIt() throws {
        var ledger = DecisionLedger(recordColumn: "DID_ID", entityColumn: "HESID")
        #expect(try ledger.add([Self.entry("D1", "H1", .match), Self.entry("D1", "H2", .nonMatch)], supersede: false, file: "r.csv")
            == DecisionLedger.Added(appended: 2, unchanged: 0, superseded: 0))
        #expect(try ledger.add([Self.entry("D1", "H1", .match)], supersede: false, file: "r.csv") == DecisionLedger.Added(appended: 0, unchanged: 1))
        let corrected = Self.entry("D1", "H1", .match, fingerprint: String(repeating: "b", count: 32))
        #expect(try ledger.add([corrected], supersede: false, file: "r.csv").appended == 1)
        #expect(ledger.entries.count == 3)
        #expect(ledger.current.map(\.fingerprint) == [String(repeating: "b", count: 32), String(repeating: "a", count: 32)])
    }

    @Test func aContradictionIsALocatedErrorUnlessSuperseding() throws {
        var ledger = DecisionLedger(recordColumn: "DID_ID", entityColumn: "HESID")
        _ = try ledger.add([Self.entry("D1", "H1", .match)], supersede: false, file: "r.csv")
        let contradiction = Self.entry("D1", "H1", .nonMatch, line: 7)
        #expect(throws: InputErrors([InputError(file: "r2.csv", line: 7, column: "DECISION",
            "contradicts the decision in force on this pair (match, an earlier row of this file); add with --supersede to replace it")])) {
            try ledger.add([contradiction], supersede: false, file: "r2.csv")
        }
        #expect(ledger.entries.count == 1)
        #expect(try ledger.add([contradiction], supersede: true, file: "r2.csv").superseded == 1)
        // Both rows stay (the audit trail); the last is in force.
        #expect(ledger.entries.map(\.verdict) == [.match, .nonMatch])
        #expect(ledger.current.map(\.verdict) == [.nonMatch])
    }

    @Test func theFileRoundTripsAndBadRowsAreLocated() throws {
        let folder = TestFolders.root.appendingPathComponent("ledger-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var ledger = DecisionLedger(recordColumn: "DID_ID", entityColumn: "HESID")
        _ = try ledger.add([Self.entry("D1", "H1", .match), Self.entry("D2", "H9", .unsure)], supersede: false, file: "r.csv")
        let url = folder.appendingPathComponent("ledger.csv")
        try ledger.write(to: url)
        #expect(try String(contentsOf: url, encoding: .utf8) == """
            DID_ID,HESID,DECISION,REVIEWER,DECIDED_ON,FILE_VERSION,MODEL,RECORD_FINGERPRINT,KEY
            D1,H1,match,,,2025-01,m1,aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa,k1
            D2,H9,unsure,,,2025-01,m1,aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa,k1

            """)
        let read = try DecisionLedger.read(url: url, file: "ledger.csv")
        #expect(read.entries.map(\.record) == ["D1", "D2"])
        #expect(read.entries.map(\.line) == [2, 3])

        try "DID_ID,HESID,DECISION,REVIEWER,DECIDED_ON,FILE_VERSION,MODEL,RECORD_FINGERPRINT,KEY\nD1,H1,maybe,,,v,m,\(String(repeating: "a", count: 32)),k\n"
            .write(to: url, atomically: true, encoding: .utf8)
        #expect(throws: InputError(file: "ledger.csv", line: 2, column: "DECISION", "is not match, non-match or unsure")) {
            try DecisionLedger.read(url: url, file: "ledger.csv")
        }
        try "DID_ID,HESID,DECISION,REVIEWER,DECIDED_ON,FILE_VERSION,MODEL,RECORD_FINGERPRINT,KEY\nD1,H1,match,,,v,m,9434765919,k\n"
            .write(to: url, atomically: true, encoding: .utf8)
        #expect(throws: InputError(file: "ledger.csv", line: 2, column: "RECORD_FINGERPRINT", "is not 32 hexadecimal digits")) {
            try DecisionLedger.read(url: url, file: "ledger.csv")
        }
    }
}
