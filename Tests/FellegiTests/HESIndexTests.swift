import Comparators
import Foundation
import Kernels
import LinkIO
import Testing

@testable import Fellegi

/// The prepared HES side (`HESIndex`) against the CSV path it replaces: the reference is the table,
/// value frequencies and block indexes the CSV path builds from the same file, compared field by field.
@Suite struct HESIndexTests {
    static let nhsA = Engine.nhs("943476591")
    static let nhsB = Engine.nhs("401023213")
    /// The DID release's latest test date is 2025-03-01: B's and C's birth dates are later (out of
    /// range and a placeholder), as are BIG's last two rows, which the row limit (3) leaves out but
    /// the missing counts still count.
    static let hes = [
        Engine.hesHeader,
        "A,\(nhsA),1980-05-06,1,LS1 4AP",
        "B,\(nhsB),2025-06-01,2,LS1 4AP",
        "C,,2026-01-01,1,M1 1AA",
        "BIG,,1950-01-01,1,E1 1AA",
        "BIG,,1950-01-02,1,E1 2AA",
        "D,9434765918,1962-09-14,2,M1 1AA",  // fails the check digit: kept as a possible typo
        "BIG,,1950-01-03,1,E1 3AA",
        "BIG,,2025-08-01,1,E1 4AA",
        "A,\(nhsA),1980-05-06,1,LS2 7UE",
        "BIG,,2025-08-02,1,E1 5AA",
    ]
    static let did = [
        Engine.didHeader,
        "D1,\(nhsA),1980-05-06,1,LS1 4AP,2025-03-01,CT",
        "D2,,2025-06-01,2,LS1 4AP,2024-11-01,CT",
        "D3,,1950-01-02,1,E1 2AA,2025-01-01,MR",
        "D4,9434765919,1962-09-14,2,M1 1AA,2025-02-01,XR",
    ]

    /// The default comparisons plus an exact text comparison (the postcode as text), so that text
    /// columns are stored too; a row limit of 3.
    static var settings: LinkSettings {
        var settings = Engine.settingsWithoutTermFrequencies
        settings.comparisons.append(ComparisonSettings(name: "postcode_text", kind: .exact, left: "POSTCODE", right: "HOMEADD"))
        settings.blocking.maxEntityRows = 3
        return settings
    }

    /// Everything a fit or run reads of the HES side, as comparable values.
    struct Contents: Equatable {
        var codes: [FlatColumn<UInt64>]
        var texts: [[String]]
        var ids: StringInterner.Parts
        var entityOfRow: FlatColumn<Int32>
        var entityRowStart: FlatColumn<Int32>
        var entityRows: FlatColumn<Int32>
        var missing: [[Int]]
        var typoRows: [[Int32]]
        var typoCodes: [[UInt64]]
        var rowLimit: RowLimit
        var frequencies: [[String]]
        var blocks: [[String]]

        init(table: RecordTable, frequencies: [TermFrequencies?], blocker: Blocker) {
            codes = table.codes
            texts = table.texts.map { text in text.map { text in (0..<text.count).map { text[$0] } } ?? [] }
            ids = table.ids.parts
            (entityOfRow, entityRowStart, entityRows) = (table.entityOfRow, table.entityRowStart, table.entityRows)
            missing = table.missingCounts
            typoRows = table.failedCheck.map(\.rows)
            typoCodes = table.failedCheck.map(\.codes)
            rowLimit = table.rowLimit
            self.frequencies = frequencies.map { tf in tf.map { ["\($0.entitiesWithValue)", "\($0.values.array)", "\($0.counts.array)"] } ?? [] }
            blocks = blocker.indexes.map { index in
                ["\(index.rule.rule)", "\(index.keys.array)", "\(index.entities.array)", "\(index.directory.array)", "\(index.shift)",
                 "\(index.oversizedBlocks) \(index.oversizedRows) \(index.largestBlocks)"]
            }
        }
    }

    /// What the CSV path builds for a left side whose latest record date is `latest`.
    static func csvPath(latest: CalendarDate?, settings: LinkSettings = settings, threads: Int = 1) throws -> Contents {
        let right = try Engine.table(hes, side: .right, settings: settings, latestBirthDate: latest)
        return Contents(table: right, frequencies: TermFrequencies.ofCodedComparisons(right, settings: settings, threads: threads),
                        blocker: Blocker(settings: settings, right: right, threads: threads))
    }

    static func built(settings: LinkSettings = settings, threads: Int = 1) throws -> (index: HESIndex, url: URL) {
        let folder = Engine.folder("hes-index")
        let url = try Engine.write(hes, to: folder, "hes.csv")
        let index = try HESIndex.build(url: url, source: .init(name: "hes.csv", fingerprint: "f"), settings: settings, threads: threads)
        let file = folder.appendingPathComponent("hes.lfx")
        try index.write(to: file, settings: settings, threads: threads)
        return (index, file)
    }

