import Comparators
import Foundation
import Kernels
import LinkIO

/// The index file (docs/index-file.md): a `SectionFile` whose `meta` section is JSON (what the index
/// was built from and for, and its small numbers) and whose other sections are the table's columns,
/// the id interner, the value frequencies, the birth-date counts and the block indexes.
extension HESIndex {
    static let formatName = "linkfit HES index"

    /// Writes the index to `url` (owner-only: it holds identifiers), atomically.
    package func write(to url: URL, settings: LinkSettings, threads: Int = 1) throws {
        let writer = try SectionFile.Writer(url: url, version: Self.formatVersion, threads: threads)
        try Self.writeTable(table, dates: dates, to: writer)
        try writeRest(to: writer, settings: settings)
    }

    /// Adds the sections that depend only on the table as read and limited (`build`'s `alongside`
    /// hands it both before the value frequencies and block indexes are computed): rows and
    /// entities, the codes, texts, typo lists, birth-date counts and ids.
    package static func writeTable(_ table: RecordTable, dates: [DateCounts?], to writer: SectionFile.Writer) throws {
        try writer.add("rows.entity", table.entityOfRow)
        try writer.add("entities.start", table.entityRowStart)
        try writer.add("entities.rows", table.entityRows)
        // The coded comparisons' codes row-major: a candidate row's codes share one cache line.
        let coded = table.settings.indices.filter { table.texts[$0] == nil }
        try writer.add("codes", streaming: { append in
            var rowCodes = [UInt64](repeating: 0, count: coded.count * 8_192)
            for rows in ParallelChunks.ranges(total: table.rowCount, size: 8_192) {
                for row in rows {
                    for (slot, k) in coded.enumerated() { rowCodes[(row - rows.lowerBound) * coded.count + slot] = table.codes[k][row] }
                }
                try rowCodes.withUnsafeBytes { try append(UnsafeRawBufferPointer(rebasing: $0[0..<(rows.count * coded.count * 8)])) }
            }
        })
        for k in table.settings.indices {
            if let text = table.texts[k] {
                try writer.add("text.\(k)", text.bytes)
                try writer.add("text.\(k).offsets", text.offsets)
            }
            try writer.add("typos.\(k).rows", table.failedCheck[k].rows)
            try writer.add("typos.\(k).codes", table.failedCheck[k].codes)
            if let dates = dates[k] {
                try writer.add("dates.\(k).codes", dates.codes)
                try writer.add("dates.\(k).counts", dates.counts)
            }
        }
        for (part, name) in zip(StringInterner.Part.allCases, ["arena", "offsets", "offsetStart", "slots", "slotStart"]) {
            try writer.add("ids.\(name)", streaming: { try table.ids.streamPart(part, $0) })
        }
    }

    /// Adds the value frequencies, the block indexes and the meta section (last: it holds the
    /// source's fingerprint, which `linkfit index` computes alongside), and finishes the file.
    package func writeRest(to writer: SectionFile.Writer, settings: LinkSettings) throws {
        for k in table.settings.indices {
            if let tf = frequencies[k] {
                try writer.add("tf.\(k).values", tf.values)
                try writer.add("tf.\(k).counts", tf.counts)
            }
        }
        for (r, index) in blocker.indexes.enumerated() {
            try writer.add("block.\(r).keys", index.keys)
            try writer.add("block.\(r).entities", index.entities)
            try writer.add("block.\(r).directory", index.directory)
        }
        try writer.add("meta", Array(meta(settings: settings).serialised().utf8))
        try writer.finish()
    }

    private func meta(settings: LinkSettings) -> JSON {
        func source(_ file: SourceFile) -> JSON { .object(["file": .string(file.name), "fingerprint": .string(file.fingerprint)]) }
        return .object([
            "format": .string(Self.formatName),
            "settings": Self.key(settings),
            "source": source(self.source),
            "oldNew": oldNew.map(source) ?? .null,
            "rows": .number(Double(table.rowCount)),
            "entities": .number(Double(table.entityCount)),
            "rowLimit": .object([
                "maximum": .number(Double(table.rowLimit.maximum ?? 0)),
                "entities": .number(Double(table.rowLimit.entities)),
                "rowsLeftOut": .number(Double(table.rowLimit.rowsLeftOut)),
            ]),
            "missing": .array(table.missingCounts.map { .array($0.map { .number(Double($0)) }) }),
            "entitiesWithValue": .array(frequencies.map { $0.map { .number(Double($0.entitiesWithValue)) } ?? .null }),
            "blocks": .array(blocker.indexes.map { index in
                .object([
                    "shift": .number(Double(index.shift)),
                    "oversizedBlocks": .number(Double(index.oversizedBlocks)),
                    "oversizedRows": .number(Double(index.oversizedRows)),
                    "largestBlocks": .array(index.largestBlocks.map { .number(Double($0)) }),
                ])
            }),
        ])
    }

