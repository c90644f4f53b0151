import LinkIO

/// The Old_New_HESID file: HESIDs that were merged or replaced (`OLD_HESID,NEW_HESID`). Every link
/// must come out under the **current** HESID, so chains A→B→C resolve to C.
///
/// An old HESID mapped to two different new ones, or a chain that returns to itself (a cycle), is a
/// located input error; every such problem is reported at once. Messages name lines, never HESIDs.
public struct HESIDChanges: Sendable {
    /// Old HESID → current HESID, chains already resolved.
    private let current: [String: String]
    /// The old HESIDs as bytes, and each one's current HESID (by interned index), so a loader can
    /// ask about every HES row without making a `String` of it.
    private let oldIDs: StringInterner
    private let currentByOld: [String]
    /// A bit per hash bucket of the old ids (eight bits per id): most current ids are turned away
    /// here, in cache, without probing `oldIDs`.
    private let filter: [UInt64]
    private let filterMask: Int

    public var count: Int { current.count }

    /// No changes.
    public init() {
        current = [:]
        oldIDs = StringInterner()
        currentByOld = []
        filter = [0]
        filterMask = 63
    }

    /// Builds the resolved map from `(old, new, line)` rows read from `file`.
    ///
    /// - Complexity: O(n) expected; each chain is walked once thanks to memoisation.
    public init(rows: [(old: String, new: String, line: Int)], file: String) throws {
        var next: [String: (new: String, line: Int)] = [:]
        var problems: [InputError] = []
        for row in rows {
            if row.old == row.new {
                problems.append(InputError(file: file, line: row.line, column: "NEW_HESID", "maps a HESID to itself"))
                continue
            }
            if let earlier = next[row.old] {
                if earlier.new != row.new {
                    problems.append(InputError(
                        file: file, line: row.line, column: "OLD_HESID",
                        "maps an old HESID to a second new HESID (first mapped on line \(earlier.line))"))
                }
                continue
            }
            next[row.old] = (row.new, row.line)
        }
        var resolved: [String: String] = [:]
        var reportedCycles: Set<String> = []
        for old in next.keys.sorted() {
            var path: [String] = []
            var onPath: Set<String> = []
            var id = old
            var end: String?
            while true {
                if let known = resolved[id] {
                    end = known
                    break
                }
                guard let step = next[id] else {
                    end = id
                    break
                }
                if !onPath.insert(id).inserted {
                    // A cycle: report it once, at the line of its smallest member (stable order).
                    let cycle = Set(path.drop { $0 != id })
                    if reportedCycles.isDisjoint(with: cycle) {
                        reportedCycles.formUnion(cycle)
                        let firstLine = cycle.compactMap { next[$0]?.line }.min() ?? step.line
                        problems.append(InputError(
                            file: file, line: firstLine, column: "NEW_HESID",
                            "HESID changes form a cycle of \(cycle.count) (a HESID would become itself)"))
                    }
                    break
                }
                path.append(id)
                id = step.new
            }
            if let end {
                for member in path { resolved[member] = end }
            }
        }
        try InputErrors.throwIfAny(problems.sorted { ($0.line ?? 0) < ($1.line ?? 0) })
        current = resolved
        var interner = StringInterner(capacity: resolved.count)
        var currentByOld: [String] = []
        for (old, new) in resolved.sorted(by: { $0.key < $1.key }) {
            _ = interner.intern(old)
            currentByOld.append(new)
        }
        oldIDs = interner
        self.currentByOld = currentByOld
        var bits = 64
        while bits < resolved.count * 8 { bits <<= 1 }
        var filter = [UInt64](repeating: 0, count: bits / 64)
        for old in resolved.keys {
            var copy = old
            let bit = copy.withUTF8 { Self.filterBit(StringInterner.hash($0), mask: bits - 1) }
            filter[bit >> 6] |= 1 << UInt64(bit & 63)
        }
        self.filter = filter
        filterMask = bits - 1
    }

    /// The filter bit of a hash (bits the interner's slots and shards do not use first).
    @inline(__always)
    private static func filterBit(_ hash: UInt64, mask: Int) -> Int { Int(truncatingIfNeeded: hash >> 24) & mask }

    /// Every old HESID with its current HESID (chains resolved), in old-HESID order.
    ///
    /// - Complexity: O(n log n).
    public var resolved: [(old: String, current: String)] {
        current.sorted { $0.key < $1.key }.map { (old: $0.key, current: $0.value) }
    }

    /// The current HESID for `id` (itself when it never changed).
    public func current(_ id: String) -> String { current[id] ?? id }

    /// True when `id` is an old HESID.
    public func isOld(_ id: String) -> Bool { current[id] != nil }

    /// The current HESID when the bytes `id` are an old HESID, else nil (the id is current).
    ///
    /// - Complexity: O(length); allocates only for an old id's answer.
    public func current(ofOld id: UnsafeBufferPointer<UInt8>) -> String? {
        guard !currentByOld.isEmpty else { return nil }
        let hash = StringInterner.hash(id)
        let bit = Self.filterBit(hash, mask: filterMask)
        guard filter[bit >> 6] & (1 << UInt64(bit & 63)) != 0 else { return nil }
        return oldIDs.index(of: id, hash: hash).map { currentByOld[$0] }
    }
}
