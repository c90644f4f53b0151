import LinkIO
import Testing

@testable import Fellegi

/// Id changes (the Old_New_HESID file with the default settings): chains resolve to the current
/// id; cycles and conflicting rows are located errors that name lines, never ids.
@Suite struct IdentifierChangesTests {
    static let file = "old_new_hesid.csv"

    @Test func chainsResolveToTheCurrentId() throws {
        // Data lines 2, 3, 4: 1001 → 1002 → 1003, and 2001 → 1001 joins the same chain.
        for rows in [
            [("1001", "1002", 2), ("1002", "1003", 3), ("2001", "1001", 4)],
            [("2001", "1001", 2), ("1002", "1003", 3), ("1001", "1002", 4)],  // order does not matter
        ] {
            let changes = try IdentifierChanges(rows: rows.map { (old: $0.0, new: $0.1, line: $0.2) }, file: Self.file, idColumn: "HESID")
            #expect(changes.count == 3)
            #expect(changes.current("1001") == "1003")
            #expect(changes.current("1002") == "1003")
            #expect(changes.current("2001") == "1003")
            #expect(changes.current("1003") == "1003")
            #expect(changes.isOld("2001") && !changes.isOld("1003"))
            #expect(changes.resolved.map { [$0.old, $0.current] } == [["1001", "1003"], ["1002", "1003"], ["2001", "1003"]])
        }
    }

    @Test func anUnchangedIdMapsToItself() throws {
        let changes = try IdentifierChanges(rows: [(old: "1001", new: "1002", line: 2)], file: Self.file, idColumn: "HESID")
        #expect(changes.current("5555") == "5555")
        #expect(!changes.isOld("5555"))
        #expect(IdentifierChanges().current("1001") == "1001")
    }

    @Test func aRepeatedIdenticalRowIsNotAConflict() throws {
        let rows = [(old: "1001", new: "1002", line: 2), (old: "1001", new: "1002", line: 3)]
        let changes = try IdentifierChanges(rows: rows, file: Self.file, idColumn: "HESID")
        #expect(changes.current("1001") == "1002")
    }

