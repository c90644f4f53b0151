/// Counts of agreement patterns: how many candidate pairs (or how much weight) fell on each
/// combination of comparison levels γ = (γ₁ … γ_K).
///
/// EM never looks at pairs, only at these counts (Enamorado, Fifield & Imai 2019, fastLink
/// `tableCounts`): the number of distinct patterns is at most Π L_k, so fitting costs the same for
/// ten thousand pairs as for ten billion.
///
/// A pattern is stored as a packed mixed-radix code, comparison 0 the most significant digit:
///
///     code(γ) = Σ_k γ_k · stride_k,   stride_k = Π_{j>k} L_j
///
/// so ascending code is lexicographic order of the level tuples. When the pattern space Π L_k is at
/// most `defaultDenseLimit` the counts live in a dense array indexed by code, otherwise in a
/// dictionary keyed by code. Counts are `Double` so that pairs may carry weights; integer counts stay
/// exact up to 2⁵³.
///
/// Determinism: per-thread counts are combined with `merging(_:)` or `merged(_:)` in a fixed order
/// (chunk 0, 1, 2 …), and `entries` lists patterns in ascending code, whatever the storage.
package struct PatternCounts: Sendable {
    /// Π L_k above which counts are kept in a dictionary rather than a dense array (2²⁰ = 1,048,576
    /// slots, 8 MiB).
    package static let defaultDenseLimit: UInt64 = 1 << 20

    /// L_k for each comparison: its number of levels, level 0 (null) included.
    package let levelCounts: [Int]
    /// The place value of each comparison's level in a pattern code (see the type's discussion).
    package let strides: [UInt64]
    /// Π L_k: the number of possible patterns; every code is below it.
    package let patternSpace: UInt64

    /// True when counts are held in a dense array indexed by code.
    let isDense: Bool
    private var dense: [Double]
    private var sparse: [UInt64: Double]

    /// Empty counts for comparisons with these level counts (null level included, so each is ≥ 1).
    ///
    /// - Parameter denseLimit: use a dense array when Π L_k ≤ this; a dictionary otherwise.
    /// - Precondition: every level count ≥ 1 and Π L_k fits in `UInt64` (programmer errors: the level
    ///   counts come from the comparison definitions, not from data).
    package init(levelCounts: [Int], denseLimit: UInt64 = PatternCounts.defaultDenseLimit) {
        precondition(levelCounts.allSatisfy { $0 >= 1 }, "every comparison has at least its null level")
        var strides = [UInt64](repeating: 1, count: levelCounts.count)
        var space: UInt64 = 1
        for k in levelCounts.indices.reversed() {
            strides[k] = space
            let (product, overflow) = space.multipliedReportingOverflow(by: UInt64(levelCounts[k]))
            precondition(!overflow, "the pattern space does not fit in 64 bits")
            space = product
        }
        self.levelCounts = levelCounts
        self.strides = strides
        self.patternSpace = space
        self.isDense = space <= denseLimit
        self.dense = isDense ? [Double](repeating: 0, count: Int(space)) : []
        self.sparse = [:]
    }

    /// K: the number of comparisons.
    package var comparisonCount: Int { levelCounts.count }

    // MARK: Codes

    /// The packed code of a pattern.
    /// - Complexity: O(K).
    package func code(of levels: [Int]) -> UInt64 {
        precondition(levels.count == levelCounts.count, "one level per comparison")
        var code: UInt64 = 0
        for k in levels.indices {
            precondition(levels[k] >= 0 && levels[k] < levelCounts[k], "level out of range for its comparison")
            code &+= UInt64(levels[k]) &* strides[k]
        }
        return code
    }

    /// The levels of a packed code.
    /// - Complexity: O(K).
    package func levels(of code: UInt64) -> [Int] {
        precondition(code < patternSpace, "code outside the pattern space")
        var rest = code
        var levels = [Int](repeating: 0, count: levelCounts.count)
        for k in levelCounts.indices {
            levels[k] = Int(rest / strides[k])
            rest %= strides[k]
        }
        return levels
    }

    // MARK: Accumulating

    /// Adds `count` pairs (or that much weight) with the pattern `levels`.
    /// - Precondition: `count` is finite and ≥ 0; each level is in range.
    /// - Complexity: O(K).
    package mutating func add(levels: [Int], count: Double = 1) {
        add(code: code(of: levels), count: count)
    }

    /// Adds `count` pairs (or that much weight) with the pattern whose packed code is `code`.
    /// - Precondition: `count` is finite and ≥ 0; `code < patternSpace`.
    /// - Complexity: O(1) (amortised, for dictionary storage).
    package mutating func add(code: UInt64, count: Double = 1) {
        precondition(code < patternSpace, "code outside the pattern space")
        precondition(count.isFinite && count >= 0, "a pattern count is finite and non-negative")
        if isDense {
            dense[Int(code)] += count
        } else {
            sparse[code, default: 0] += count
        }
    }

    /// The count of one pattern (0 when never seen).
    package func count(ofCode code: UInt64) -> Double {
        precondition(code < patternSpace, "code outside the pattern space")
        return isDense ? dense[Int(code)] : sparse[code, default: 0]
    }

    /// These counts plus `other`'s, pattern by pattern.
    /// - Precondition: the same level counts.
    /// - Complexity: O(Π L_k) for dense storage, O(distinct patterns of `other`) otherwise.
    package func merging(_ other: PatternCounts) -> PatternCounts {
        precondition(levelCounts == other.levelCounts, "merged counts share their comparisons")
        var result = self
        if isDense && other.isDense {
            for i in result.dense.indices { result.dense[i] += other.dense[i] }
        } else {
            for entry in other.codesAndCounts() { result.add(code: entry.code, count: entry.count) }
        }
        return result
    }

    /// The sum of `parts`, merged left to right (part 0 first): the fixed order that makes parallel
    /// accumulation reproducible whatever the thread count.
    /// - Returns: nil when `parts` is empty.
    package static func merged(_ parts: [PatternCounts]) -> PatternCounts? {
        guard var total = parts.first else { return nil }
        for part in parts.dropFirst() { total = total.merging(part) }
        return total
    }

    // MARK: Reading

    /// One pattern and its count.
    package struct Entry: Sendable, Hashable {
        package var code: UInt64
        package var levels: [Int]
        package var count: Double

        package init(code: UInt64, levels: [Int], count: Double) {
            self.code = code
            self.levels = levels
            self.count = count
        }
    }

    /// Every pattern with a non-zero count, in ascending code (lexicographic order of levels).
    /// - Complexity: O(Π L_k) for dense storage; O(P log P) for P distinct patterns otherwise.
    package var entries: [Entry] {
        codesAndCounts().map { Entry(code: $0.code, levels: levels(of: $0.code), count: $0.count) }
    }

    /// (code, count) for every pattern with a non-zero count, in ascending code.
    package func codesAndCounts() -> [(code: UInt64, count: Double)] {
        if isDense {
            var result: [(code: UInt64, count: Double)] = []
            for (i, count) in dense.enumerated() where count != 0 { result.append((UInt64(i), count)) }
            return result
        }
        return sparse.filter { $0.value != 0 }.map { (code: $0.key, count: $0.value) }.sorted { $0.code < $1.code }
    }

    /// The total count (number of pairs, or total weight), summed in ascending code.
    package var total: Double {
        codesAndCounts().reduce(0) { $0 + $1.count }
    }

    /// Per level of comparison `k` (null level at index 0), the total count of patterns at that level.
    /// - Complexity: O(distinct patterns).
    package func levelTotals(comparison k: Int) -> [Double] {
        precondition(levelCounts.indices.contains(k), "comparison index out of range")
        var totals = [Double](repeating: 0, count: levelCounts[k])
        for entry in codesAndCounts() {
            totals[Int((entry.code / strides[k]) % UInt64(levelCounts[k]))] += entry.count
        }
        return totals
    }
}

extension PatternCounts: Equatable {
    /// Equal when the comparisons match and every pattern has the same count (storage kind and
    /// explicitly stored zeros do not matter).
    package static func == (lhs: PatternCounts, rhs: PatternCounts) -> Bool {
        guard lhs.levelCounts == rhs.levelCounts else { return false }
        let left = lhs.codesAndCounts(), right = rhs.codesAndCounts()
        return left.count == right.count && zip(left, right).allSatisfy { $0.code == $1.code && $0.count == $1.count }
    }
}
