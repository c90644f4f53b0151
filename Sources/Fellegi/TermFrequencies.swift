/// How often each value occurs on the right side (the index), for term-frequency adjustment and for
/// the u-probability of exact agreement.
///
/// A pair agreeing exactly on value v is a coincidence among non-matches with probability about
/// p(v) = (right entities with v) / (right entities with a value), not the average u of the level. The
/// adjusted weight of exact agreement is log2(m / p(v)), i.e. the level weight plus
/// log2(u_level / p(v)): a care-home postcode or 1 January counts for less than a rare value.
/// (Winkler 1989, "Frequency-based matching in Fellegi–Sunter model of record linkage"; Splink's
/// term-frequency adjustments.)
public struct TermFrequencies: Sendable {
    /// Distinct codes, ascending, and their counts.
    public let values: [UInt64]
    public let counts: [Int32]
    /// Right entities with at least one non-null value (the denominator of p(v)).
    public let entitiesWithValue: Int

    /// Counts comparison `k`'s codes on `table` (coded comparisons only).
    ///
    /// - Complexity: O(n log n) for n rows.
    /// Each entity counts once per distinct value across its rows (a HESID's address history repeats
    /// its birth date; it is one person with that birth date, not several).
    public init(table: RecordTable, comparison k: Int) {
        let codes = table.codes[k]
        var perEntity: [UInt64] = []
        perEntity.reserveCapacity(table.entityCount)
        var seen = 0
        for entity in 0..<table.entityCount {
            let rows = table.rows(ofEntity: entity)
            var any = false
            for position in rows {
                let code = codes[Int(table.entityRows[position])]
                guard code != 0 else { continue }
                any = true
                let repeated = table.entityRows[rows.lowerBound..<position].contains { codes[Int($0)] == code }
                if !repeated { perEntity.append(code) }
            }
            if any { seen += 1 }
        }
        let (values, counts) = Self.count(perEntity)
        self.values = values
        self.counts = counts
        entitiesWithValue = max(seen, 1)
    }

    /// Sorted distinct non-zero codes and their counts.
    static func count(_ codes: [UInt64]) -> ([UInt64], [Int32]) {
        var sorted = codes.filter { $0 != 0 }
        sorted.sort()
        var values: [UInt64] = []
        var counts: [Int32] = []
        for code in sorted {
            if values.last == code {
                counts[counts.count - 1] += 1
            } else {
                values.append(code)
                counts.append(1)
            }
        }
        return (values, counts)
    }

    /// Entities with `code`.
    @inline(__always)
    public func count(of code: UInt64) -> Int {
        var low = 0
        var high = values.count
        while low < high {
            let middle = (low + high) >> 1
            if values[middle] < code { low = middle + 1 } else { high = middle }
        }
        return low < values.count && values[low] == code ? Int(counts[low]) : 0
    }

    /// p(v): the probability that a random right entity has value `code`, at least 1/entities.
    @inline(__always)
    public func probability(of code: UInt64) -> Double {
        Double(max(count(of: code), 1)) / Double(entitiesWithValue)
    }

    /// Summary for the model file (never the values themselves: they may identify patients).
    public var summary: (distinct: Int, largest: Int, entities: Int) {
        (values.count, Int(counts.max() ?? 0), entitiesWithValue)
    }
}
