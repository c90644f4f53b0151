import Foundation
import Testing

import Comparators
@testable import Fellegi

/// Blocking with the default DID→HES rules plus one: 0 nhs_number; 1 dob + postcode.district;
/// 2 postcode.unit + dob.year; 3 dob + sex + postcode.area.
@Suite struct BlockingTests {
    static var settings: LinkSettings {
        var settings = LinkSettings.didToHES
        settings.blocking.rules.append(BlockingRule([BlockingKey("dob"), BlockingKey("sex"), BlockingKey("postcode", .area)]))
        return settings
    }

    static let nhsA = Engine.nhs("943476591")
    static let nhsB = Engine.nhs("401023213")
    static let nhsC = Engine.nhs("485777345")
    static let nhsE = Engine.nhs("450557710")
    static let nhsF = Engine.nhs("463281925")

    static let hes = [
        Engine.hesHeader,
        "H1,\(nhsA),1980-05-06,1,LS1 4AP",  // agrees with D1 on everything: all four rules
        "H2,\(nhsB),1980-05-06,2,LS1 7XY",  // same dob and district, other sex and unit: rule 1 only
        "H3,\(nhsC),1980-11-30,1,LS1 4AP",  // same unit and birth year, other dob: rule 2 only
        "H4,,1980-05-06,1,",  // no NHS number and no postcode: in no block at all
        "H5,\(nhsE),1975-03-02,1,LS6 1AA",
        "H7,,1966-07-21,2,LS1 4AP",  // address history of H7: no NHS number here, the unit agrees with D4
        "H7,\(nhsF),1966-07-21,2,M1 1AA",  // NHS number agrees with D4, postcode in another area
        "H8,\(Engine.nhs("123456788")),1950-02-02,2,LS2 7EE",
        "H7,\(nhsF),1966-07-21,2,LS1 4AQ",  // same sector as D4's postcode
    ]
    static let did = [
        Engine.didHeader,
        "D1,\(nhsA),1980-05-06,1,LS1 4AP,2025-03-01,CT",
        "D2,,1980-05-06,1,,2025-03-01,CT",  // shares H4's blanks: blanks never block together
        "D3,\(nhsE),1975-08-09,2,LS6 1AA,2025-03-01,CT",  // NHS number (rule 0) and unit + year (rule 2)
        "D4,\(nhsF),1966-07-21,2,LS1 4AP,2025-03-01,MR",
    ]

    struct Fixture {
        let left: RecordTable
        let right: RecordTable
        let blocker: Blocker

        init(settings: LinkSettings = BlockingTests.settings, hes: [String] = BlockingTests.hes, did: [String] = BlockingTests.did) throws {
            let folder = Engine.folder("blocking")
            left = try Engine.table(did, side: .left, settings: settings, in: folder)
            right = try Engine.table(hes, side: .right, settings: settings, in: folder)
            blocker = Blocker(settings: settings, right: right)
        }

        /// (HESID, rule bits) of each candidate of the DID record `id`.
        func candidates(_ id: String) -> [String: UInt32] {
            let row = (0..<left.rowCount).first { left.ids[Int(left.entityOfRow[$0])] == id }!
            var buffer: [Candidate] = []
            blocker.candidates(left: left, leftRow: row, right: right, into: &buffer)
            var result: [String: UInt32] = [:]
            for candidate in buffer {
                #expect(result[right.ids[Int(candidate.entity)]] == nil, "each entity once")
                result[right.ids[Int(candidate.entity)]] = candidate.rules
            }
            return result
        }
    }

    @Test func nullKeysNeverBlock() throws {
        let fixture = try Fixture()
        let h4 = 3  // H4's row
        for index in fixture.blocker.indexes {
            #expect(index.rule.key(in: fixture.right, row: h4) == nil, "\(index.rule.rule)")
        }
        // Rows indexed per rule: 9 HES rows; rule 0 leaves out the 2 without an NHS number (H4, the
        // first H7 row); the postcode rules leave out H4 only.
        #expect(fixture.blocker.indexes.map(\.indexedRows) == [7, 8, 8, 8])
        // D2 has no NHS number and no postcode, like H4: no rule can key it, so no candidates.
        #expect(fixture.candidates("D2").isEmpty)
    }

    @Test func theUnionHasEachEntityOnceWithItsRuleBits() throws {
        let fixture = try Fixture()
        #expect(fixture.candidates("D1") == ["H1": 0b1111, "H2": 0b0010, "H3": 0b0100])
    }

    @Test func aPairFoundByRules0And2BelongsToRule0() throws {
        let fixture = try Fixture()
        let candidates = fixture.candidates("D3")
        #expect(candidates == ["H5": 0b0101])
        #expect(Candidate(entity: 0, rules: 0b0101).firstRule == 0)
        #expect(Candidate(entity: 0, rules: 0b1100).firstRule == 2)
    }

    @Test func blocksLargerThanTheCapAreSkippedAndCounted() throws {
        var settings = BlockingTests.settings
        settings.blocking.maxBlockSize = 3
        // Five entities share dob 1990-01-15 and district LS1 (distinct units, same sex); a sixth shares
        // the dob in district LS2. Rule 1: block {LS1} has 5 rows > 3, skipped; {LS2} has 1, kept.
        // Rule 3 (dob + sex + area LS): one block of 6 rows, skipped.
        let units = ["LS1 1AA", "LS1 2BB", "LS1 3DD", "LS1 4EE", "LS1 5FF", "LS2 1AA"]
        let numbers = ["400000001", "400000015", "400000022", "400000029", "400000036", "400000043"].map(Engine.nhs)
        let hes = [Engine.hesHeader] + units.indices.map { "B\($0 + 1),\(numbers[$0]),1990-01-15,1,\(units[$0])" }
        let did = [Engine.didHeader, "D1,\(numbers[0]),1990-01-15,1,LS1 1AA,2025-03-01,CT"]
        let fixture = try Fixture(settings: settings, hes: hes, did: did)
        let indexes = fixture.blocker.indexes
        #expect(indexes.map(\.oversizedBlocks) == [0, 1, 0, 1])
        #expect(indexes.map(\.oversizedRows) == [0, 5, 0, 6])
        #expect(indexes.map(\.indexedRows) == [6, 1, 6, 0])
        // D1 reaches B1 through rules 0 and 2 only; B2…B5 (in the skipped blocks) are not candidates.
        #expect(fixture.candidates("D1") == ["B1": 0b0101])
    }

