import LinkIO

/// Step `entities` of a sharded job (docs/spark.md): the right step's rows `ID LINE CODES` in,
/// partitioned by ID so that each id's rows are all in one partition; each id is an entity, its
/// rows put in file order and cut to the first `blocking.maxEntityRows` (as `run`'s
/// `RecordTable.limitRows`). Out, six fields `KIND KEY A B N ROWS`:
/// - `block` rows, one per blocking rule and distinct key among the entity's rows: KEY the block, A
///   the id, B its `EntityOrder`, N its rows holding the key, ROWS all its rows (`ShardCodes`): the
///   whole entity travels with each of its blocks, since a pair's level is the best over its rows;
/// - the partition's counts for the tables file (`ShardTables`), N summed over partitions by
///   (KIND, A, B): `entities`; `values` (A a comparison with term frequencies); `tf` (A the
///   comparison, B a value code). KEY and ROWS are empty.
package enum EntitiesStep {
    package static let inputFields = RightStep.outputFields
    package static let outputFields = ["KIND", "KEY", "A", "B", "N", "ROWS"]

    /// One entity's rows: (line, values, input line), in file order once sorted.
    typealias Rows = [(line: Int, codes: Substring, input: Int)]

    // Over 60 lines on purpose: grouping, the row limit, block rows and the counts, one pass over the entities.
    package static func run(_ rows: TabRows, settings: LinkSettings) throws -> TabWriter {
        var order: [String] = []
        var byID: [String: Rows] = [:]
        for row in rows.rows {
            guard let line = Int(row.fields[1]), line >= 1, line <= EntityOrder.maximumLine, row.fields[1].first != "+" else {
                throw rows.error(line: row.line, field: 1, "is not a line number (a whole number from 1)")
            }
            guard !row.fields[0].isEmpty else { throw rows.error(line: row.line, field: 0, "is blank (every record needs an id)") }
            if byID[row.fields[0]] == nil { order.append(row.fields[0]) }
            byID[row.fields[0], default: []].append((line, Substring(row.fields[2]), row.line))
        }
        // Entities in `run`'s order (any fixed order would do: this one is the assign step's too).
        var entities: [(id: String, order: UInt64, rows: Rows)] = []
        for id in order {
            var entityRows = byID[id] ?? []
            entityRows.sort { $0.line < $1.line }
            for (a, b) in zip(entityRows, entityRows.dropFirst()) where a.line == b.line {
                throw rows.error(line: b.input, field: 1, "repeats the line of another row of this id (rows must be distinct records)")
            }
            entities.append((id, EntityOrder.key(id: id, firstLine: entityRows[0].line), Array(entityRows.prefix(settings.blocking.maxEntityRows))))
        }
        entities.sort { $0.order < $1.order }
        var builder = ShardTableBuilder(settings: settings.comparisons)
        for entity in entities {
            for row in entity.rows where !builder.append(id: entity.id, line: row.line, values: row.codes) {
                throw rows.error(line: row.input, field: 2, "is not a row's values as the right step writes them")
            }
        }
        let table = builder.build(file: rows.name)
        let rules = settings.blocking.rules.map { ResolvedRule($0, settings: settings) }
        let termComparisons = settings.comparisons.indices.filter { settings.comparisons[$0].termFrequency && !settings.comparisons[$0].kind.isText }
        var valueCounts = [Int: [UInt64: Int]]()
        var withValue = [Int: Int]()
        var output = TabWriter(fieldCount: outputFields.count)
        for (e, entity) in entities.enumerated() {
            let entityRows = table.rows(ofEntity: e).map { Int(table.entityRows[$0]) }
            let joined = entity.rows.map { String($0.codes) }.joined(separator: ";")
            for (r, rule) in rules.enumerated() {
                var keyed: [UInt64: Int] = [:]
                for row in entityRows { if let key = rule.key(in: table, row: row) { keyed[key, default: 0] += 1 } }
                for (key, count) in keyed.sorted(by: { $0.key < $1.key }) {
                    output.row(["block", BlockKey(rule: r, key: key).text, entity.id, String(entity.order), String(count), joined])
                }
            }
            for k in termComparisons {
                let distinct = Set(entityRows.map { table.codes[k][$0] }).subtracting([0])
                for code in distinct { valueCounts[k, default: [:]][code, default: 0] += 1 }
                if !distinct.isEmpty { withValue[k, default: 0] += 1 }
            }
        }
        output.row(["entities", "", "", "", String(entities.count), ""])
        for k in termComparisons {
            output.row(["values", "", String(k), "", String(withValue[k] ?? 0), ""])
            for (code, count) in (valueCounts[k] ?? [:]).sorted(by: { $0.key < $1.key }) {
                output.row(["tf", "", String(k), String(code, radix: 16), String(count), ""])
            }
        }
        return output
    }
}