    @Test func aCycleIsALocatedErrorWithoutIds() {
        // 7340001 → 7340002 → 7340003 → 7340001, on lines 4, 2, 3: reported once, at its first line (2).
        let rows = [(old: "7340003", new: "7340001", line: 4), (old: "7340001", new: "7340002", line: 2),
                    (old: "7340002", new: "7340003", line: 3)]
        let problems = Engine.problems { _ = try IdentifierChanges(rows: rows, file: Self.file, idColumn: "HESID") }
        #expect(problems == [InputError(file: Self.file, line: 2, column: "NEW_HESID",
                                        "HESID changes form a cycle of 3 (a HESID would become itself)")])
        #expect(problems.allSatisfy { !$0.description.contains("734000") })
    }

    @Test func aChainLeadingIntoACycleReportsTheCycleOnce() {
        let rows = [(old: "9", new: "1", line: 2), (old: "1", new: "2", line: 3), (old: "2", new: "1", line: 4)]
        let problems = Engine.problems { _ = try IdentifierChanges(rows: rows, file: Self.file, idColumn: "HESID") }
        #expect(problems.map(\.description) == ["old_new_hesid.csv:3: NEW_HESID: HESID changes form a cycle of 2 (a HESID would become itself)"])
    }

    @Test func anOldIdMappedToTwoNewIdsNamesBothLines() {
        let rows = [(old: "8810001", new: "8810002", line: 2), (old: "8810001", new: "8810003", line: 6)]
        let problems = Engine.problems { _ = try IdentifierChanges(rows: rows, file: Self.file, idColumn: "HESID") }
        #expect(problems.map(\.description) == [
            "old_new_hesid.csv:6: OLD_HESID: maps an old HESID to a second new HESID (first mapped on line 2)",
        ])
        #expect(problems.allSatisfy { !$0.description.contains("881000") })
    }

    @Test func severalProblemsAreReportedTogetherInLineOrder() {
        let rows = [
            (old: "30", new: "31", line: 2),
            (old: "40", new: "41", line: 3),
            (old: "31", new: "30", line: 4),  // closes the cycle 30 → 31 → 30
            (old: "50", new: "50", line: 5),  // maps to itself
            (old: "40", new: "42", line: 7),  // second new id for 40
        ]
        let problems = Engine.problems { _ = try IdentifierChanges(rows: rows, file: Self.file, idColumn: "HESID") }
        #expect(problems.map(\.description) == [
            "old_new_hesid.csv:2: NEW_HESID: HESID changes form a cycle of 2 (a HESID would become itself)",
            "old_new_hesid.csv:5: NEW_HESID: maps a HESID to itself",
            "old_new_hesid.csv:7: OLD_HESID: maps an old HESID to a second new HESID (first mapped on line 3)",
        ])
    }

    /// The loader asks with bytes: an old id (anywhere in a chain) gives the end of its chain, a
    /// current or unknown id gives nil.
    @Test func bytesOfAnOldIdGiveItsCurrentId() throws {
        let rows = [(old: "A", new: "B", line: 2), (old: "B", new: "C", line: 3)]
        let changes = try IdentifierChanges(rows: rows, file: "old_new.csv", idColumn: "HESID")
        func ask(_ id: String) -> String? {
            var id = id
            return id.withUTF8 { changes.current(ofOld: $0) }
        }
        #expect(ask("A") == "C")
        #expect(ask("B") == "C")
        #expect(ask("C") == nil)
        #expect(ask("Z") == nil)
        var empty = ""
        #expect(empty.withUTF8 { IdentifierChanges().current(ofOld: $0) } == nil)
    }

    /// Thousands of old ids: every one is found (the filter never turns an old id away) and its
    /// current id is right; ids never changed are not.
    @Test func everyOldIdIsFoundAmongManyCurrentOnes() throws {
        let rows = (0..<5_000).map { (old: "OLD\($0)", new: "NEW\($0)", line: $0 + 2) }
        let changes = try IdentifierChanges(rows: rows, file: "old_new.csv", idColumn: "HESID")
        func ask(_ id: String) -> String? {
            var id = id
            return id.withUTF8 { changes.current(ofOld: $0) }
        }
        #expect((0..<5_000).allSatisfy { ask("OLD\($0)") == "NEW\($0)" })
        #expect((0..<50_000).allSatisfy { ask("NEW\($0)") == nil && ask("H\($0)") == nil })
    }
}

extension IdentifierChangesTests {
    /// The settings name the id: its columns and its name in messages follow the right side's id column.
    @Test func columnsAndMessagesFollowTheIdColumn() {
        #expect(IdentifierChanges.columns(idColumn: "rec_id") == ("OLD_rec_id", "NEW_rec_id"))
        let rows = [(old: "r1", new: "r1", line: 2), (old: "r2", new: "r3", line: 3), (old: "r2", new: "r4", line: 4)]
        let problems = Engine.problems { _ = try IdentifierChanges(rows: rows, file: "changes.csv", idColumn: "rec_id") }
        #expect(problems.map(\.description) == [
            "changes.csv:2: NEW_rec_id: maps a rec_id to itself",
            "changes.csv:4: OLD_rec_id: maps an old rec_id to a second new rec_id (first mapped on line 3)",
        ])
    }
}

extension IdentifierChanges {
    /// The current id for `id` (itself when it never changed), asked as the loader asks.
    func current(_ id: String) -> String {
        var bytes = id
        return bytes.withUTF8 { current(ofOld: $0) } ?? id
    }

    /// True when `id` is an old id.
    func isOld(_ id: String) -> Bool {
        var bytes = id
        return bytes.withUTF8 { current(ofOld: $0) } != nil
    }
}
