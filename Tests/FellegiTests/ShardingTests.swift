import Comparators
import Foundation
import LinkIO
import Testing

@testable import Fellegi

/// The pieces of a sharded job the engine holds: a row's values through `ShardCodes` and back, block
/// keys, and which block owns a pair (`PairOwner`) against `Blocker`.
@Suite struct ShardingTests {
    static let typo = "9434765918"  // fails the check digit; 9434765919 is one edit away

    static var left: RecordTable {
        get throws {
            try Engine.table([Engine.didHeader,
                              "D1,9434765919,1980-05-06,1,LS1 4AP,2025-03-01,CT",
                              "D2,\(typo),1900-01-01,2,,2025-03-01,CT",
                              "D3,,,,LS1 4AP,,CT"], side: .left)
        }
    }

    @Test func valuesComeBackAsRead() throws {
        let table = try Self.left
        var builder = ShardTableBuilder(settings: table.settings)
        for row in 0..<table.rowCount {
            let appended = builder.append(id: table.ids[row], line: row + 2, values: Substring(ShardCodes.encode(table, row: row)))
            #expect(appended)
        }
        let rebuilt = builder.build(file: "stdin")
        #expect(rebuilt.codes == table.codes)
        #expect(rebuilt.failedCheck == table.failedCheck)
        #expect(rebuilt.failedCheck[0].code(row: 1) == UInt64(Self.typo))
        #expect(rebuilt.lines == [2, 3, 4])
        #expect((0..<3).map { rebuilt.ids[$0] } == ["D1", "D2", "D3"])
        #expect(ShardCodes.encode(table, row: 2) == ",,,\(String(table.codes[3][2], radix: 16))")
    }

    @Test func textValuesComeBackAsRead() throws {
        var settings = LinkSettings.didToHES
        settings.comparisons.append(ComparisonSettings(name: "modality", kind: .jaroWinkler, left: "MODALITY", right: "SEX", thresholds: [0.9]))
        let table = try Engine.table([Engine.didHeader, "D1,9434765919,1980-05-06,1,LS1 4AP,2025-03-01,Çt", "D2,,,,,,"],
                                     side: .left, settings: settings)
        var builder = ShardTableBuilder(settings: table.settings)
        for row in 0..<2 {
            let appended = builder.append(id: table.ids[row], line: row + 2, values: Substring(ShardCodes.encode(table, row: row)))
            #expect(appended)
        }
        let rebuilt = builder.build(file: "stdin")
        #expect(rebuilt.texts[4]?[0] == table.texts[4]?[0])
        #expect(rebuilt.texts[4]?.isMissing(1) == true)
    }

    static let valid = String(UInt64(9_434_765_919), radix: 16)
    static let failing = String(UInt64(9_434_765_918), radix: 16)

    @Test(arguments: [
        ("\(valid),,,", true),
        ("\(failing),,,", false),  // a number failing the check digit is only ever a typo (~)
        ("zz,,,", false),
        ("+1,,,", false),
        (",,,", true),
        (",,", false),
        (",1,,", false),            // not a date code
        (",,1ff,", false),          // not a sex code
    ])
    func malformedValuesAreRefused(codes: String, valid: Bool) {
        var builder = ShardTableBuilder(settings: LinkSettings.didToHES.comparisons)
        let appended = builder.append(id: "D1", line: 2, values: Substring(codes))
        #expect(appended == valid)
    }

    @Test func aFailedCheckValueMustFailTheCheck() {
        var builder = ShardTableBuilder(settings: LinkSettings.didToHES.comparisons)
        let typo = builder.append(id: "D1", line: 2, values: Substring("~" + String(UInt64(Self.typo)!, radix: 16) + ",,,"))
        let valid = builder.append(id: "D2", line: 3, values: Substring("~" + String(UInt64(9_434_765_919), radix: 16) + ",,,"))
        let long = builder.append(id: "D3", line: 4, values: Substring("~" + String(UInt64(99_999_999_999), radix: 16) + ",,,"))
        #expect(typo && !valid && !long)
    }

    @Test func blockKeysRoundTrip() {
        let block = BlockKey(rule: 2, key: 0xab)
        #expect(block.text == "2:00000000000000ab")
        #expect(BlockKey(Substring(block.text), rules: 3) == block)
        for bad in ["3:00000000000000ab", "2:ab", "-1:00000000000000ab", "2:00000000000000AB", "+2:00000000000000ab", "2-00000000000000ab"] {
            #expect(BlockKey(Substring(bad), rules: 3) == nil, "\(bad)")
        }
    }

    /// Every pair `Blocker` finds is owned by the block of its first rule (the smallest typo key for
    /// a mistyped number), and a block over the cap owns nothing.
    @Test func theFirstRuleThatFindsAPairOwnsIt() throws {
        let settings = LinkSettings.didToHES
        let left = try Self.left
        let right = try Engine.table([Engine.hesHeader,
                                      "H1,9434765919,1980-05-06,1,LS1 4AP",
                                      "H2,,1980-05-06,1,LS1 4AP",
                                      "H3,9434765919,1900-01-01,2,LS1 4AP",
                                      "H3,,1900-01-01,2,LS2 7UE"], side: .right)
        let blocker = Blocker(settings: settings, right: right)
        let rules = settings.blocking.rules.map { ResolvedRule($0, settings: settings) }
        let owner = PairOwner(settings: settings, left: left, right: right, oversized: [])
        var candidates: [Candidate] = []
        var pairs = 0
        for row in 0..<left.rowCount {
            blocker.candidates(left: left, leftRow: row, right: right, into: &candidates)
            for candidate in candidates {
                let block = owner.owner(leftRow: row, entity: Int(candidate.entity))
                #expect(block?.rule == candidate.firstRule)
                if let key = rules[candidate.firstRule].key(in: left, row: row) { #expect(block?.key == key) }
                pairs += 1
            }
            let found = Set(candidates.map(\.entity))
            for entity in 0..<right.entityCount where !found.contains(Int32(entity)) {
                #expect(owner.owner(leftRow: row, entity: entity) == nil)
            }
        }
        #expect(pairs >= 5)
        // D2's mistyped number finds H1 and H3 through its typo key; over the cap, that block finds nothing.
        var typoKeys: [UInt64] = []
        rules[0].typoKeys(in: left, row: 1, into: &typoKeys)
        let capped = PairOwner(settings: settings, left: left, right: right, oversized: Set(typoKeys.map { BlockKey(rule: 0, key: $0) }))
        let h1 = (0..<right.entityCount).first { right.ids[$0] == "H1" } ?? -1
        #expect(owner.owner(leftRow: 1, entity: h1)?.rule == 0)
        #expect(capped.owner(leftRow: 1, entity: h1) == nil)
    }
}
