import Kernels
import LinkIO

/// What the score and assign steps of a sharded job need to know about the whole right side, read
/// from a small side file (docs/spark.md, "The tables file") instead of the index itself: how many
/// right entities there are (`RecordProbability`), the term-frequency table of each comparison that
/// has one (`TermFrequencies`: the match weight and the score bands), and the blocks over
/// `blocking.maxBlockSize` rows, which `run`'s block indexes leave out.
///
/// The file is the entities step's counts summed over every partition, one row per key, four
/// tab-separated fields `KIND A B N`:
/// - `entities` `` `` N: right entities;
/// - `values` k `` N: entities with a value on comparison k (the denominator of p(v));
/// - `tf` k CODE N: entities with the value CODE (`ShardCodes`) on comparison k;
/// - `oversized` BLOCK `` N: a block (`BlockKey`) holding N > `maxBlockSize` right rows.
package struct ShardTables: Sendable {
    package static let fieldNames = ["KIND", "A", "B", "N"]

    package var entities = 0
    /// Per comparison: its term frequencies, nil for comparisons without (as `Scorer.termFrequencies`).
    package var frequencies: [TermFrequencies?]
    package var oversized: Set<BlockKey> = []

    /// Reads the tables file `rows` for `settings`.
    ///
    /// - Throws: `InputError` located at the row and field: an unknown kind, a comparison without term
    ///   frequencies, a malformed count, code or block, a key given twice, or no `entities` row.
    // Over 60 lines on purpose: one validated reading per row kind, side by side.
    package init(_ rows: TabRows, settings: LinkSettings) throws(InputError) {
        let hasTable = settings.comparisons.map { $0.termFrequency && !$0.kind.isText }
        var counts = settings.comparisons.map { _ in [UInt64: Int32]() }
        var values = settings.comparisons.map { _ in 0 }
        var seenValues: Set<Int> = []
        var seenEntities = false
        let rules = settings.blocking.rules.count
        for row in rows.rows {
            let (kind, a, b, n) = (row.fields[0], row.fields[1], row.fields[2], row.fields[3])
            guard let count = Int(n), count >= 0, count <= Int(Int32.max), n.first != "+" else {
                throw rows.error(line: row.line, field: 3, "is not a count (a whole number from 0)")
            }
            func comparison() throws(InputError) -> Int {
                guard let k = Int(a), k >= 0, k < settings.comparisons.count, hasTable[k], a.first != "+" else {
                    throw rows.error(line: row.line, field: 1, "is not the index of a comparison with term frequencies")
                }
                return k
            }
            switch kind {
            case "entities":
                guard !seenEntities else { throw rows.error(line: row.line, field: 0, "repeats the entities row") }
                seenEntities = true
                entities = count
            case "values":
                let k = try comparison()
                guard seenValues.insert(k).inserted else { throw rows.error(line: row.line, field: 1, "repeats the values row of this comparison") }
                values[k] = count
            case "tf":
                let k = try comparison()
                guard let code = UInt64(b, radix: 16), code != 0, b.first != "+", b.first != "-" else {
                    throw rows.error(line: row.line, field: 2, "is not a value code (hexadecimal)")
                }
                guard counts[k].updateValue(Int32(count), forKey: code) == nil else {
                    throw rows.error(line: row.line, field: 2, "repeats a value of this comparison (sum the partitions' counts first)")
                }
            case "oversized":
                guard let block = BlockKey(Substring(a), rules: rules) else {
                    throw rows.error(line: row.line, field: 1, "is not a block (RULE:KEY, 16 hexadecimal digits)")
                }
                oversized.insert(block)
            default:
                throw rows.error(line: row.line, field: 0, "is not one of entities, values, tf, oversized")
            }
        }
        guard seenEntities else { throw InputError(file: rows.name, "has no entities row (the count of right entities)") }
        frequencies = settings.comparisons.indices.map { k in
            guard hasTable[k] else { return nil }
            let sorted = counts[k].sorted { $0.key < $1.key }
            return TermFrequencies(values: FlatColumn(sorted.map(\.key)), counts: FlatColumn(sorted.map(\.value)), entitiesWithValue: values[k])
        }
    }
}
