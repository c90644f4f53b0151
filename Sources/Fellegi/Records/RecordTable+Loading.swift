import Comparators
import Foundation
import Kernels
import LinkIO

extension RecordTable {
    /// Reads and standardises `url`.
    ///
    /// - Parameters:
    ///   - side: left (ids must be unique: one entity per row) or right (rows sharing an id are one entity).
    ///   - allowEmpty: accept a file with a header and no records.
    /// - Throws: `InputError` for a malformed file, a missing column (naming it, not the header), a
    ///   blank id, or (left side) a repeated id. Standardisation failures are not errors: they are
    ///   missing values, counted by reason.
    /// - Complexity: O(bytes); one pass.
    /// - Parameter changes: old → current ids (`IdentifierChanges`), applied to right-side ids so that
    ///   rows held under an old id join the current id's entity.
    /// - Parameter latestBirthDate: the plausibility reference for rows without a record date of
    ///   their own (the right side): later birth dates are missing (out of range), as a left record's
    ///   birth date after its own record date is. Pass the left table's `latestRecordDate`; nil
    ///   means `CalendarDate.latestRecordDate` (2099-12-31).
    package static func load(
        url: URL, file: String, settings: LinkSettings, side: LinkSide, changes: IdentifierChanges = IdentifierChanges(),
        allowEmpty: Bool = false, latestBirthDate: CalendarDate? = nil, limitingRows: Bool = true, threads: Int = 1,
        stages: StageLog = StageLog()
    ) throws -> RecordTable {
        // Cut the file into chunks at record boundaries, parse and standardise them in parallel, then
        // intern ids in file order: the table is the same whatever the thread count.
        let partition = try CSVPartition(url: url, name: file, parts: threads > 1 ? threads * 4 : 1, allowHeaderOnly: allowEmpty)
        return try load(partition, settings: settings, side: side, changes: changes, latestBirthDate: latestBirthDate,
                        limitingRows: limitingRows, threads: threads, stages: stages)
    }

