import Comparators
import Kernels
import LinkIO

/// What a methodologist checks before fitting: per identifier and side, completeness and the count
/// of each missing reason, the most common values, and how many candidate pairs each blocking rule
/// makes (alone and cumulatively) with its largest blocks.
///
/// Common values are shown only when at least `minimumShown` right-side persons share them (or, on
/// the left, for placeholder dates): a value that many people share (a placeholder date, a care
/// home's postcode) identifies nobody; rarer ones, and NHS numbers, are never printed.
package struct Profile: Sendable {
    package static let minimumShown = 10

    package struct Field: Sendable {
        package var comparison: String
        package var side: String
        package var records: Int
        package var present: Int
        package var missing: [(reason: String, count: Int)]
        package var common: [(value: String, count: Int)]
    }

    package struct Rule: Sendable {
        package var rule: String
        package var pairs: Int
        package var newPairs: Int
        package var cumulativePairs: Int
        package var largestBlocks: [Int]
        package var oversizedBlocks: Int
    }

    package var fields: [Field] = []
    package var rules: [Rule] = []
    /// The right side's name (`LinkSettings.Side.name`): blocks are counted in its rows.
    package var rightName: String

    /// - Parameter stages: times the parts ("values", "index", "pairs per rule", which counts the
    ///   left records done).
    /// - Complexity: O(n log n) per coded field, plus one blocking pass (no comparisons).
    package init(settings: LinkSettings, left: RecordTable, right: RecordTable, threads: Int, stages: StageLog = StageLog()) throws {
        rightName = settings.right.name
        fields = stages.time("values") { Self.fields(settings: settings, left: left, right: right, threads: threads) }
        let blocker = stages.time("index") { Blocker(settings: settings, right: right, threads: threads) }
        let ruleCount = blocker.indexes.count
        let chunks = ParallelChunks.ranges(total: left.rowCount, size: 16_384)
        let tallies: [([Int], [Int])] = stages.time("pairs per rule", counting: left.rowCount, of: .items("records")) { recordsDone in
            ParallelChunks.map(count: chunks.count, threads: threads) { chunk in
                var pairs = [Int](repeating: 0, count: ruleCount)
                var new = [Int](repeating: 0, count: ruleCount)
                var buffer: [Candidate] = []
                for row in chunks[chunk] {
                    blocker.candidates(left: left, leftRow: row, right: right, into: &buffer)
                    for candidate in buffer {
                        new[candidate.firstRule] += 1
                        var mask = candidate.rules
                        while mask != 0 {
                            pairs[mask.trailingZeroBitCount] += 1
                            mask &= mask - 1
                        }
                    }
                }
                recordsDone.add(chunks[chunk].count)
                return (pairs, new)
            }
        }
        var cumulative = 0
        for r in 0..<ruleCount {
            let pairs = tallies.reduce(0) { $0 + $1.0[r] }
            let new = tallies.reduce(0) { $0 + $1.1[r] }
            cumulative += new
            rules.append(Rule(
                rule: blocker.indexes[r].rule.rule.description, pairs: pairs, newPairs: new, cumulativePairs: cumulative,
                largestBlocks: blocker.indexes[r].largestBlocks, oversizedBlocks: blocker.indexes[r].oversizedBlocks))
        }
    }

    /// Per comparison and side: completeness, missing reasons and the common values shown.
    static func fields(settings: LinkSettings, left: RecordTable, right: RecordTable, threads: Int) -> [Field] {
        var fields: [Field] = []
        for (k, comparison) in settings.comparisons.enumerated() {
            // Right side: persons (entities) per value. A left value is shown only when at least
            // `minimumShown` right persons share it, or it is a placeholder date: many records on the
            // left may be one patient's tests. NHS numbers are never shown.
            let rightCounts = comparison.kind.isText ? nil : TermFrequencies(table: right, comparison: k, threads: threads)
            for (table, side, isLeft) in [(left, settings.left.name, true), (right, settings.right.name, false)] {
                let missing = MissingReason.allCases.compactMap { reason -> (String, Int)? in
                    let count = table.missingCounts[k][Int(reason.rawValue)]
                    return count > 0 ? (reason.label, count) : nil
                }
                var common: [(String, Int)] = []
                if let rightCounts, comparison.kind != .nhsNumber {
                    let (values, counts): ([UInt64], [Int32]) = isLeft ? TermFrequencies.count(table.codes[k].array, threads: threads)
                        : (rightCounts.values.array, rightCounts.counts.array)
                    let shown = counts.indices.filter { index in
                        guard Int(counts[index]) >= Self.minimumShown else { return false }
                        if !isLeft { return true }
                        let placeholder = comparison.kind == .date && FieldCode.isPlaceholderDate(values[index])
                        return placeholder || rightCounts.count(of: values[index]) >= Self.minimumShown
                    }
                    let top = shown.sorted { counts[$0] != counts[$1] ? counts[$0] > counts[$1] : values[$0] < values[$1] }.prefix(5)
                    common = top.map { (FieldCode.display(values[$0], kind: comparison.kind), Int(counts[$0])) }
                }
                fields.append(Field(
                    comparison: comparison.name, side: side, records: table.rowCount,
                    present: table.rowCount - missing.reduce(0) { $0 + $1.1 }, missing: missing, common: common))
            }
        }
        return fields
    }

    package var json: JSON {
        .object([
            "fields": .array(fields.map { field in
                .object([
                    "comparison": .string(field.comparison), "side": .string(field.side),
                    "records": .number(Double(field.records)), "present": .number(Double(field.present)),
                    "missing": .object(Dictionary(uniqueKeysWithValues: field.missing.map { ($0.reason, JSON.number(Double($0.count))) })),
                    "common": .array(field.common.map { .object(["value": .string($0.value), "count": .number(Double($0.count))]) }),
                ])
            }),
            "blockingRules": .array(rules.map { rule in
                .object([
                    "rule": .string(rule.rule), "pairs": .number(Double(rule.pairs)), "newPairs": .number(Double(rule.newPairs)),
                    "cumulativePairs": .number(Double(rule.cumulativePairs)),
                    "largestBlocks": .array(rule.largestBlocks.map { .number(Double($0)) }),
                    "oversizedBlocks": .number(Double(rule.oversizedBlocks)),
                ])
            }),
        ])
    }

    package var text: String {
        var lines = ["identifier    side   complete  missing (reason: records)                   most common (shared by ≥ \(Self.minimumShown) persons)"]
        for field in fields {
            let share = field.records == 0 ? 100 : 100 * Double(field.present) / Double(field.records)
            let missing = field.missing.map { "\($0.reason): \($0.count)" }.joined(separator: ", ")
            let common = field.common.map { "\($0.value) ×\($0.count)" }.joined(separator: ", ")
            lines.append(field.comparison.padded(14) + field.side.padded(7) + (FixedPoint.format(share, digits: 2) + "%").leftPadded(8)
                         + "  " + (missing.isEmpty ? "-" : missing).padded(44) + (common.isEmpty ? "-" : common))
        }
        lines.append("")
        lines.append("blocking rule                      pairs   new pairs  cumulative  largest blocks (\(rightName) rows)")
        for rule in rules {
            lines.append(rule.rule.padded(28) + String(rule.pairs).leftPadded(12) + String(rule.newPairs).leftPadded(12)
                         + String(rule.cumulativePairs).leftPadded(12) + "  "
                         + rule.largestBlocks.prefix(5).map(String.init).joined(separator: ", ")
                         + (rule.oversizedBlocks > 0 ? "  (\(rule.oversizedBlocks) over the cap, skipped)" : ""))
        }
        return lines.joined(separator: "\n")
    }
}
