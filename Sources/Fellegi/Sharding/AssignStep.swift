import LinkIO

/// Step `assign` of a sharded job (docs/spark.md): seven fields `LEFT_ID KIND LINE A B C D` in,
/// partitioned by LEFT_ID so that a record and all its candidates are in one partition:
/// - KIND `record`, one per left record (the left step's `record` rows): LINE its line, A its
///   values (CODES), B the start of its links.csv row (EXTRA), C and D empty;
/// - KIND `candidate`, one per candidate pair (score's rows): LINE the record's line, A the
///   entity's id, B its order, C the levels, D its rows.
///
/// Out, one row `LINE ROW` per record: its line and its links.csv row, decided as `run` decides:
/// the candidates in `run`'s entity order (`EntityOrder`), their record-level probabilities
/// (`RecordProbability`, with the tables file's entity count and term frequencies), the one-to-one
/// decision (`Assignment.decide`, with the duplicate rule on the entities' rows) and the result
/// columns `LinkOutput` writes. Sorted by LINE, the rows are `run`'s links.csv without its header.
package enum AssignStep {
    package static let inputFields = ["LEFT_ID", "KIND", "LINE", "A", "B", "C", "D"]
    package static let outputFields = ["LINE", "ROW"]

    /// - Parameter source: how a repeated left id names the left file (`did.csv`).
    package static func run(_ rows: TabRows, model: FittedModel, tables: ShardTables, fileVersion: String, source: String) throws -> TabWriter {
        let input = try AssignInput(rows, model: model, source: source)
        let parts = try LinkingParts(model: model, frequencies: tables.frequencies, rightEntities: tables.entities)
        let (left, right) = (input.left, input.right)
        var result = LinkResult(comparisonCount: parts.comparisons.count, bands: parts.bands, scorer: parts.scorer)
        let samePerson = parts.samePerson(right)
        let sortsFirst = LinkingParts.sortsFirst(right)
        var terms: [Double] = []
        for (leftRow, candidates) in input.candidates.enumerated() {
            let row = PairScan.Row(leftRow: leftRow,
                                   leftMissing: PairScan.leftMissingMask(left, row: leftRow, comparisons: parts.comparisons.count),
                                   candidates: candidates.map { Candidate(entity: Int32($0.entity), rules: 0) },
                                   levels: candidates.flatMap(\.levels))
            if !candidates.isEmpty { parts.scorer.terms(left: left, leftRow: leftRow, into: &terms) }
            let outcome = Assignment.decide(parts.probability.best(of: row, terms: terms), rules: parts.rules,
                                            samePerson: samePerson, sortsFirst: sortsFirst)
            result.append(outcome.decision, best: outcome.best, second: outcome.second)
        }
        let links = LinkOutput(model: model, left: left, right: right, result: result, fileVersion: fileVersion)
        var output = TabWriter(fieldCount: outputFields.count)
        for leftRow in 0..<left.rowCount {
            var fields = CSVLine()
            links.writeResult(leftRow, to: &fields)
            output.row([String(left.lines[leftRow]), input.starts[leftRow] + String(decoding: fields.bytes, as: UTF8.self)])
        }
        return output
    }
}
