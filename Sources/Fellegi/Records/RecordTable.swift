import Comparators
import Foundation
import Kernels
import LinkIO

/// One side's records, standardised and stored by column: one `UInt64` code per row per comparison
/// (`FieldCode`), or a `TextColumn` for text comparisons. Rows sharing an id form one **entity**
/// (on the HES side, a HESID with its address history). Left entities are rows, in file order; right
/// entities are numbered by `StringInterner.build` (by id shard, then first appearance), the same
/// whatever the thread count.
///
/// Memory: about 8 bytes per row per comparison plus the ids; no per-record objects.
package struct RecordTable: Sendable {
    /// How errors and reports name the source (`did.csv`).
    package let file: String
    package let settings: [ComparisonSettings]
    /// Per comparison: the code of each row (empty for text comparisons).
    package internal(set) var codes: [FlatColumn<UInt64>]
    /// Per comparison: the text of each row (nil for coded comparisons).
    package internal(set) var texts: [TextColumn?]
    /// The distinct ids, in order of first appearance; entity `e` has id `ids[e]`.
    package internal(set) var ids: StringInterner
    /// Row → entity.
    package internal(set) var entityOfRow: FlatColumn<Int32>
    /// Entity → its rows: `entityRows[entityRowStart[e]..<entityRowStart[e + 1]]`, ascending.
    package internal(set) var entityRowStart: FlatColumn<Int32>
    package internal(set) var entityRows: FlatColumn<Int32>
    /// Left side: the source line of each row's record (the link file's second pass checks them).
    /// Empty on the right side, to save memory.
    package internal(set) var lines: [Int32]
    /// Left side: the fingerprint of every record as read (`CSVReader.recordFingerprint()`, summed),
    /// so the link file's second pass can check it reads the same file. 0 on the right side.
    package internal(set) var contentFingerprint: UInt64 = 0
    /// Right side: the row limit per entity applied (`blocking.maxEntityRows`), how many entities
    /// had more rows, and how many rows were left out (`limitRows(perEntity:)`).
    package internal(set) var rowLimit: RowLimit = RowLimit()
    /// Per comparison: rows missing for each reason (`MissingReason.rawValue` → count).
    package internal(set) var missingCounts: [[Int]]
    /// Left side: per comparison, each row's `MissingReason.rawValue`, or `RecordTable.present` (the
    /// quality report's identifier tables; 1 byte per row per comparison). Empty on the right side.
    package internal(set) var missingReasons: [[UInt8]] = []

    /// `missingReasons` of a row with a value.
    package static let present: UInt8 = .max
    /// Right-side ids are interned into `1 << rightShardBits` shards; entities are numbered by shard,
    /// then first appearance (`StringInterner.build`).
    package static let rightShardBits = 10
    /// Left side: the latest valid record date (`recordDateColumn`) in the file; nil when no row has
    /// one. The right side's birth dates are checked against it (`load(…latestBirthDate:…)`).
    package internal(set) var latestRecordDate: CalendarDate? = nil
    /// Per comparison: the numbers of rows whose NHS number fails the check digit (missing as a
    /// value, code 0; compared only as a possible typo of the other side's valid number). Empty for
    /// other kinds.
    package internal(set) var failedCheck: [SparseCodes] = []

    package var rowCount: Int { entityOfRow.count }

    /// Per comparison: reason label → rows missing for that reason (reasons with none left out).
    package var missingByLabel: [[String: Int]] {
        missingCounts.map { counts in
            var byLabel: [String: Int] = [:]
            for reason in MissingReason.allCases where counts[Int(reason.rawValue)] > 0 {
                byLabel[reason.label] = counts[Int(reason.rawValue)]
            }
            return byLabel
        }
    }
    package var entityCount: Int { ids.count }

    /// Rows of entity `e`.
    @inline(__always)
    package func rows(ofEntity entity: Int) -> Range<Int> {
        Int(entityRowStart[entity])..<Int(entityRowStart[entity + 1])
    }

    /// True when comparison `k` is missing on `row`.
    @inline(__always)
    package func isMissing(_ k: Int, row: Int) -> Bool {
        if let text = texts[k] { return text.isMissing(row) }
        return codes[k][row] == 0
    }
}

/// Which side a table is, for column names.
package enum LinkSide: Sendable {
    case left, right
}
