import Comparators

/// A blocking rule resolved against a table's columns: for each row, a 64-bit key built from the
/// standardised parts the rule names, or nil when any part is missing (null keys never block).
public struct ResolvedRule: Sendable {
    public let rule: BlockingRule
    /// (comparison index, part) for each key.
    let parts: [(comparison: Int, part: KeyPart)]

    enum KeyPart: Sendable {
        case whole, year, monthDay, unit, sector, district, area, first3
    }

    init(_ rule: BlockingRule, settings: LinkSettings) {
        self.rule = rule
        parts = rule.keys.compactMap { key in
            guard let index = settings.comparisonIndex(key.comparison) else { return nil }
            let part: KeyPart
            switch key.part {
            case "year": part = .year
            case "month-day": part = .monthDay
            case "unit": part = .unit
            case "sector": part = .sector
            case "district": part = .district
            case "area": part = .area
            case "first3": part = .first3
            default: part = .whole
            }
            return (index, part)
        }
    }

    /// The comparisons this rule agrees on by construction (left out of its training session).
    public var comparisons: Set<Int> { Set(parts.map(\.comparison)) }

    /// The value of one key part on `row`, or nil when missing.
    @inline(__always)
    func partValue(_ index: Int, in table: RecordTable, row: Int) -> UInt64? {
        let (k, part) = parts[index]
        if let text = table.texts[k] {
            if text.isMissing(row) { return nil }
            return text.withBytes(row) { bytes in
                let used = part == .first3 ? UnsafeBufferPointer(rebasing: bytes.prefix(3)) : bytes
                return StringInterner.hash(used) | 1
            }
        }
        let code = table.codes[k][row]
        guard code != 0 else { return nil }
        switch part {
        case .whole:
            return table.settings[k].kind == .date ? code >> 1 : code
        case .year, .monthDay:
            let civil = CivilDays.civil(FieldCode.days(code))
            return part == .year ? UInt64(civil.year + 10_000) : UInt64(civil.month * 32 + civil.day)
        case .unit: return PackedPostcode(rawValue: code).unit
        case .sector: return PackedPostcode(rawValue: code).sector
        case .district: return PackedPostcode(rawValue: code).district
        case .area: return PackedPostcode(rawValue: code).area
        case .first3: return code
        }
    }

    /// The rule's key for `row`, or nil when a part is missing.
    @inline(__always)
    func key(in table: RecordTable, row: Int) -> UInt64? {
        var key: UInt64 = 0x243F_6A88_85A3_08D3
        for index in parts.indices {
            guard let value = partValue(index, in: table, row: row) else { return nil }
            key = KeyHash.combine(key, value)
        }
        return key
    }

    /// True when `leftRow` and `rightRow` agree on every part (guards against key-hash collisions).
    @inline(__always)
    func agrees(left: RecordTable, leftRow: Int, right: RecordTable, rightRow: Int) -> Bool {
        for index in parts.indices {
            guard let a = partValue(index, in: left, row: leftRow), let b = partValue(index, in: right, row: rightRow), a == b
            else { return false }
        }
        return true
    }
}

/// The right side's rows sorted by one rule's key, for lookup of a left row's block.
///
/// - Complexity: building is O(n log n); a lookup is O(log n).
public struct BlockIndex: Sendable {
    public let rule: ResolvedRule
    private(set) var keys: [UInt64] = []
    private(set) var rows: [Int32] = []
    /// Distinct keys with more rows than the cap, and the rows they hold (skipped, reported).
    public private(set) var oversizedBlocks = 0
    public private(set) var oversizedRows = 0

    public init(rule: ResolvedRule, table: RecordTable, maxBlockSize: Int) {
        self.rule = rule
        var entries: [(key: UInt64, row: Int32)] = []
        entries.reserveCapacity(table.rowCount)
        for row in 0..<table.rowCount {
            if let key = rule.key(in: table, row: row) { entries.append((key, Int32(row))) }
        }
        entries.sort { $0.key != $1.key ? $0.key < $1.key : $0.row < $1.row }
        keys.reserveCapacity(entries.count)
        rows.reserveCapacity(entries.count)
        var start = 0
        while start < entries.count {
            var end = start + 1
            while end < entries.count, entries[end].key == entries[start].key { end += 1 }
            if end - start > maxBlockSize {
                oversizedBlocks += 1
                oversizedRows += end - start
            } else {
                for entry in entries[start..<end] {
                    keys.append(entry.key)
                    rows.append(entry.row)
                }
            }
            start = end
        }
    }

    /// Index positions of the right rows whose key is `key`.
    @inline(__always)
    func block(_ key: UInt64) -> Range<Int> {
        var low = 0
        var high = keys.count
        while low < high {
            let middle = (low + high) >> 1
            if keys[middle] < key { low = middle + 1 } else { high = middle }
        }
        var end = low
        while end < keys.count, keys[end] == key { end += 1 }
        return low..<end
    }

    @inline(__always)
    func row(at position: Int) -> Int { Int(rows[position]) }

    /// Number of right rows indexed (not counting oversized blocks).
    public var indexedRows: Int { rows.count }
}

/// One candidate: a right entity, and the rules (bit mask, bit r for rule r) whose blocks paired it
/// with the left record.
public struct Candidate: Sendable, Equatable {
    public var entity: Int32
    public var rules: UInt32

    /// The first rule that found the pair (the one that "owns" it in per-rule pair counts).
    public var firstRule: Int { rules.trailingZeroBitCount }
}

/// Candidate pairs: the union over blocking rules, each right entity once per left record.
public struct Blocker: Sendable {
    public let indexes: [BlockIndex]

    public init(settings: LinkSettings, right: RecordTable) {
        precondition(settings.blocking.rules.count <= 32, "at most 32 blocking rules")
        indexes = settings.blocking.rules.map {
            BlockIndex(rule: ResolvedRule($0, settings: settings), table: right, maxBlockSize: settings.blocking.maxBlockSize)
        }
    }

    /// The candidates for `leftRow`, ascending by entity, into `buffer` (reused between calls).
    ///
    /// - Complexity: O(R log n + c log c) for R rules and c candidate rows.
    public func candidates(left: RecordTable, leftRow: Int, right: RecordTable, into buffer: inout [Candidate]) {
        buffer.removeAll(keepingCapacity: true)
        for (r, index) in indexes.enumerated() {
            guard let key = index.rule.key(in: left, row: leftRow) else { continue }
            for position in index.block(key) {
                let rightRow = index.row(at: position)
                guard index.rule.agrees(left: left, leftRow: leftRow, right: right, rightRow: rightRow) else { continue }
                buffer.append(Candidate(entity: right.entityOfRow[rightRow], rules: 1 << UInt32(r)))
            }
        }
        guard buffer.count > 1 else { return }
        buffer.sort { $0.entity < $1.entity }
        var write = 0
        for read in 1..<buffer.count {
            if buffer[read].entity == buffer[write].entity {
                buffer[write].rules |= buffer[read].rules
            } else {
                write += 1
                buffer[write] = buffer[read]
            }
        }
        buffer.removeLast(buffer.count - write - 1)
    }
}