    /// Maps and reads the index file at `url`, for `settings`.
    ///
    /// - Parameter oldNew: the Old_New_HESID file given with this command (nil for none): it must be
    ///   the one the index was built with, since the index's ids have its changes applied.
    /// - Throws: `InputError` naming the file: damaged, truncated, another version or byte order
    ///   (`SectionFile`), built for other settings (naming what differs) or another Old_New_HESID
    ///   file, or sections that do not fit together; each says how to rebuild.
    /// - Complexity: O(bytes) for the checksums and the checks of the sections against each other;
    ///   the large sections are used in place, not copied.
    package static func load(url: URL, name: String, settings: LinkSettings, oldNew: SourceFile?, threads: Int = 1,
                             stages: StageLog = StageLog()) throws -> HESIndex {
        let file = try stages.time("check index") { try SectionFile(url: url, name: name, version: formatVersion, threads: threads) }
        let rebuild = "rebuild it with 'linkfit index'"
        let meta = try JSON.parse(Data(file.bytes("meta")), file: "\(name) (meta)")
        guard meta["format"]?.string == formatName else { throw InputError(file: name, "is not a \(formatName) (meta.format)") }
        guard let built = meta["settings"] else { throw InputError(file: name, "meta.settings is missing (damaged or another format)") }
        let wanted = key(settings)
        if built != wanted {
            let differs = ["id": "the HES id column", "comparisons": "the comparisons (names, kinds or HES columns)",
                           "blocking": "the blocking rules or limits"]
                .filter { built[$0.key] != wanted[$0.key] }.map(\.value).sorted().joined(separator: " and ")
            throw InputError(file: name, "was built for other settings (\(differs.isEmpty ? "the settings" : differs) differ): "
                + "\(rebuild) and these settings (--settings or --model)")
        }
        func source(_ json: JSON?, at path: String) throws -> SourceFile? {
            guard let json, json != .null else { return nil }
            guard let file = json["file"]?.string, let fingerprint = json["fingerprint"]?.string else {
                throw InputError(file: name, "meta.\(path) is not a file and fingerprint")
            }
            return SourceFile(name: file, fingerprint: fingerprint)
        }
        guard let built = try source(meta["source"], at: "source") else { throw InputError(file: name, "meta.source is missing") }
        let builtOldNew = try source(meta["oldNew"], at: "oldNew")
        switch (builtOldNew, oldNew) {
        case (nil, nil): break
        case (let built?, let given?) where built.fingerprint == given.fingerprint: break
        case (let built?, nil):
            throw InputError(file: name, "was built with the Old_New_HESID file \(built.name): give it with --old-new, or \(rebuild) without")
        case (nil, _?):
            throw InputError(file: name, "was built without an Old_New_HESID file: \(rebuild) --old-new to apply one")
        case (let built?, let given?):
            throw InputError(file: name, "was built with another Old_New_HESID file (\(built.name)) than \(given.name): \(rebuild) --old-new \(given.name)")
        }
        return try stages.time("read index") {
            try read(file, meta: meta, settings: settings, source: built, oldNew: builtOldNew)
        }
    }

