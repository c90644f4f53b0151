import Kernels
import LinkIO

/// Right-side ids that were merged or replaced, as an id-changes file lists them: one row per change,
/// columns `OLD_<id>,NEW_<id>` for the right side's id column (with the default settings the
/// Old_New_HESID file, `OLD_HESID,NEW_HESID`). Every link must come out under the **current** id, so
/// chains A→B→C resolve to C.
///
/// An old id mapped to two different new ones, or a chain that returns to itself (a cycle), is a
/// located input error; every such problem is reported at once. Messages name lines, never ids.
package struct IdentifierChanges: Sendable {
    /// The old ids as bytes, and each one's current id (by interned index), chains already
    /// resolved, so a loader can ask about every right-side row without making a `String` of it.
    private let oldIDs: StringInterner
    private let currentByOld: [String]
    /// A bit per hash bucket of the old ids (eight bits per id): most current ids are turned away
    /// here, in cache, without probing `oldIDs`.
    private let filter: [UInt64]
    private let filterMask: Int

    package var count: Int { currentByOld.count }

    /// The columns of an id-changes file for the id column `idColumn` (`OLD_HESID`, `NEW_HESID`).
    package static func columns(idColumn: String) -> (old: String, new: String) { ("OLD_\(idColumn)", "NEW_\(idColumn)") }

    /// No changes.
    package init() {
        oldIDs = StringInterner()
        currentByOld = []
        filter = [0]
        filterMask = 63
    }

    /// Builds the resolved map from `(old, new, line)` rows read from `file`, an id-changes file for
    /// the id column `idColumn` (which names the columns and the ids in messages).
    ///
    /// - Complexity: O(n) expected; each chain is walked once thanks to memoisation.
    // Over 60 lines on purpose: chain resolution, cycle and two-way checks in one pass, each error located on its row.
    package init(rows: [(old: String, new: String, line: Int)], file: String, idColumn: String) throws {
        let columns = Self.columns(idColumn: idColumn)
        var next: [String: (new: String, line: Int)] = [:]
        var problems: [InputError] = []
        for row in rows {
            if row.old == row.new {
                problems.append(InputError(file: file, line: row.line, column: columns.new, "maps a \(idColumn) to itself"))
                continue
            }
            if let earlier = next[row.old] {
                if earlier.new != row.new {
                    problems.append(InputError(
                        file: file, line: row.line, column: columns.old,
                        "maps an old \(idColumn) to a second new \(idColumn) (first mapped on line \(earlier.line))"))
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
                            file: file, line: firstLine, column: columns.new,
                            "\(idColumn) changes form a cycle of \(cycle.count) (a \(idColumn) would become itself)"))
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
            let bit = copy.withUTF8 { Self.filterBit(KeyHash.hash($0), mask: bits - 1) }
            filter[bit >> 6] |= 1 << UInt64(bit & 63)
        }
        self.filter = filter
        filterMask = bits - 1
    }

    /// The filter bit of a hash (bits the interner's slots and shards do not use first).
    @inline(__always)
    private static func filterBit(_ hash: UInt64, mask: Int) -> Int { Int(truncatingIfNeeded: hash >> 24) & mask }

    /// Every old id with its current id (chains resolved), in old-HESID order.
    ///
    /// - Complexity: O(n log n).
    package var resolved: [(old: String, current: String)] {
        (0..<oldIDs.count).map { (old: oldIDs[$0], current: currentByOld[$0]) }.sorted { $0.old < $1.old }
    }

    /// The current id for `id` (itself when it never changed).
    package func current(_ id: String) -> String {
        var id = id
        return id.withUTF8 { current(ofOld: $0) } ?? id
    }

    /// True when `id` is an old id.
    package func isOld(_ id: String) -> Bool {
        var id = id
        return id.withUTF8 { current(ofOld: $0) } != nil
    }

    /// The current id when the bytes `id` are an old id, else nil (the id is current).
    ///
    /// - Complexity: O(length); allocates only for an old id's answer.
    package func current(ofOld id: UnsafeBufferPointer<UInt8>) -> String? {
        guard !currentByOld.isEmpty else { return nil }
        let hash = KeyHash.hash(id)
        let bit = Self.filterBit(hash, mask: filterMask)
        guard filter[bit >> 6] & (1 << UInt64(bit & 63)) != 0 else { return nil }
        return oldIDs.index(of: id, hash: hash).map { currentByOld[$0] }
    }
}
