import LinkIO

/// Step `left` of a sharded job (docs/spark.md): one partition of the left file's records (`LINE
/// TEXT`, `ShardRecords`) in; out, six fields `KIND KEY LINE ID CODES EXTRA`:
/// - `block` rows, one per blocking rule the record has a key for (a mistyped NHS number: one per
///   valid number one edit away, `ResolvedRule.typoKeys`), KEY the block (`BlockKey`), EXTRA empty:
///   score's input, partitioned by KEY;
/// - one `record` row per record, KEY its id, EXTRA the start of its links.csv row (the kept
///   columns, each followed by a comma): assign's input, partitioned by KEY;
/// - one `stats` row: LINE the partition's record count, EXTRA its latest record date
///   (`yyyy-mm-dd`, empty when none), whose maximum over partitions the right step needs.
/// ID is the record's id, CODES its values (`ShardCodes`), LINE its line in the source file.
package enum LeftStep {
    package static let inputFields = ShardRecords.fieldNames
    package static let outputFields = ["KIND", "KEY", "LINE", "ID", "CODES", "EXTRA"]

    /// - Parameters:
    ///   - header: the left file's column names and delimiter.
    ///   - source: how errors name the left file.
    package static func run(_ rows: TabRows, header: CSVHeader, delimiter: UInt8, settings: LinkSettings, source: String) throws -> TabWriter {
        let records = try ShardRecords(rows, header: header, delimiter: delimiter, settings: settings, side: .left, source: source)
        let kept = try LinkOutput.keptColumns(header, settings: settings)
        let table = records.table
        let rules = settings.blocking.rules.map { ResolvedRule($0, settings: settings) }
        var output = TabWriter(fieldCount: outputFields.count)
        var typoKeys: [UInt64] = []
        try records.forEachRecord { row, reader in
            let id = table.ids[Int(table.entityOfRow[row])]
            let line = String(records.sourceLines[row])
            let codes = ShardCodes.encode(table, row: row)
            for (r, rule) in rules.enumerated() {
                var keys: [UInt64] = []
                if let key = rule.key(in: table, row: row) {
                    keys = [key]
                } else if rule.matchesTypos {
                    rule.typoKeys(in: table, row: row, into: &typoKeys)
                    keys = Array(Set(typoKeys)).sorted()
                }
                for key in keys { output.row(["block", BlockKey(rule: r, key: key).text, line, id, codes, ""]) }
            }
            var prefix = CSVLine()
            LinkOutput.writeKept(reader: reader, kept: kept, to: &prefix)
            let start = String(decoding: prefix.bytes, as: UTF8.self) + (kept.isEmpty ? "" : ",")
            output.row(["record", id, line, id, codes, start])
        }
        output.row(["stats", "", String(table.rowCount), "", "", table.latestRecordDate?.description ?? ""])
        return output
    }
}
