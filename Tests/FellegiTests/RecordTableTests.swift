import Comparators
import Foundation
import Kernels
import LinkIO
import Testing

@testable import Fellegi

/// Loading ids: a repeated DID id is a located error naming both lines (never the id), found the same
/// way on one thread and on several chunks; an id too long to intern is a located error too.
@Suite struct RecordTableTests {
    /// 8,000 DID records (several parallel chunks), the record on line 4,002 repeating the id on line 19.
    static func didLines(repeatAt: Int?) -> [String] {
        var lines = [Engine.didHeader]
        for index in 0..<8_000 {
            let id = index == repeatAt ? "D00000017" : String(format: "D%08d", index)
            lines.append("\(id),,1980-05-06,1,LS1 4AP,2025-03-01,CT")
        }
        return lines
    }

    @Test(arguments: [1, 2])
    func aRepeatedIdNamesBothLinesAndNotTheId(threads: Int) throws {
        let url = try Engine.write(Self.didLines(repeatAt: 4_000), to: Engine.folder("repeat-\(threads)"), "did.csv")
        #expect(try Data(contentsOf: url).count > 4 << 16, "large enough to be cut into several chunks")
        do {
            _ = try RecordTable.load(url: url, file: "did.csv", settings: .didToHES, side: .left, threads: threads)
            Issue.record("a repeated id must be refused")
        } catch let error as InputError {
            #expect(error.description == "did.csv:4002: DID_ID: repeats the id of the record on line 19")
            #expect(!error.description.contains("D00000017"))
        }
    }

    @Test func uniqueIdsNumberEntitiesInFileOrder() throws {
        let url = try Engine.write(Self.didLines(repeatAt: nil), to: Engine.folder("unique"), "did.csv")
        let table = try RecordTable.load(url: url, file: "did.csv", settings: .didToHES, side: .left, threads: 2)
        #expect(table.entityOfRow.array == (0..<8_000).map(Int32.init))
        #expect(table.ids[4_321] == "D00004321")
    }

    @Test func anIdTooLongToInternIsALocatedError() throws {
        var lines = [Engine.hesHeader, "H1,,1980-05-06,1,LS1 4AP"]
        lines.append(String(repeating: "H", count: StringInterner.Batch.maximumLength + 1) + ",,1980-05-06,1,LS1 4AP")
        let url = try Engine.write(lines, to: Engine.folder("long-id"), "hes.csv")
        #expect(throws: InputError.self) {
            _ = try RecordTable.load(url: url, file: "hes.csv", settings: .didToHES, side: .right, threads: 2)
        }
        do {
            _ = try RecordTable.load(url: url, file: "hes.csv", settings: .didToHES, side: .right)
        } catch let error as InputError {
            #expect(error.description == "hes.csv:3: HESID: is longer than 65535 bytes")
        }
    }

    @Test func aRightBirthDateAfterTheLeftFilesLatestRecordDateIsOutOfRange() throws {
        let left = try Engine.table([Engine.didHeader, "D1,,1973-09-15,1,LS1 4AP,2025-03-01,CT",
                                     "D2,,1980-01-01,2,M1 1AA,2024-12-31,CT", "D3,,1980-01-01,2,M1 1AA,,CT"], side: .left)
        #expect(left.latestRecordDate == CalendarDate.standardise(Array("2025-03-01".utf8), latest: .latestRecordDate).value)
        let right = try Engine.table([Engine.hesHeader, "H1,,2073-09-15,1,LS1 4AP", "H2,,1973-09-15,1,LS1 4AP", "H3,,2025-03-01,1,LS1 4AP"],
                                     side: .right, latestBirthDate: left.latestRecordDate)
        let dob = try #require(LinkSettings.didToHES.comparisons.firstIndex { $0.kind == .date })
        // 2073-09-15 is missing (not two-of-three against 1973-09-15); the reference day itself is kept.
        #expect(right.missingCounts[dob][Int(MissingReason.outOfRange.rawValue)] == 1)
        #expect(right.missingCounts[dob].reduce(0, +) == 1)
        #expect(right.codes[dob][0] == 0 && right.codes[dob][1] != 0 && right.codes[dob][2] != 0)
    }
}
