import Comparators
import Foundation
import Kernels
import LinkIO

/// The HES side prepared once per HES refresh (`linkfit index`), so that every fit and run against
/// that refresh skips reading, standardising and interning the HES file and building its block
/// indexes: the standardised table (row limit applied), the value frequencies of every coded
/// comparison, and one block index per blocking rule. Written and read as a `SectionFile`
/// (`HESIndex+File.swift`, docs/index-file.md).
///
/// An index depends only on the settings that shape the HES side (`key`): the HES id column, the
/// comparisons' names, kinds and HES columns, the blocking rules and limits. Training and linking
/// settings may change freely between fits against one index.
///
/// Birth dates are read with the latest plausible date (2099-12-31); the CSV path reads HES birth
/// dates against the DID release's latest record date. `matching(left:…)` makes the index what the
/// CSV path would have read (later birth dates missing, their value frequencies and block indexes
/// rebuilt), so both paths give the same bytes.
package struct HESIndex: Sendable {
    /// The format version `SectionFile` carries (docs/index-file.md).
    package static let formatVersion: UInt32 = 1

    package internal(set) var table: RecordTable
    /// Per comparison: the value frequencies of the coded ones (nil for text).
    package internal(set) var frequencies: [TermFrequencies?]
    package internal(set) var blocker: Blocker
    /// The HES file read, and the Old_New_HESID file applied (nil when none was).
    package var source: SourceFile
    package let oldNew: SourceFile?
    /// Per comparison: for a date, every distinct birth-date code of the rows as read (before the
    /// row limit) with its row count; nil for the others.
    let dates: [DateCounts?]

    /// A file an index was built from: its name (no folder) and content fingerprint (`FileFingerprint`).
    package struct SourceFile: Sendable, Equatable {
        package var name: String
        package var fingerprint: String

        package init(name: String, fingerprint: String) {
            self.name = name
            self.fingerprint = fingerprint
        }
    }

    package struct DateCounts: Sendable {
        var codes: [UInt64]
        var counts: [Int32]
    }

    /// The settings that shape the HES side, as JSON: what an index records and checks.
    package static func key(_ settings: LinkSettings) -> JSON {
        .object([
            "id": .string(settings.right.idColumn),
            "comparisons": .array(settings.comparisons.map {
                .object(["name": .string($0.name), "kind": .string($0.kind.rawValue), "column": .string($0.rightColumn)])
            }),
            "blocking": .object([
                "rules": .array(settings.blocking.rules.map { .array($0.keys.map { .string($0.description) }) }),
                "maxBlockSize": .number(Double(settings.blocking.maxBlockSize)),
                "maxEntityRows": .number(Double(settings.blocking.maxEntityRows)),
            ]),
        ])
    }

    /// Reads and prepares the HES file at `url`.
    ///
    /// - Parameters:
    ///   - changes: the Old_New_HESID file's changes (`oldNew` names it), applied to the ids.
    ///   - alongside: run on another thread with the table as read and limited, and the birth-date
    ///     counts (made on that thread first), while the value frequencies and block indexes are
    ///     computed (`linkfit index` writes the table's sections there: `writeTable`).
    /// - Throws: `InputError` as `RecordTable.load` does; `alongside`'s error.
    /// - Complexity: O(bytes) to read, O(rows) for the frequencies and each block index.
    package static func build(url: URL, source: SourceFile, settings: LinkSettings, changes: IdentifierChanges = IdentifierChanges(),
                              oldNew: SourceFile? = nil, threads: Int = 1, stages: StageLog = StageLog(),
                              alongside: (_ table: RecordTable, _ dates: [DateCounts?]) throws -> Void = { _, _ in }) throws -> HESIndex {
        var table = try stages.time("read \(settings.right.name)") {
            try RecordTable.load(url: url, file: source.name, settings: settings, side: .right, changes: changes,
                                 limitingRows: false, threads: threads, stages: stages)
        }
        // The birth dates as read (before the row limit) are counted on the other thread, before
        // `alongside` runs there: only the date columns are kept for it.
        let birthDates = settings.comparisons.indices.map { k in settings.comparisons[k].kind == .date ? table.codes[k] : nil }
        stages.time("row limit") { table.limitRows(perEntity: settings.blocking.maxEntityRows) }
        let limited = table
        let (dates, (frequencies, blocker)) = try concurrently({ () -> [DateCounts?] in
            let dates = birthDates.map { column in
                column.map { column in
                    let (codes, counts) = TermFrequencies.count(column.array, threads: 1)
                    return DateCounts(codes: codes, counts: counts)
                }
            }
            try alongside(limited, dates)
            return dates
        }, while: {
            (stages.time("value frequencies") { TermFrequencies.ofCodedComparisons(limited, settings: settings, threads: threads) },
             stages.time("index") { Blocker(settings: settings, right: limited, threads: threads) })
        })
        return HESIndex(table: table, frequencies: frequencies, blocker: blocker, source: source, oldNew: oldNew, dates: dates)
    }

    /// The index as the CSV path reads the HES file for a left side whose latest record date is
    /// `latest` (nil: none, 2099-12-31): birth dates after it are missing (placeholder or out of
    /// range, counted over the rows as read), and the value frequencies and block indexes of those
    /// comparisons are rebuilt. Unchanged (no work) when no birth date is later.
    ///
    /// - Complexity: O(rows) per date comparison with a later birth date; O(comparisons) otherwise.
    package func matching(latestRecordDate latest: CalendarDate?, settings: LinkSettings, threads: Int = 1) -> HESIndex {
        let latestCode = FieldCode.date(latest ?? .latestRecordDate) | 1  // a code above it is a later day
        var adjusted = self
        var changed: Set<Int> = []
        for k in dates.indices {
            guard let counts = dates[k], let last = counts.codes.last, last > latestCode else { continue }
            changed.insert(k)
            for index in counts.codes.indices where counts.codes[index] > latestCode {
                let reason: MissingReason = counts.codes[index] & 1 == 1 ? .placeholder : .outOfRange
                adjusted.table.missingCounts[k][Int(reason.rawValue)] += Int(counts.counts[index])
            }
            adjusted.table.codes[k] = FlatColumn(adjusted.table.codes[k].lazy.map { $0 > latestCode ? 0 : $0 })
            adjusted.frequencies[k] = TermFrequencies(table: adjusted.table, comparison: k, threads: threads)
        }
        guard !changed.isEmpty else { return self }
        adjusted.blocker = Blocker(indexes: blocker.indexes.map { index in
            index.rule.comparisons.isDisjoint(with: changed) ? index
                : BlockIndex(rule: index.rule, table: adjusted.table, maxBlockSize: settings.blocking.maxBlockSize, threads: threads)
        })
        return adjusted
    }
}
