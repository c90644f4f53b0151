import Foundation
import LinkIO

/// A left table's outcomes as a run's files carry them: `links.csv` (one row per left record, in
/// input order, identifying columns removed), `review.csv` (owner-only: it holds identifiers),
/// `duplicates.csv` (right ids that are one person held twice), written atomically by `LinkWriter`
/// (chunk by chunk of a streamed release; `write` is one table in one chunk), and `summary.json`
/// (deterministic: no times; those go to `timings.json`).
package struct LinkOutput {
    /// The link file's added columns after the linked id (the right side's id column), which follows
    /// the kept left columns.
    package static let resultColumns = ["MATCH_RANK", "FILE_VERSION", "MATCH_WEIGHT", "MATCH_PROBABILITY", "AGREEMENT", "LINK_STATUS"]

    /// Every file a run writes into its folder (`write` the first three, the run command the rest).
    package static let fileNames = ["links.csv", "review.csv", "duplicates.csv", "summary.json", "timings.json"]

    package let model: FittedModel
    package let left: RecordTable
    package let right: RecordTable
    package let result: LinkResult
    package let fileVersion: String

    package init(model: FittedModel, left: RecordTable, right: RecordTable, result: LinkResult, fileVersion: String) {
        self.model = model
        self.left = left
        self.right = right
        self.result = result
        self.fileVersion = fileVersion
    }

    /// Streams the left file again and writes `links.csv`, `review.csv` and `duplicates.csv` into
    /// `folder` (`LinkWriter`, one chunk); returns the summary. Nothing is left half-written: a
    /// failure removes the temporary files.
    ///
    /// - Parameter progress: counts the bytes of the left file read, once per block.
    /// - Parameter beforeCommit: called once every row is written, before the files are renamed into
    ///   place (a test hook: the interruption tests stop a run there).
    /// - Throws: `InputError` if the left file changed between the two passes: a record on another
    ///   line, a different number of records, or any byte of a record different from what was
    ///   linked (`RecordTable.contentFingerprint`, checked before anything is renamed into place).
    package func write(
        leftURL: URL, leftName: String, folder: URL, progress: WorkCounter? = nil, beforeCommit: () -> Void = {}
    ) throws -> RunSummary {
        let records = try CSVPartition(url: leftURL, name: leftName, parts: 1, allowHeaderOnly: true)
        let writer = try LinkWriter(settings: model.settings, fileVersion: fileVersion, columns: records.columns, leftName: leftName, folder: folder)
        try writer.write(self, records: records, threads: 1, progress: progress)
        return try writer.finish(right: right, beforeCommit: beforeCommit)
    }

    /// The left columns that links.csv carries, in file order: all but `dropColumns` and the columns
    /// a comparison reads, unless `keepComparedColumns` names them (all names ignoring case).
    ///
    /// - Throws: `InputError` on the header's line when a carried column has the name (ignoring case)
    ///   of one that linkfit adds (the right side's id column or a `resultColumns` name): links.csv
    ///   would repeat it. The message names the column as the settings spell it, never a header cell.
    package static func keptColumns(_ header: CSVHeader, settings: LinkSettings) throws(InputError) -> [Int] {
        let compared = Set(settings.comparisons.map { $0.leftColumn.lowercased() })
            .subtracting(settings.linking.keepComparedColumns.map { $0.lowercased() })
        let dropped = Set(settings.linking.dropColumns.map { $0.lowercased() }).union(compared)
        let kept = header.names.indices.filter { !dropped.contains(header.names[$0].lowercased()) }
        let carried = Set(kept.map { header.names[$0].lowercased() })
        if let clash = ([settings.right.linkColumn] + resultColumns).first(where: { carried.contains($0.lowercased()) }) {
            throw InputError(file: header.file, line: header.line, column: clash,
                             "is a column linkfit adds to links.csv (rename it or list it in dropColumns)")
        }
        return kept
    }

    /// links.csv's header for a left file with header `columns`: the kept columns (`keptColumns`), the
    /// linked id (`right.linkColumn`), then `resultColumns`.
    package static func header(_ columns: CSVHeader, kept: [Int], settings: LinkSettings) -> [String] {
        kept.map { columns.names[$0] } + [settings.right.linkColumn] + resultColumns
    }

    /// review.csv's header: ids, reason and weight, then per comparison both sides' values, the level
    /// and its partial weight, then `reviewDecisionColumns`.
    static func reviewHeader(_ settings: LinkSettings) -> [String] {
        var header = [settings.left.idColumn, "CANDIDATE", settings.right.linkColumn, "REASON", "MATCH_WEIGHT", "MATCH_PROBABILITY"]
        for comparison in settings.comparisons {
            let name = comparison.name.uppercased()
            header += ["\(name)_\(settings.left.name)", "\(name)_\(settings.right.name)", "\(name)_LEVEL", "\(name)_WEIGHT"]
        }
        return header + reviewDecisionColumns
    }

    /// review.csv's last columns: the record's identifier version (`RecordTable.version(ofRow:)`),
    /// then what the reviewer fills in (`DECISION`: match, non-match or unsure; who and when,
    /// optional). `linkfit decisions add` reads them.
    package static let reviewDecisionColumns = ["RECORD_VERSION", "DECISION", "REVIEWER", "DECIDED_ON"]

    /// Where review rows read the left record: its id column and compared columns.
    struct ReviewColumns {
        var id: Int
        var values: [Int]
        var comparisons: [FieldComparison]
    }

    /// The kept columns of the record `reader` is on (`keptColumns`), as links.csv carries them.
    package static func writeKept<Sink: CSVFieldSink>(reader: CSVReader, kept: [Int], to links: inout Sink) {
        for column in kept { reader.withField(column) { links.field(bytes: $0) } }
    }

    /// The result columns of left `row` (`right.linkColumn`, then `resultColumns`): the linked id and
    /// rank when linked, the file version, the best candidate's weight, probability and agreement
    /// when there is one, and LINK_STATUS. The one writer of these fields, for `run` and for a
    /// sharded job's assign step.
    package func writeResult<Sink: CSVFieldSink>(_ row: Int, to links: inout Sink) {
        let status = result.status[row]
        let best = Int(result.best[row])
        if status == .linked {
            right.ids.withBytes(best) { links.field(bytes: $0) }
            links.field(result.bands[Int(result.band[row])].rank)
        } else {
            links.field("")
            links.field("")
        }
        links.field(fileVersion)
        if best >= 0 {
            links.field(result.bestWeight[row], digits: 3)
            links.field(result.bestProbability[row], digits: 6)
            Self.withAgreementCode(result.levels(ofBest: row)) { links.field(bytes: $0) }
        } else {
            links.field("")
            links.field("")
            links.field("")
        }
        links.field(Self.statusLabel(row, result: result))
    }

    /// The review rows of left `row`: its best candidate, and the second for a near tie. Returns the
    /// number of rows written.
    func writeReview(_ row: Int, reader: CSVReader, columns: ReviewColumns, terms: inout [Double], to review: inout CSVLine) -> Int {
        result.scorer.terms(left: left, leftRow: row, into: &terms)
        var candidates = [(Int(result.best[row]), result.levels(ofBest: row), result.bestWeight[row], result.bestProbability[row])]
        if result.reason[row] == .nearTie, result.second[row] >= 0 {
            candidates.append((Int(result.second[row]), result.levels(ofSecond: row), result.secondWeight[row], result.secondProbability[row]))
        }
        let version = left.version(ofRow: row)
        for (index, candidate) in candidates.enumerated() {
            reader.withField(columns.id) { Self.inputCell(bytes: $0, to: &review) }
            review.field(index + 1)
            right.ids.withBytes(candidate.0) { Self.inputCell(bytes: $0, to: &review) }
            review.field(result.reason[row].label)
            review.field(candidate.2, digits: 3)
            review.field(candidate.3, digits: 6)
            let inStratum = result.scorer.isInStratum(candidate.1)
            for k in 0..<result.comparisonCount {
                let level = Int(candidate.1[candidate.1.startIndex + k])
                reader.withField(columns.values[k]) { Self.inputCell(bytes: $0, to: &review) }
                Self.inputCell(rightValue(k, entity: candidate.0, leftRow: row, level: level, comparison: columns.comparisons[k]), to: &review)
                review.field(columns.comparisons[k].levelLabels[level])
                review.field(result.scorer.partialWeight(k, level: level, terms: terms, inStratum: inStratum), digits: 3)
            }
            review.field(version)
            review.field("")
            review.field("")
            review.field("")
            review.endRow()
        }
        return candidates.count
    }

    /// The right entity's value for comparison `k` shown to a reviewer: from the entity's row that
    /// reached `level` (its address-history row that agreed best).
    func rightValue(_ k: Int, entity: Int, leftRow: Int, level: Int, comparison: FieldComparison) -> String {
        var chosen = Int(right.entityRows[right.rows(ofEntity: entity).lowerBound])
        for position in right.rows(ofEntity: entity) {
            let rightRow = Int(right.entityRows[position])
            if comparison.level(k, left: left, leftRow: leftRow, right: right, rightRow: rightRow) == level {
                chosen = rightRow
                break
            }
        }
        if let text = right.texts[k] { return text[chosen] }
        return FieldCode.display(right.codes[k][chosen], kind: comparison.settings.kind)
    }

    /// Writes a review.csv cell copied from an input file (an id or an identifier value), neutralised
    /// for spreadsheets by the OWASP CSV-injection rule: a cell that starts with `=`, `+`, `-`, `@`,
    /// tab or carriage return gets a leading `'`, so that a spreadsheet shows it as text instead of
    /// evaluating it. Numbers linkfit computes (weights) are written as they are.
    static func inputCell<Sink: CSVFieldSink>(bytes: UnsafeBufferPointer<UInt8>, to review: inout Sink) {
        if let first = bytes.first, formulaStarts.contains(first) {
            review.field("'" + String(decoding: bytes, as: UTF8.self))
        } else {
            review.field(bytes: bytes)
        }
    }

    /// `inputCell(bytes:to:)` for a value held as a `String`.
    static func inputCell<Sink: CSVFieldSink>(_ text: String, to review: inout Sink) {
        if let first = text.utf8.first, formulaStarts.contains(first) { review.field("'" + text) } else { review.field(text) }
    }

    /// First bytes that make a spreadsheet evaluate a cell (OWASP, CSV injection).
    static let formulaStarts: Set<UInt8> = Set("=+-@\t\r".utf8)

    /// LINK_STATUS of a record linked to one of two right ids that are one person held twice.
    package static let linkedDuplicateLabel = "linked-duplicate"
    /// LINK_STATUS of a record linked by a clerical match decision.
    package static let linkedClericalLabel = "linked-clerical"
    /// Every LINK_STATUS of a linked record (each starts with "linked", which `isLinked` relies on).
    package static let linkedStatuses: Set<String> = [LinkStatus.linked.label, linkedDuplicateLabel, linkedClericalLabel]

    /// True when a LINK_STATUS cell is one of `linkedStatuses` (checked by its common start: no String made).
    package static func isLinked(status: UnsafeBufferPointer<UInt8>) -> Bool { status.starts(with: LinkStatus.linked.label.utf8) }

    /// LINK_STATUS of left `row`: `linked`, `linked-duplicate`, `linked-clerical`, `review` or `unlinked`.
    package static func statusLabel(_ row: Int, result: LinkResult) -> String {
        guard result.status[row] == .linked else { return result.status[row].label }
        if result.bands[Int(result.band[row])].isClerical { return linkedClericalLabel }
        return result.duplicate[row] >= 0 ? linkedDuplicateLabel : result.status[row].label
    }

    private static let agreementDigits = Array("0123456789abcdefghijklmnopqrstuvwxyz".utf8)

    /// Calls `body` with the agreement code of `levels` as bytes: one character per comparison, its
    /// level (0 null, 1 strongest agreement, … last = else).
    static func withAgreementCode<R>(_ levels: ArraySlice<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        var code = [UInt8](repeating: 0, count: levels.count)
        for (index, level) in levels.enumerated() { code[index] = agreementDigits[min(Int(level), agreementDigits.count - 1)] }
        return code.withUnsafeBufferPointer(body)
    }
}
