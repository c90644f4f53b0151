import Foundation
import LinkIO
import Testing

@testable import Fellegi

/// A right id with more rows than `blocking.maxEntityRows` (a default or test HESID) keeps its first
/// rows in file order; the result is exactly that of a file holding only those rows, and the ids and
/// rows left out are counted (issue 16 item 12: such an id made linking quadratic in its rows).
@Suite struct RowLimitTests {
    /// BIG has seven rows (two before the twins, five at the end): row k holds birth date
    /// 1950-01-0k and postcode E1 kAA, no NHS number.
    static func bigRow(_ k: Int) -> String { "BIG,,1950-01-0\(k),1,E1 \(k)AA" }
    static let hes = [LinkerTests.hes[0], bigRow(1), bigRow(2)] + LinkerTests.hes.dropFirst() + (3...7).map(bigRow)
    /// The brute-force reference: the same file with only BIG's first three rows.
    static let reference = [LinkerTests.hes[0], bigRow(1), bigRow(2)] + LinkerTests.hes.dropFirst() + [bigRow(3)]
    /// The linker tests' records plus one agreeing with BIG's second row and one with its sixth.
    static let did = LinkerTests.did + ["E2,,1950-01-02,1,E1 2AA,2025-03-01,CT", "E6,,1950-01-06,1,E1 6AA,2025-03-01,CT"]

    static var settings: LinkSettings {
        var settings = Engine.settingsWithoutTermFrequencies
        settings.blocking.maxEntityRows = 3
        return settings
    }

    /// What a link result says about each left record, with right entities by id.
    static func outcome(_ result: LinkResult, right: RecordTable) -> [String] {
        (0..<result.count).map { row in
            let best = result.best[row] >= 0 ? right.ids[Int(result.best[row])] : "-"
            let levels = result.best[row] >= 0 ? result.levels(ofBest: row).map(String.init).joined() : ""
            return "\(result.status[row].label) \(best) \(FixedPoint.format(result.bestWeight[row], digits: 6)) \(levels)"
        }
    }

    @Test func theFirstRowsAreKeptAndTheRestCounted() throws {
        let right = try Engine.table(Self.hes, side: .right, settings: Self.settings)
        #expect(right.rowLimit == RowLimit(maximum: 3, entities: 1, rowsLeftOut: 4))
        #expect(right.rowCount == Self.reference.count - 1)
        let reference = try Engine.table(Self.reference, side: .right, settings: Self.settings)
        #expect(reference.rowLimit == RowLimit(maximum: 3, entities: 0, rowsLeftOut: 0))
        #expect(right.codes == reference.codes)
        #expect(right.entityRows == reference.entityRows && right.entityRowStart == reference.entityRowStart)
        #expect((0..<right.entityCount).map { right.ids[$0] } == (0..<reference.entityCount).map { reference.ids[$0] })
    }

    @Test func linksAreThoseOfTheFileWithOnlyTheKeptRows() throws {
        let model = try Engine.model(settings: Self.settings)
        let left = try Engine.table(Self.did, side: .left, settings: Self.settings)
        let right = try Engine.table(Self.hes, side: .right, settings: Self.settings)
        let reference = try Engine.table(Self.reference, side: .right, settings: Self.settings)
        let limited = Self.outcome(try Linker(model: model, threads: 1).link(left: left, right: right), right: right)
        let expected = Self.outcome(try Linker(model: model, threads: 1).link(left: left, right: reference), right: reference)
        #expect(limited == expected)
        // E2 meets BIG's second row (kept); E6 its sixth (left out): no candidate.
        #expect(limited[limited.count - 2].contains(" BIG "))
        #expect(limited[limited.count - 1].hasPrefix("unlinked -"))
        // Without the limit, E6 would have met BIG.
        var unlimited = Self.settings
        unlimited.blocking.maxEntityRows = 100
        let whole = try Engine.table(Self.hes, side: .right, settings: unlimited)
        #expect(whole.rowLimit == RowLimit(maximum: 100, entities: 0, rowsLeftOut: 0))
        let all = Self.outcome(try Linker(model: try Engine.model(settings: unlimited), threads: 1).link(left: left, right: whole), right: whole)
        #expect(all[all.count - 1].contains(" BIG "))
    }

    @Test func theLimitIsASettingWithARange() throws {
        let settings = try LinkSettings.load(JSON.parse(Data(#"{"blocking": {"maxEntityRows": 7}}"#.utf8), file: "s.json"), file: "s.json")
        #expect(settings.blocking.maxEntityRows == 7)
        #expect(LinkSettings.didToHES.blocking.maxEntityRows == 100)
        let problems = Engine.problems {
            _ = try LinkSettings.load(JSON.parse(Data(#"{"blocking": {"maxEntityRows": 0}}"#.utf8), file: "s.json"), file: "s.json")
        }
        #expect(problems.map(\.description) == ["s.json: $.blocking.maxEntityRows: expected an integer in 1...1000000"])
    }
}
