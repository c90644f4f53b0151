import Comparators
import Kernels

/// Builds a `RecordTable` from rows already standardised (`ShardCodes`), as a sharded job's score
/// and assign steps receive them: entities in the order they are appended (their rows together), so
/// entity `e` is the `e`-th id appended.
struct ShardTableBuilder {
    let settings: [ComparisonSettings]
    private var codes: [[UInt64]]
    private var texts: [TextColumn?]
    private var failedCheck: [SparseCodes]
    private var ids = StringInterner.Batch(shardBits: 0)
    private var lines: [Int32] = []

    init(settings: [ComparisonSettings]) {
        self.settings = settings
        codes = settings.map { _ in [] }
        texts = settings.map { $0.kind.isText ? TextColumn() : nil }
        failedCheck = settings.map { _ in SparseCodes() }
    }

    /// Rows appended so far.
    var rowCount: Int { lines.count }

    /// Appends one row of entity `id` (whose rows must be appended one after another) read from
    /// source line `line`; false, appending nothing, when `values` is malformed or the id too long.
    mutating func append(id: String, line: Int, values text: Substring) -> Bool {
        guard let values = ShardCodes.decode(text, settings: settings), line >= 0, line <= Int(Int32.max) else { return false }
        var id = id
        guard id.withUTF8({ ids.append($0) }) else { return false }
        let row = lines.count
        lines.append(Int32(line))
        for (k, value) in values.enumerated() {
            switch value {
            case .code(let code): codes[k].append(code)
            case .failedCheck(let number):
                codes[k].append(0)
                failedCheck[k].append(row: row, code: number)
            case .text(let bytes): bytes.withUnsafeBufferPointer { texts[k]?.append($0) }
            }
        }
        return true
    }

    /// The table: `lines` holds each row's source line; no missing-value counts or row limit.
    func build(file: String) -> RecordTable {
        let (interner, entityOfRow, _) = StringInterner.build([ids], shardBits: 0, findRepeats: false, threads: 1)
        var table = RecordTable(
            file: file, settings: settings, codes: codes.map(FlatColumn.init), texts: texts,
            ids: interner, entityOfRow: FlatColumn(entityOfRow), lines: lines,
            missingCounts: settings.map { _ in [Int](repeating: 0, count: MissingReason.allCases.count) })
        table.failedCheck = failedCheck
        return table
    }
}
