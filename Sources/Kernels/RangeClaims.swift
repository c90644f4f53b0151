import Foundation

/// The index ranges handed out on one `DisjointWrites` buffer, kept sorted, for the debug-build check
/// that no two overlap. Release builds never make one.
///
/// - Complexity: `claim` is O(log k) to find the place among k claims, O(k) to insert.
@usableFromInline
final class RangeClaims: @unchecked Sendable {
    private let lock = NSLock()
    /// Non-empty claims, ascending by lower bound, pairwise disjoint.
    private var ranges: [Range<Int>] = []

    init() {}

    /// Records `range`; false when it overlaps a range claimed before (it is then not recorded).
    @usableFromInline
    func claim(_ range: Range<Int>) -> Bool {
        guard !range.isEmpty else { return true }
        lock.lock()
        defer { lock.unlock() }
        var low = 0
        var high = ranges.count
        while low < high {
            let middle = (low + high) >> 1
            if ranges[middle].lowerBound < range.lowerBound { low = middle + 1 } else { high = middle }
        }
        if low > 0, ranges[low - 1].upperBound > range.lowerBound { return false }
        if low < ranges.count, ranges[low].lowerBound < range.upperBound { return false }
        ranges.insert(range, at: low)
        return true
    }
}
