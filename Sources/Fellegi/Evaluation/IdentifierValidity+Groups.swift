import Comparators

extension IdentifierValidity {
    /// The missing counts of numbered groups of records (providers, months), in one flat array:
    /// group `g`, comparison `k`, reason `r` at `(g · comparisons + k) · reasons + r`. Adding a record
    /// is one increment per missing identifier, with no nested array to reach; `validity(group:records:)`
    /// gives a group's `IdentifierValidity`.
    struct Groups: Sendable {
        let comparisons: Int
        /// `MissingReason.allCases.count` (stored: read per record).
        let reasons = MissingReason.allCases.count
        private(set) var missing: [Int] = []

        init(comparisons: Int) { self.comparisons = comparisons }

        /// Groups with a cell (numbered 0..<count).
        var count: Int { comparisons == 0 ? 0 : missing.count / (comparisons * reasons) }

        /// Adds one record of group `group` missing comparison `k` for reason `reason` (a
        /// `MissingReason.rawValue`); groups up to `group` get cells.
        @inline(__always)
        mutating func add(group: Int, _ k: Int, reason: UInt8) {
            let cell = (group * comparisons + k) * reasons + Int(reason)
            if cell >= missing.count { grow(to: group + 1) }
            missing[cell] += 1
        }

        private mutating func grow(to groups: Int) {
            missing.append(contentsOf: repeatElement(0, count: groups * comparisons * reasons - missing.count))
        }

        /// Group `group`'s counts, for its `records` records (a group without a cell has none missing).
        func validity(group: Int, records: Int) -> IdentifierValidity {
            let rows = (0..<comparisons).map { k -> [Int] in
                let start = (group * comparisons + k) * reasons
                return start < missing.count ? Array(missing[start..<start + reasons]) : Array(repeating: 0, count: reasons)
            }
            return IdentifierValidity(records: records, missing: rows)
        }
    }
}
