import Comparators
import LinkIO

/// Step `right` of a sharded job (docs/spark.md): one partition of the right file's records (`LINE
/// TEXT`, `ShardRecords`) in; out, one row `ID LINE CODES` per record: its current id (Old_New
/// changes applied, as `run` applies them at load), its line in the source file and its values
/// (`ShardCodes`). The entities step's input, partitioned by ID.
package enum RightStep {
    package static let inputFields = ShardRecords.fieldNames
    package static let outputFields = ["ID", "LINE", "CODES"]

    /// - Parameters:
    ///   - latestRecordDate: the latest record date of the whole left file (the left step's `stats`
    ///     rows): later birth dates are missing, as in `run`; nil when no left record has one.
    package static func run(_ rows: TabRows, header: CSVHeader, delimiter: UInt8, settings: LinkSettings, changes: IdentifierChanges,
                            latestRecordDate: CalendarDate?, source: String) throws -> TabWriter {
        let records = try ShardRecords(rows, header: header, delimiter: delimiter, settings: settings, side: .right, changes: changes,
                                       latestBirthDate: latestRecordDate, source: source)
        let table = records.table
        var output = TabWriter(fieldCount: outputFields.count)
        for row in 0..<table.rowCount {
            output.row([table.ids[Int(table.entityOfRow[row])], String(records.sourceLines[row]), ShardCodes.encode(table, row: row)])
        }
        return output
    }
}