    // Over 60 lines on purpose: one section after another, each checked against the others as it comes.
    private static func read(_ file: SectionFile, meta: JSON, settings: LinkSettings, source: SourceFile, oldNew: SourceFile?) throws -> HESIndex {
        let name = file.name
        func number(_ json: JSON?, _ path: String) throws -> Int {
            guard let value = json?.number, value >= 0, value == value.rounded(), value < 1e15 else {
                throw InputError(file: name, "meta.\(path) is not a count")
            }
            return Int(value)
        }
        func numbers(_ json: JSON?, _ path: String, count: Int? = nil) throws -> [Int] {
            guard let values = json?.array, count.map({ values.count == $0 }) ?? true else {
                throw InputError(file: name, "meta.\(path) is not a list of \(count.map(String.init) ?? "") counts")
            }
            return try values.indices.map { try number(values[$0], "\(path)[\($0)]") }
        }
        func damaged(_ what: String) -> InputError {
            InputError(file: name, "\(what) do not fit together (damaged or written by another build): rebuild it with 'linkfit index'")
        }
        let rows = try number(meta["rows"], "rows")
        let entities = try number(meta["entities"], "entities")
        let comparisons = settings.comparisons
        let coded = comparisons.indices.filter { !comparisons[$0].kind.isText }
        let entityOfRow = try file.column("rows.entity", of: Int32.self)
        let entityRowStart = try file.column("entities.start", of: Int32.self)
        let entityRows = try file.column("entities.rows", of: Int32.self)
        guard rows < Int(Int32.max), entities <= rows, entityOfRow.count == rows, entityRows.count == rows, entityRowStart.count == entities + 1,
              entityRowStart.first == 0, entityRowStart.last.map(Int.init) == rows,
              within(entityOfRow, entities), within(entityRows, rows) else { throw damaged("the table's rows and entities") }
        guard let ids = try StringInterner(parts: .init(
            arena: file.column("ids.arena"), offsets: file.column("ids.offsets"), offsetStart: file.column("ids.offsetStart"),
            slots: file.column("ids.slots"), slotStart: file.column("ids.slotStart"), shardBits: RecordTable.rightShardBits)),
              ids.count == entities else { throw damaged("the ids") }
        var codes: [FlatColumn<UInt64>] = []
        var texts: [TextColumn?] = []
        var failedCheck: [SparseCodes] = []
        var frequencies: [TermFrequencies?] = []
        var dates: [DateCounts?] = []
        let entitiesWithValue = meta["entitiesWithValue"]?.array ?? []
        guard entitiesWithValue.count == comparisons.count else { throw InputError(file: name, "meta.entitiesWithValue is not one per comparison") }
        for k in comparisons.indices {
            if comparisons[k].kind.isText {
                guard let text = try TextColumn(bytes: file.array("text.\(k)"), offsets: file.array("text.\(k).offsets")), text.count == rows else {
                    throw damaged("the text of comparison \(comparisons[k].name)")
                }
                texts.append(text)
                codes.append(FlatColumn())
                frequencies.append(nil)
            } else {
                let column = try file.column(coded.firstIndex(of: k) ?? 0, ofRowMajor: "codes", width: coded.count, of: UInt64.self)
                guard column.count == rows else { throw damaged("the codes of comparison \(comparisons[k].name)") }
                codes.append(column)
                texts.append(nil)
                let values = try file.column("tf.\(k).values", of: UInt64.self)
                let counts = try file.column("tf.\(k).counts", of: Int32.self)
                guard let tf = TermFrequencies(values: values, counts: counts,
                                               entitiesWithValue: try number(entitiesWithValue[k], "entitiesWithValue[\(k)]")) else {
                    throw damaged("the value frequencies of comparison \(comparisons[k].name)")
                }
                frequencies.append(tf)
            }
            guard let typos = try SparseCodes(rows: file.array("typos.\(k).rows"), codes: file.array("typos.\(k).codes")),
                  typos.rows.last.map({ Int($0) < rows }) ?? true, typos.rows.first.map({ $0 >= 0 }) ?? true else {
                throw damaged("the mistyped NHS numbers of comparison \(comparisons[k].name)")
            }
            failedCheck.append(typos)
            if comparisons[k].kind == .date {
                let counts = DateCounts(codes: try file.array("dates.\(k).codes"), counts: try file.array("dates.\(k).counts"))
                guard counts.codes.count == counts.counts.count else { throw damaged("the birth-date counts of comparison \(comparisons[k].name)") }
                dates.append(counts)
            } else {
                dates.append(nil)
            }
        }
        let missing = try (meta["missing"]?.array ?? []).indices.map { try numbers(meta["missing"]?.array?[$0], "missing[\($0)]", count: MissingReason.allCases.count) }
        guard missing.count == comparisons.count else { throw InputError(file: name, "meta.missing is not one list per comparison") }
        let limit = meta["rowLimit"]
        let maximum = try number(limit?["maximum"], "rowLimit.maximum")
        let rowLimit = RowLimit(maximum: maximum == 0 ? nil : maximum, entities: try number(limit?["entities"], "rowLimit.entities"),
                                rowsLeftOut: try number(limit?["rowsLeftOut"], "rowLimit.rowsLeftOut"))
        let blocks = meta["blocks"]?.array ?? []
        guard blocks.count == settings.blocking.rules.count else { throw InputError(file: name, "meta.blocks is not one per blocking rule") }
        let indexes = try blocks.indices.map { r -> BlockIndex in
            let block = blocks[r]
            let entities32 = try file.column("block.\(r).entities", of: Int32.self)
            guard within(entities32, entities), let index = try BlockIndex(
                rule: ResolvedRule(settings.blocking.rules[r], settings: settings), keys: file.column("block.\(r).keys"), entities: entities32,
                directory: file.column("block.\(r).directory"), shift: UInt64(number(block["shift"], "blocks[\(r)].shift")),
                oversizedBlocks: number(block["oversizedBlocks"], "blocks[\(r)].oversizedBlocks"),
                oversizedRows: number(block["oversizedRows"], "blocks[\(r)].oversizedRows"),
                largestBlocks: numbers(block["largestBlocks"], "blocks[\(r)].largestBlocks")) else {
                throw damaged("the block index of rule \(settings.blocking.rules[r])")
            }
            return index
        }
        var table = RecordTable(file: name, settings: comparisons, codes: codes, texts: texts, ids: ids, entityOfRow: entityOfRow,
                                entityRowStart: entityRowStart, entityRows: entityRows, missingCounts: missing)
        table.failedCheck = failedCheck
        table.rowLimit = rowLimit
        return HESIndex(table: table, frequencies: frequencies, blocker: Blocker(indexes: indexes), source: source, oldNew: oldNew, dates: dates)
    }

    /// True when every value is in `0..<bound`.
    private static func within(_ values: some Collection<Int32>, _ bound: Int) -> Bool {
        var low = Int32.max
        var high = Int32.min
        for value in values {
            low = min(low, value)
            high = max(high, value)
        }
        return values.isEmpty || (low >= 0 && Int(high) < bound)
    }
}
