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

}

/// The right side's rows grouped by one rule's key, for O(1) lookup of a left row's block.
///
/// Keys are 64-bit hashes, so their top bits are uniform: rows are bucketed by the top `bits` bits
/// (a counting sort, O(n)), each bucket sorted by (key, row), and a directory of bucket starts
/// finds a key's bucket in one step; a bucket holds about four rows on average. Only the key's low
/// 32 bits are stored (the bucket fixes the top bits): 8 bytes per indexed row in all.
///
/// - Complexity: building is O(n) plus tiny per-bucket sorts; a lookup is O(1) expected.
public struct BlockIndex: Sendable {
    public let rule: ResolvedRule
    private(set) var keys: [UInt32] = []
    private(set) var rows: [Int32] = []
    private var directory: [UInt32] = [0, 0]
    private var shift: UInt64 = 63
    /// Distinct keys with more rows than the cap, and the rows they hold (skipped, reported).
    public private(set) var oversizedBlocks = 0
    public private(set) var oversizedRows = 0
    /// The largest blocks kept (right rows per key), descending, at most ten.
    public private(set) var largestBlocks: [Int] = []

    public init(rule: ResolvedRule, table: RecordTable, maxBlockSize: Int) {
        self.rule = rule
        var allKeys: [UInt64] = []
        var allRows: [Int32] = []
        allKeys.reserveCapacity(table.rowCount)
        allRows.reserveCapacity(table.rowCount)
        for row in 0..<table.rowCount {
            if let key = rule.key(in: table, row: row) {
                allKeys.append(key)
                allRows.append(Int32(row))
            }
        }
        var bits: UInt64 = 1
        while (4 << bits) < allKeys.count, bits < 30 { bits += 1 }
        shift = 64 - bits
        let bucketCount = 1 << Int(bits)
        var start = [UInt32](repeating: 0, count: bucketCount + 1)
        for key in allKeys { start[Int(key >> shift) + 1] += 1 }
        for bucket in 0..<bucketCount { start[bucket + 1] += start[bucket] }
        var fill = start
        var sortedKeys = [UInt32](repeating: 0, count: allKeys.count)
        var sortedRows = [Int32](repeating: 0, count: allKeys.count)
        for index in allKeys.indices {
            let bucket = Int(allKeys[index] >> shift)
            let position = Int(fill[bucket])
            sortedKeys[position] = UInt32(truncatingIfNeeded: allKeys[index])
            sortedRows[position] = allRows[index]
            fill[bucket] += 1
        }
        allKeys = []
        allRows = []
        // Sort within buckets by the stored low 32 bits (rows ascend already: scattered in row order).
        for bucket in 0..<bucketCount where start[bucket + 1] - start[bucket] > 1 {
            let range = Int(start[bucket])..<Int(start[bucket + 1])
            var pairs = range.map { (sortedKeys[$0], sortedRows[$0]) }
            pairs.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
            for (offset, pair) in pairs.enumerated() {
                sortedKeys[range.lowerBound + offset] = pair.0
                sortedRows[range.lowerBound + offset] = pair.1
            }
        }
        // Drop oversized blocks in place, keeping the bucket directory consistent.
        var directory = [UInt32](repeating: 0, count: bucketCount + 1)
        var largest: [Int] = []
        var kept = 0
        var index = 0
        for bucket in 0..<bucketCount {
            directory[bucket] = UInt32(kept)
            while index < Int(start[bucket + 1]) {
                var end = index + 1
                while end < Int(start[bucket + 1]), sortedKeys[end] == sortedKeys[index] { end += 1 }
                let size = end - index
                if size > maxBlockSize {
                    oversizedBlocks += 1
                    oversizedRows += size
                } else {
                    for position in index..<end {
                        sortedKeys[kept] = sortedKeys[position]
                        sortedRows[kept] = sortedRows[position]
                        kept += 1
                    }
                    if largest.count < 10 || size > (largest.last ?? 0) {
                        largest.append(size)
                        largest.sort(by: >)
                        if largest.count > 10 { largest.removeLast() }
                    }
                }
                index = end
            }
        }
        sortedKeys.removeLast(sortedKeys.count - kept)
        sortedRows.removeLast(sortedRows.count - kept)
        let keptKeys = sortedKeys
        let keptRows = sortedRows
        directory[bucketCount] = UInt32(keptKeys.count)
        self.directory = directory
        keys = keptKeys
        rows = keptRows
        largestBlocks = largest
    }

    /// Index positions of the right rows whose key is `key`.
    @inline(__always)
    func block(_ key: UInt64) -> Range<Int> {
        let bucket = Int(key >> shift)
        let low32 = UInt32(truncatingIfNeeded: key)
        var low = Int(directory[bucket])
        let high = Int(directory[bucket + 1])
        while low < high, keys[low] < low32 { low += 1 }
        var end = low
        while end < high, keys[end] == low32 { end += 1 }
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
            // Keys are 64-bit mixes of the parts: two different part values collide with probability
            // ~2⁻⁶⁴ per lookup, and a collision would only add a candidate that scoring rejects.
            for position in index.block(key) {
                let rightRow = index.row(at: position)
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