    /// As `load(url:…)`, for a file already opened and cut into chunks (`CSVPartition`), from disk or
    /// memory. `sharded`: the table is one part of a sharded job's side (`Sharding/`): lines are kept on
    /// both sides and no row limit is applied (the entities step applies it, seeing each id whole).
    /// `limitingRows` false: the right side's row limit is left to the caller (`HESIndex.build`).
    package static func load(
        _ partition: CSVPartition, settings: LinkSettings, side: LinkSide, changes: IdentifierChanges = IdentifierChanges(),
        latestBirthDate: CalendarDate? = nil, sharded: Bool = false, limitingRows: Bool = true, threads: Int = 1,
        stages: StageLog = StageLog()
    ) throws -> RecordTable {
        let file = partition.name
        let keepLines = side == .left || sharded
        let sideSettings = side == .left ? settings.left : settings.right
        let comparisonColumns = settings.comparisons.map { side == .left ? $0.leftColumn : $0.rightColumn }
        let columns = try partition.columns.requireColumns([sideSettings.idColumn] + comparisonColumns)
        let recordDateColumn = side == .left ? sideSettings.recordDateColumn.flatMap(partition.columns.columnIndex) : nil
        let comparisons = settings.comparisons
        // The left side's ids are unique (one entity per row, numbered in file order); the right
        // side's are interned in 1,024 shards in parallel, each small enough to stay in cache at
        // 100M rows (see `StringInterner.build`).
        let shardBits = side == .left ? 0 : rightShardBits
        var parts = try stages.time("parse, standardise", counting: partition.dataBytes, of: .bytes) { bytesRead in
            try partition.mapChunks(progress: bytesRead) { chunk, reader in
                try Chunk(reader: reader, maxRecords: chunk.maxRecords, comparisons: comparisons, idColumn: columns[0], valueColumns: Array(columns.dropFirst()),
                          recordDateColumn: recordDateColumn, defaultLatest: latestBirthDate ?? .latestRecordDate,
                          keepLines: keepLines, changes: side == .right ? changes : nil, shardBits: shardBits)
            }
        }

        return try stages.time("merge") {
            // Sized up front: no doubling slack on the largest arrays.
            let rows = parts.reduce(0) { $0 + $1.ids.count }
            var codes = comparisons.map { $0.kind.isText ? FlatColumn<UInt64>.Builder(count: 0) : FlatColumn<UInt64>.Builder(count: rows) }
            var texts: [TextColumn?] = comparisons.map { $0.kind.isText ? TextColumn() : nil }
            var missing = comparisons.map { _ in [Int](repeating: 0, count: MissingReason.allCases.count) }
            var failedCheck = comparisons.map { _ in SparseCodes() }
            var reasons = comparisons.map { _ -> [UInt8] in
                var column: [UInt8] = []
                if side == .left { column.reserveCapacity(rows) }
                return column
            }
            let latestRecordDate = parts.compactMap(\.latestRecordDate).max()
            let fingerprint = parts.reduce(UInt64(0)) { $0 &+ $1.fingerprint }
            var rowOffset = 0
            var lines: [Int32] = []
            lines.reserveCapacity(keepLines ? rows : 0)
            var batches: [StringInterner.Batch] = []
            for index in parts.indices {
                let part = parts[index]
                parts[index] = Chunk()  // release each chunk as it is merged: peak memory ≈ table + one chunk
                for k in comparisons.indices {
                    codes[k].append(contentsOf: part.codes[k])
                    if let text = part.texts[k] { texts[k]?.append(contentsOf: text) }
                    for reason in missing[k].indices { missing[k][reason] += part.missing[k][reason] }
                    failedCheck[k].append(contentsOf: part.failedCheck[k], offset: rowOffset)
                    if side == .left { reasons[k] += part.reasons[k] }
                }
                rowOffset += part.ids.count
                lines += keepLines ? part.lines : []
                batches.append(part.ids)
            }
            let (ids, entityOfRow, repeated) = stages.time("ids") {
                StringInterner.build(batches, shardBits: shardBits, findRepeats: side == .left, threads: threads)
            }
            batches = []
            ProcessMemory.releaseFreed()
            if let repeated {
                throw repeatedID(file: file, line: Int(lines[repeated.row]), first: Int(lines[repeated.first]), column: sideSettings.idColumn)
            }
            return stages.time("group rows by entity") {
                var table = RecordTable(
                    file: file, settings: comparisons, codes: codes.map { $0.finish() }, texts: texts, ids: ids, entityOfRow: FlatColumn(entityOfRow),
                    lines: lines, missingCounts: missing)
                table.failedCheck = failedCheck
                table.latestRecordDate = latestRecordDate
                table.contentFingerprint = fingerprint
                if side == .right, !sharded, limitingRows { table.limitRows(perEntity: settings.blocking.maxEntityRows) }
                table.missingReasons = side == .left ? reasons : []
                return table
            }
        }
    }

    /// One chunk of a file, parsed and standardised.
    struct Chunk: Sendable {
        var codes: [[UInt64]] = []
        var texts: [TextColumn?] = []
        /// Ids (current ids: old HESIDs replaced), sorted by interning shard.
        var ids = StringInterner.Batch(shardBits: 0)
        /// Source lines (left side only).
        var lines: [Int32] = []
        var missing: [[Int]] = []
        /// Per comparison: NHS numbers failing the check digit, by row within the chunk.
        var failedCheck: [SparseCodes] = []
        /// Left side: per comparison, each row's missing reason or `RecordTable.present`.
        var reasons: [[UInt8]] = []
        /// The latest valid record date in the chunk.
        var latestRecordDate: CalendarDate?
        /// Left side: the sum of the records' `CSVReader.recordFingerprint()`s.
        var fingerprint: UInt64 = 0

