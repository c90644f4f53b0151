import LinkIO

/// Step `score` of a sharded job (docs/spark.md): the blocks' rows in, five fields `KEY SIDE NUMBER
/// ID CODES`, partitioned by KEY (a `BlockKey`) so that each block is whole in one partition:
/// - SIDE `left`: a left record of the block (the left step's `block` rows): NUMBER its line, ID
///   its id, CODES its values;
/// - SIDE `right`: a right entity with a row in the block (the entities step's `block` rows):
///   NUMBER its `EntityOrder`, ID its id, CODES its rows (ROWS).
///
/// Out, one row per candidate pair, eight fields `LEFT_ID LEFT_LINE RIGHT_ID ORDER RULE LEVELS
/// WEIGHT ROWS`: the left record's id and line, the entity's id, order and rows, the rule that owns
/// the pair, the level per comparison (`AGREEMENT` digits) and the match weight (`Scorer`, to full
/// precision). A pair is written by the block of the first rule that finds it, as `run`'s `Blocker`
/// counts it (for a mistyped NHS number, the smallest of its keys that finds it), and a block over
/// `blocking.maxBlockSize` rows finds nothing (the tables file lists those); so each candidate pair of
/// `run` comes out once over all partitions.
package enum ScoreStep {
    package static let inputFields = ["KEY", "SIDE", "NUMBER", "ID", "CODES"]
    package static let outputFields = ["LEFT_ID", "LEFT_LINE", "RIGHT_ID", "ORDER", "RULE", "LEVELS", "WEIGHT", "ROWS"]

    package static func run(_ rows: TabRows, model: FittedModel, tables: ShardTables) throws -> TabWriter {
        let settings = model.settings
        let input = try ScoreInput(rows, settings: settings)
        let parts = try LinkingParts(model: model, frequencies: tables.frequencies, rightEntities: tables.entities)
        let scan = PairScan(left: input.left, right: input.right, comparisons: parts.comparisons, blocker: Blocker())
        let finder = PairOwner(settings: settings, left: input.left, right: input.right, oversized: tables.oversized)
        var output = TabWriter(fieldCount: outputFields.count)
        var terms: [Double] = []
        let (left, right, lines, orders, rightRows) = (input.left, input.right, input.left.lines, input.orders, input.rightRows)
        for (b, block) in input.blockOrder.enumerated() where !tables.oversized.contains(block) {
            let members = input.members[b]
            guard !members.left.isEmpty, !members.right.isEmpty else { continue }
            let entities = Set(members.right).sorted { orders[$0] < orders[$1] }
            for l in Set(members.left).sorted(by: { lines[$0] < lines[$1] }) {
                parts.scorer.terms(left: left, leftRow: l, into: &terms)
                for e in entities where finder.owner(leftRow: l, entity: e) == block {
                    let levels = scan.levels(leftRow: l, entity: e).map(UInt8.init)
                    let weight = parts.scorer.weight(levels: levels[...], terms: terms)
                    let agreement = LinkOutput.withAgreementCode(levels[...]) { String(decoding: $0, as: UTF8.self) }
                    output.row([left.ids[Int(left.entityOfRow[l])], String(lines[l]), right.ids[e], String(orders[e]),
                                String(block.rule), agreement, String(weight), rightRows[e]])
                }
            }
        }
        return output
    }
}

/// The score step's input read into a left table (one row per left record), a right table (one
/// entity per right id) and each block's members.
struct ScoreInput {
    var left: RecordTable
    var right: RecordTable
    /// Per right entity: its order and its rows as given.
    var orders: [UInt64] = []
    var rightRows: [String] = []
    /// The blocks in order of first appearance, and their members (left rows, right entities).
    var blockOrder: [BlockKey] = []
    var members: [(left: [Int], right: [Int])] = []

    // Over 60 lines on purpose: each row checked field by field, and the same record or entity given by
    // several blocks checked to be the same.
    init(_ rows: TabRows, settings: LinkSettings) throws {
        var leftBuilder = ShardTableBuilder(settings: settings.comparisons)
        var rightBuilder = ShardTableBuilder(settings: settings.comparisons)
        var leftByLine: [Int: (row: Int, id: String, codes: String)] = [:]
        var rightByID: [String: (entity: Int, order: UInt64, rows: String)] = [:]
        let rules = settings.blocking.rules.count
        var blockIndex: [BlockKey: Int] = [:]
        blockIndex.reserveCapacity(rows.rows.count)
        leftByLine.reserveCapacity(rows.rows.count / 4)
        rightByID.reserveCapacity(rows.rows.count)
        for row in rows.rows {
            let fields = row.fields
            guard let block = BlockKey(Substring(fields[0]), rules: rules) else {
                throw rows.error(line: row.line, field: 0, "is not a block (RULE:KEY, 16 hexadecimal digits)")
            }
            guard !fields[3].isEmpty else { throw rows.error(line: row.line, field: 3, "is blank (every record needs an id)") }
            let b: Int
            if let known = blockIndex[block] {
                b = known
            } else {
                b = blockOrder.count
                blockIndex[block] = b
                blockOrder.append(block)
                members.append(([], []))
            }
            switch fields[1] {
            case "left":
                guard let line = Int(fields[2]), line >= 1, line <= Int(Int32.max), fields[2].first != "+" else {
                    throw rows.error(line: row.line, field: 2, "is not a line number (a whole number from 1)")
                }
                if let known = leftByLine[line] {
                    guard known.id == fields[3], known.codes == fields[4] else {
                        throw rows.error(line: row.line, field: 2, "gives another record on a line already given")
                    }
                    members[b].left.append(known.row)
                    continue
                }
                guard leftBuilder.append(id: fields[3], line: line, values: Substring(fields[4])) else {
                    throw rows.error(line: row.line, field: 4, "is not a record's values as the left step writes them")
                }
                leftByLine[line] = (leftBuilder.rowCount - 1, fields[3], fields[4])
                members[b].left.append(leftBuilder.rowCount - 1)
            case "right":
                guard let order = UInt64(fields[2]), fields[2].first != "+" else {
                    throw rows.error(line: row.line, field: 2, "is not an entity order (a whole number)")
                }
                if let known = rightByID[fields[3]] {
                    guard known.order == order, known.rows == fields[4] else {
                        throw rows.error(line: row.line, field: 4, "gives other rows for an id already given")
                    }
                    members[b].right.append(known.entity)
                    continue
                }
                let entity = orders.count
                for (index, values) in fields[4].split(separator: ";", omittingEmptySubsequences: false).enumerated() {
                    // The rows' own lines are not needed here: their order is the entity's.
                    guard rightBuilder.append(id: fields[3], line: index, values: values) else {
                        throw rows.error(line: row.line, field: 4, "is not an entity's rows as the entities step writes them")
                    }
                }
                rightByID[fields[3]] = (entity, order, fields[4])
                orders.append(order)
                rightRows.append(fields[4])
                members[b].right.append(entity)
            default:
                throw rows.error(line: row.line, field: 1, "is not left or right")
            }
        }
        left = leftBuilder.build(file: rows.name)
        right = rightBuilder.build(file: rows.name)
    }
}
