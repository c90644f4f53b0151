import LinkIO

/// The assign step's input read into a left table (its records in line order), a right table (every
/// candidate entity, numbered in `EntityOrder`) and each record's candidates with their levels.
struct AssignInput {
    var left: RecordTable
    var right: RecordTable
    /// Per left row: the start of its links.csv row.
    var starts: [String] = []
    /// Per left row: its candidates (entity, levels), ascending by entity.
    var candidates: [[(entity: Int, levels: [UInt8])]] = []

    private struct Record { var line: Int; var codes: String; var start: String; var input: Int }
    private struct Pair { var entity: String; var order: UInt64; var levels: [UInt8]; var rows: String; var line: Int; var input: Int }

    // Over 60 lines on purpose: every check of the partition (one record per id, candidates of known
    // records, one order and one set of rows per entity) before anything is decided.
    init(_ rows: TabRows, model: FittedModel, source: String) throws {
        let settings = model.settings
        let levelCounts = model.levelLabels.map(\.count)
        var records: [String: Record] = [:]
        var pairs: [String: [Pair]] = [:]
        var entities: [String: (order: UInt64, rows: String)] = [:]
        for row in rows.rows {
            let fields = row.fields
            guard let line = Int(fields[2]), line >= 1, line <= Int(Int32.max), fields[2].first != "+" else {
                throw rows.error(line: row.line, field: 2, "is not a line number (a whole number from 1)")
            }
            switch fields[1] {
            case "record":
                if let earlier = records[fields[0]] {
                    let (first, second) = (min(earlier.line, line), max(earlier.line, line))
                    throw InputError(file: source, line: second, column: settings.left.idColumn, "repeats the id of the record on line \(first)")
                }
                records[fields[0]] = Record(line: line, codes: fields[3], start: fields[4], input: row.line)
            case "candidate":
                guard let order = UInt64(fields[4]), fields[4].first != "+" else {
                    throw rows.error(line: row.line, field: 4, "is not an entity order (a whole number)")
                }
                guard let levels = Self.levels(fields[5], counts: levelCounts) else {
                    throw rows.error(line: row.line, field: 5, "is not one level per comparison (AGREEMENT digits)")
                }
                if let known = entities[fields[3]], known.order != order || known.rows != fields[6] {
                    throw rows.error(line: row.line, field: 6, "gives another order or other rows for an id already given")
                }
                entities[fields[3]] = (order, fields[6])
                pairs[fields[0], default: []].append(Pair(entity: fields[3], order: order, levels: levels, rows: fields[6], line: line, input: row.line))
            default:
                throw rows.error(line: row.line, field: 1, "is not record or candidate")
            }
        }
        if let (_, orphans) = pairs.first(where: { records[$0.key] == nil }), let first = orphans.map(\.input).min() {
            throw rows.error(line: first, field: 0, "names a record that is not in this partition (records and their candidates are partitioned by LEFT_ID)")
        }
        // Right entities in `run`'s order.
        let byOrder = entities.sorted { $0.value.order < $1.value.order }
        var rightBuilder = ShardTableBuilder(settings: settings.comparisons)
        var entityIndex: [String: Int] = [:]
        for (index, (id, entity)) in byOrder.enumerated() {
            if index > 0, byOrder[index - 1].value.order == entity.order {
                let line = pairs.values.joined().first { $0.entity == id }?.input ?? 0
                throw rows.error(line: line, field: 4, "gives the order of another id (each entity's order is its own)")
            }
            entityIndex[id] = index
            for (position, values) in entity.rows.split(separator: ";", omittingEmptySubsequences: false).enumerated()
            where !rightBuilder.append(id: id, line: position, values: values) {
                let line = pairs.values.joined().first { $0.entity == id }?.input ?? 0
                throw rows.error(line: line, field: 6, "is not an entity's rows as the entities step writes them")
            }
        }
        right = rightBuilder.build(file: rows.name)
        // Left records in line order, each with its candidates in entity order.
        var leftBuilder = ShardTableBuilder(settings: settings.comparisons)
        for (id, record) in records.sorted(by: { $0.value.line < $1.value.line }) {
            guard leftBuilder.append(id: id, line: record.line, values: Substring(record.codes)) else {
                throw rows.error(line: record.input, field: 3, "is not a record's values as the left step writes them")
            }
            starts.append(record.start)
            if let stray = pairs[id]?.first(where: { $0.line != record.line }) {
                throw rows.error(line: stray.input, field: 2, "is not the line of the record this candidate is for")
            }
            let mine = (pairs[id] ?? []).map { (entity: entityIndex[$0.entity] ?? 0, levels: $0.levels, input: $0.input) }.sorted { $0.entity < $1.entity }
            for (a, b) in zip(mine, mine.dropFirst()) where a.entity == b.entity {
                throw rows.error(line: b.input, field: 3, "gives a candidate of this record a second time (score writes each pair once)")
            }
            candidates.append(mine.map { ($0.entity, $0.levels) })
        }
        left = leftBuilder.build(file: rows.name)
    }

    /// The levels an AGREEMENT code stands for, each below its comparison's level count; nil if not.
    static func levels(_ code: String, counts: [Int]) -> [UInt8]? {
        let digits = Array(code.utf8)
        guard digits.count == counts.count else { return nil }
        var levels: [UInt8] = []
        for (digit, count) in zip(digits, counts) {
            let level: Int
            switch digit {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): level = Int(digit - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "z"): level = Int(digit - UInt8(ascii: "a")) + 10
            default: return nil
            }
            guard level < count else { return nil }
            levels.append(UInt8(level))
        }
        return levels
    }
}