        init() {}

        /// Parses the chunk `reader` reads, reserving space for `maxRecords` rows up front (no growth
        /// slack on the largest arrays).
        init(reader: CSVReader, maxRecords: Int, comparisons: [ComparisonSettings], idColumn: Int, valueColumns: [Int],
             recordDateColumn: Int?, defaultLatest: CalendarDate, keepLines: Bool, changes: IdentifierChanges?, shardBits: Int) throws {
            codes = comparisons.map { comparison in
                var column: [UInt64] = []
                if !comparison.kind.isText { column.reserveCapacity(maxRecords) }
                return column
            }
            if keepLines { lines.reserveCapacity(maxRecords) }
            ids = StringInterner.Batch(shardBits: shardBits, expectedCount: maxRecords)
            texts = comparisons.map { $0.kind.isText ? TextColumn() : nil }
            missing = comparisons.map { _ in [Int](repeating: 0, count: MissingReason.allCases.count) }
            failedCheck = comparisons.map { _ in SparseCodes() }
            reasons = comparisons.map { _ -> [UInt8] in
                var column: [UInt8] = []
                if keepLines { column.reserveCapacity(maxRecords) }
                return column
            }
            let scratch = RawArray<UInt8>(capacity: 256)  // standardised text, before it joins its column
            // Bound once: binding the optional per row copied the changes (a retain per reference they hold).
            let changes = (changes?.count ?? 0) > 0 ? changes : nil
            while try reader.next() {
                try reader.withField(idColumn) { id in
                    guard !id.isEmpty else { throw RecordTable.blankID(reader, column: idColumn) }
                    var appended: Bool
                    if var current = changes?.current(ofOld: id) {
                        appended = current.withUTF8 { ids.append($0) }
                    } else {
                        appended = ids.append(id)
                    }
                    guard appended else { throw RecordTable.longID(reader, column: idColumn) }
                }
                if keepLines {
                    lines.append(Int32(reader.line))
                    fingerprint &+= reader.recordFingerprint()
                }
                let recordDate = recordDateColumn.flatMap { column in
                    reader.withField(column) { CalendarDate.standardise($0, latest: .latestRecordDate).value }
                }
                if let recordDate { latestRecordDate = max(latestRecordDate ?? recordDate, recordDate) }
                let latest = recordDate ?? defaultLatest
                for k in comparisons.indices {
                    let kind = comparisons[k].kind
                    reader.withField(valueColumns[k]) { bytes in
                        if kind.isText {
                            if scratch.capacity < bytes.count { scratch.grow(to: bytes.count) }
                            switch TextStandardiser.standardise(bytes, into: scratch.view) {
                            case .value(let length):
                                texts[k]?.append(scratch.view.slice(start: 0, count: length))
                                if keepLines { reasons[k].append(RecordTable.present) }
                            case .missing(let reason):
                                texts[k]?.append(scratch.view.slice(start: 0, count: 0))
                                missing[k][Int(reason.rawValue)] += 1
                                if keepLines { reasons[k].append(reason.rawValue) }
                            }
                            return
                        }
                        switch FieldCode.standardise(bytes, kind: kind, latest: latest) {
                        case .value(let code):
                            codes[k].append(code)
                            if keepLines { reasons[k].append(RecordTable.present) }
                        case .missing(let reason):
                            codes[k].append(0)
                            missing[k][Int(reason.rawValue)] += 1
                            if keepLines { reasons[k].append(reason.rawValue) }
                            if reason == .failedCheck, kind == .nhsNumber, let number = NHSNumber.failedCheckNumber(bytes) {
                                failedCheck[k].append(row: codes[k].count - 1, code: number)
                            }
                        }
                    }
                }
            }
        }
    }

    /// The error of a record whose id (column `column`) is blank.
    static func blankID(_ reader: CSVReader, column: Int) -> InputError {
        reader.error(column: column, "is blank (every record needs an id)")
    }