    @Test func anEntityWithAddressHistoryIsComparedOnItsBestLevelPerComparison() throws {
        let fixture = try Fixture()
        // H7's three rows (lines 7, 8 and 10) are one entity, found once by every rule.
        #expect(fixture.candidates("D4") == ["H7": 0b1111])
        let comparisons = try LinkSettings.didToHES.comparisons.map(FieldComparison.init)
        let scan = PairScan(left: fixture.left, right: fixture.right, comparisons: comparisons, blocker: fixture.blocker)
        let h7 = try #require(fixture.right.ids.index(of: "H7"))
        let d4 = 3
        #expect(Array(fixture.right.rows(ofEntity: h7)).map { Int(fixture.right.entityRows[$0]) } == [5, 6, 8])
        // Row by row: [nhs, dob, sex, postcode] levels. No row alone agrees on everything:
        //   row 5 (no NHS number, unit agrees):   [0, 1, 1, 1]
        //   row 6 (NHS agrees, Manchester):       [1, 1, 1, 5 else]
        //   row 8 (NHS agrees, same sector):      [1, 1, 1, 2 sector]
        let byRow = [5, 6, 8].map { rightRow in
            comparisons.indices.map { k in
                comparisons[k].level(k, left: fixture.left, leftRow: d4, right: fixture.right, rightRow: rightRow)
            }
        }
        #expect(byRow == [[0, 1, 1, 1], [1, 1, 1, 5], [1, 1, 1, 2]])
        // The entity: the best (lowest non-null) level of each comparison over its rows.
        #expect(scan.levels(leftRow: d4, entity: h7) == [1, 1, 1, 1])
    }

    /// A table large enough that the index is built in several shares and many buckets: the same
    /// index for 1, 2 and 3 threads, and every block exactly the entities whose rows carry its key
    /// (checked against a dictionary built row by row), with oversized blocks counted the same way.
    @Test func theIndexIsTheSameForAnyThreadCountAndHoldsExactlyEachKeysEntities() throws {
        var settings = LinkSettings.didToHES
        settings.blocking.maxBlockSize = 1_000
        var random = SplitMix64(seed: 7)
        var lines = [Engine.hesHeader]
        for row in 0..<150_000 {
            // About 1.3 rows per HESID; 4,000 birth dates and 600 units make blocks of a few rows, and
            // every 20th row shares one date and unit (blocks over the cap).
            let id = row % 4 == 3 ? Int(random.next() % UInt64(row)) : row
            let day = Int(random.next() % 4_000)
            let crowded = row % 20 == 0
            let date = crowded ? "1950-01-01" : String(format: "19%02d-%02d-%02d", 40 + day % 50, 1 + (day / 50) % 12, 1 + day / 600)
            let unit = Int(random.next() % 600)
            let postcode = crowded ? "LS1 1AA" : row % 50 == 1 ? "" : "LS\(1 + unit % 9) \(unit % 10)A\(Character(UnicodeScalar(65 + unit % 26)!))"
            lines.append("H\(id),,\(date),\(1 + row % 2),\(postcode)")
        }
        let right = try Engine.table(lines, side: .right, settings: settings, in: Engine.folder("index-threads"))
        for rule in settings.blocking.rules.dropFirst() {
            let resolved = ResolvedRule(rule, settings: settings)
            let one = BlockIndex(rule: resolved, table: right, maxBlockSize: settings.blocking.maxBlockSize, threads: 1)
            for threads in [2, 3] {
                let other = BlockIndex(rule: resolved, table: right, maxBlockSize: settings.blocking.maxBlockSize, threads: threads)
                #expect(other.keys == one.keys && other.entities == one.entities && other.directory == one.directory)
                #expect(other.largestBlocks == one.largestBlocks && other.oversizedRows == one.oversizedRows)
            }
            var expected: [UInt64: [Int32]] = [:]
            for row in 0..<right.rowCount {
                if let key = resolved.key(in: right, row: row) { expected[key, default: []].append(right.entityOfRow[row]) }
            }
            let kept = expected.filter { $0.value.count <= settings.blocking.maxBlockSize }
            #expect(one.oversizedBlocks == expected.count - kept.count)
            #expect(one.oversizedRows == expected.values.filter { $0.count > settings.blocking.maxBlockSize }.map(\.count).reduce(0, +))
            #expect(one.indexedRows == kept.values.map(\.count).reduce(0, +))
            #expect(one.largestBlocks == Array(kept.values.map(\.count).sorted(by: >).prefix(10)))
            #expect(kept.count > 1_000 && one.oversizedBlocks > 0, "the fixture exercises both")
            for (key, entities) in kept {
                let found = one.block(key).map { one.entity(at: $0) }
                #expect(found == entities.sorted(), "rule \(rule)")
            }
            for (key, _) in expected where !kept.keys.contains(key) { #expect(one.block(key).isEmpty) }
        }
    }
}