    static func contents(_ index: HESIndex) -> Contents {
        Contents(table: index.table, frequencies: index.frequencies, blocker: index.blocker)
    }

    static let march2025 = CalendarDate(year: 2025, month: 3, day: 1)!

    @Test func anIndexReadBackIsWhatTheCSVPathReadsForAnyLatestRecordDate() throws {
        for threads in [1, 2] {
            let (index, url) = try Self.built(threads: threads)
            let loaded = try HESIndex.load(url: url, name: "hes.lfx", settings: Self.settings, oldNew: nil, threads: threads)
            #expect(loaded.source == HESIndex.SourceFile(name: "hes.csv", fingerprint: "f"))
            for latest in [nil, Self.march2025, CalendarDate(year: 2030, month: 1, day: 1)!] {
                let reference = try Self.csvPath(latest: latest, threads: threads)
                #expect(Self.contents(index.matching(latestRecordDate: latest, settings: Self.settings, threads: threads)) == reference)
                #expect(Self.contents(loaded.matching(latestRecordDate: latest, settings: Self.settings, threads: threads)) == reference)
            }
        }
    }

    @Test func anIndexReadBackAndWrittenAgainIsTheSameFile() throws {
        let url = try Self.built().url
        let loaded = try HESIndex.load(url: url, name: "hes.lfx", settings: Self.settings, oldNew: nil)
        let again = url.deletingLastPathComponent().appendingPathComponent("again.lfx")
        try loaded.write(to: again, settings: Self.settings)
        #expect(try Data(contentsOf: again) == Data(contentsOf: url))
    }

    @Test func laterBirthDatesAreMissingAndCountedOverTheRowsAsRead() throws {
        let matched = try Self.built().index.matching(latestRecordDate: Self.march2025, settings: Self.settings)
        let dob = try #require(Self.settings.comparisonIndex("dob"))
        // B (out of range), C (a placeholder, 1 January) and BIG's two rows after the limit (out of range).
        #expect(matched.table.missingCounts[dob][Int(MissingReason.outOfRange.rawValue)] == 3)
        #expect(matched.table.missingCounts[dob][Int(MissingReason.placeholder.rawValue)] == 1)
        #expect(matched.table.rowCount == 8)  // BIG's last two rows left out by the limit
        #expect(matched.table.codes[dob].filter { $0 == 0 }.count == 2)
    }

    @Test func linkingWithTheIndexGivesTheCSVPathsDecisions() throws {
        let settings = Engine.settingsWithoutTermFrequencies
        let model = try Engine.model(settings: settings)
        let left = try Engine.table(Self.did, side: .left, settings: settings)
        #expect(left.latestRecordDate == Self.march2025)
        let right = try Engine.table(Self.hes, side: .right, settings: settings, latestBirthDate: left.latestRecordDate)
        let index = try Self.built(settings: settings).index.matching(latestRecordDate: left.latestRecordDate, settings: settings)
        let viaCSV = try Linker(model: model, threads: 1).link(left: left, right: right)
        let viaIndex = try Linker(model: model, threads: 2).link(left: left, right: index.table, index: index)
        #expect(RowLimitTests.outcome(viaIndex, right: index.table) == RowLimitTests.outcome(viaCSV, right: right))
        #expect(viaIndex.candidatePairs == viaCSV.candidatePairs)
        #expect(viaCSV.candidatePairs > 0)
    }

    @Test func anIndexBuiltForOtherSettingsSaysWhatDiffers() throws {
        let url = try Self.built().url
        var otherRules = Self.settings
        otherRules.blocking.rules.removeLast()
        var otherColumn = Self.settings
        otherColumn.comparisons[0].rightColumn = "NHSNO"
        var otherTraining = Self.settings
        otherTraining.training.seed = 7
        otherTraining.linking.nearTieMargin += 1
        func problem(_ settings: LinkSettings, oldNew: HESIndex.SourceFile? = nil) -> String? {
            do {
                _ = try HESIndex.load(url: url, name: "hes.lfx", settings: settings, oldNew: oldNew)
                return nil
            } catch let error as InputError {
                return error.file == "hes.lfx" ? error.message : "another file: \(error)"
            } catch {
                return "\(error)"
            }
        }
        #expect(problem(otherRules)?.contains("the blocking rules or limits differ") == true)
        #expect(problem(otherColumn)?.contains("the comparisons (names, kinds or HES columns) differ") == true)
        #expect(problem(otherTraining) == nil)  // training and linking settings need no rebuild
        #expect(problem(Self.settings, oldNew: .init(name: "old_new.csv", fingerprint: "x"))?.contains("built without an Old_New_HESID file") == true)
    }
}