    /// The error of a record whose id is longer than an interner holds.
    static func longID(_ reader: CSVReader, column: Int) -> InputError {
        reader.error(column: column, "is longer than \(StringInterner.Batch.maximumLength) bytes")
    }

    /// The error of a left record (on `line`) whose id repeats the id of the record on line `first`.
    static func repeatedID(file: String, line: Int, first: Int, column: String) -> InputError {
        InputError(file: file, line: line, column: column, "repeats the id of the record on line \(first)")
    }

    /// Builds a table from columns already standardised, grouping rows into entities.
    init(file: String, settings: [ComparisonSettings], codes: [FlatColumn<UInt64>], texts: [TextColumn?], ids: StringInterner,
         entityOfRow: FlatColumn<Int32>, lines: [Int32], missingCounts: [[Int]]) {
        let (start, rows) = Self.group(entityOfRow, entityCount: ids.count)
        self.init(file: file, settings: settings, codes: codes, texts: texts, ids: ids, entityOfRow: entityOfRow,
                  entityRowStart: start, entityRows: rows, lines: lines, missingCounts: missingCounts)
    }

    /// A table whose rows are grouped already (`HESIndex`: no lines); nothing is checked here.
    init(file: String, settings: [ComparisonSettings], codes: [FlatColumn<UInt64>], texts: [TextColumn?], ids: StringInterner,
         entityOfRow: FlatColumn<Int32>, entityRowStart: FlatColumn<Int32>, entityRows: FlatColumn<Int32>, lines: [Int32] = [],
         missingCounts: [[Int]]) {
        self.file = file
        self.settings = settings
        self.codes = codes
        self.texts = texts
        self.ids = ids
        self.entityOfRow = entityOfRow
        self.entityRowStart = entityRowStart
        self.entityRows = entityRows
        self.lines = lines
        self.missingCounts = missingCounts
        failedCheck = settings.map { _ in SparseCodes() }
    }

    /// Entity → rows by a counting sort of rows by entity: rows stay ascending within an entity.
    ///
    /// - Complexity: O(rows + entities).
    static func group(_ entityOfRow: FlatColumn<Int32>, entityCount: Int) -> (start: FlatColumn<Int32>, rows: FlatColumn<Int32>) {
        var start = [Int32](repeating: 0, count: entityCount + 1)
        for entity in entityOfRow { start[Int(entity) + 1] += 1 }
        for index in 0..<entityCount { start[index + 1] += start[index] }
        var fill = start
        let rows = FlatColumn<Int32>(count: entityOfRow.count) { rows in
            for (row, entity) in entityOfRow.enumerated() {
                rows[Int(fill[Int(entity)])] = Int32(row)
                fill[Int(entity)] += 1
            }
        }
        return (FlatColumn(start), rows)
    }
}

extension ComparisonKind {
    /// Text kinds keep their standardised text; the others are integer-coded.
    package var isText: Bool { self == .jaroWinkler || self == .exact }
}

extension CalendarDate {
    /// The latest birth date accepted when a record carries no date of its own.
    package static let latestRecordDate = CalendarDate(days: 47_481)  // 2099-12-31
}

extension FieldCode {
    /// Standardises `bytes` as a value of `kind` and encodes it; text kinds are not handled here.
    package static func standardise(_ bytes: UnsafeBufferPointer<UInt8>, kind: ComparisonKind, latest: CalendarDate) -> Standardised<UInt64> {
        switch kind {
        case .nhsNumber: return NHSNumber.standardise(bytes)
        case .date: return CalendarDate.standardise(bytes, latest: latest).map(date)
        case .sex: return Sex.standardise(bytes).map { UInt64($0) }
        case .postcode: return PackedPostcode.standardise(bytes).map(\.rawValue)
        case .jaroWinkler, .exact: return .missing(.malformed)
        }
    }
}
