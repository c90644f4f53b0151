import Kernels

/// How often each value occurs on the right side (the index), for term-frequency adjustment and for
/// the u-probability of exact agreement.
///
/// A pair agreeing exactly on value v is a coincidence among non-matches with probability about
/// p(v) = (right entities with v) / (right entities with a value), not the average u of the level. The
/// adjusted weight of exact agreement is log2(m / p(v)), i.e. the level weight plus
/// log2(u_level / p(v)): a care-home postcode or 1 January counts for less than a rare value.
/// (Winkler 1989, "Frequency-based matching in Fellegi–Sunter model of record linkage"; Splink's
/// term-frequency adjustments.)
package struct TermFrequencies: Sendable {
    /// Distinct codes, ascending, and their counts.
    package let values: FlatColumn<UInt64>
    package let counts: FlatColumn<Int32>
    /// Right entities with at least one non-null value (the denominator of p(v)).
    package let entitiesWithValue: Int

    /// Counts comparison `k`'s codes on `table` (coded comparisons only).
    ///
    /// - Complexity: O(n) for n rows: chunks of rows in parallel, then a radix sort.
    /// Each entity counts once per distinct value across its rows (a HESID's address history repeats
    /// its birth date; it is one person with that birth date, not several).
    package init(table: RecordTable, comparison k: Int, threads: Int = 1) {
        self.init(table: table, comparison: k, earlier: EarlierRows(table), threads: threads)
    }

    /// As `init(table:comparison:threads:)`, with the table's `EarlierRows` made once for all its comparisons.
    init(table: RecordTable, comparison k: Int, earlier: EarlierRows, threads: Int) {
        let codes = table.codes[k]
        // Row order, not entity order: right entities are numbered by id shard, so reading the codes
        // entity by entity missed the cache on nearly every row (at 100M persons, most of `linkfit
        // index`'s value-frequency stage). Each row keeps its code unless an earlier row of its
        // entity has that code (0 then, as for a missing value); an entity is counted as having a
        // value at its first row with one. Chunks of rows are fixed by the data and fill disjoint
        // slots, so the result is the same for any thread count.
        var perRow = [UInt64](unfilledCount: table.rowCount)
        let chunks = ParallelChunks.ranges(total: table.rowCount, size: 1 << 16)
        let seen = codes.withUnsafeBufferPointer { codes in
            earlier.previous.withUnsafeBufferPointer { previous in
                perRow.withDisjointWrites { slots in
                    ParallelChunks.map(count: chunks.count, threads: threads) { chunk -> Int in
                        let own = slots.share(chunks[chunk])
                        var seen = 0
                        for row in chunks[chunk] {
                            var code = codes[row]
                            var earlierValue = false
                            var before = Int(previous[row])
                            while before >= 0 {
                                let other = codes[before]
                                if other != 0 { earlierValue = true }
                                if other == code { code = 0 }
                                before = Int(previous[before])
                            }
                            own[row] = code
                            if code != 0, !earlierValue { seen += 1 }
                        }
                        return seen
                    }.reduce(0, +)
                }
            }
        }
        let (values, counts) = Self.count(consume perRow, threads: threads)
        (self.values, self.counts) = (FlatColumn(values), FlatColumn(counts))
        entitiesWithValue = max(seen, 1)
    }

    /// Per row of a table: the previous row of its entity, or -1 for an entity's first row. A
    /// walk back from a row visits its entity's earlier rows, near it when the file keeps an entity's
    /// rows together, and none for an entity of one row.
    struct EarlierRows {
        let previous: [Int32]

        /// - Complexity: O(rows), one write per row after an entity's first.
        init(_ table: RecordTable) {
            var previous = [Int32](repeating: -1, count: table.rowCount)
            table.entityRows.withUnsafeBufferPointer { entityRows in
                table.entityRowStart.withUnsafeBufferPointer { starts in
                    previous.withUnsafeMutableBufferPointer { previous in
                        for entity in 0..<table.entityCount {
                            let (first, end) = (Int(starts[entity]), Int(starts[entity + 1]))
                            guard end - first > 1 else { continue }
                            for position in (first + 1)..<end { previous[Int(entityRows[position])] = entityRows[position - 1] }
                        }
                    }
                }
            }
            self.previous = previous
        }
    }

    /// A table counted elsewhere (a sharded job's tables file, `ShardTables`; an index file,
    /// `HESIndex`): `values` ascending and distinct, each with its count of entities;
    /// `entitiesWithValue` as `init(table:comparison:)` counts it (at least 1 is used). Nil unless
    /// there is one count per value and the values ascend.
    ///
    /// - Complexity: O(values), to check them.
    package init?(values: FlatColumn<UInt64>, counts: FlatColumn<Int32>, entitiesWithValue: Int) {
        guard values.count == counts.count, zip(values, values.dropFirst()).allSatisfy({ $0 < $1 }) else { return nil }
        self.values = values
        self.counts = counts
        self.entitiesWithValue = max(entitiesWithValue, 1)
    }

    /// The value frequencies of every coded comparison of `table` (nil for text ones): what fitting
    /// needs, and what a HES index holds.
    package static func ofCodedComparisons(_ table: RecordTable, settings: LinkSettings, threads: Int) -> [TermFrequencies?] {
        let earlier = EarlierRows(table)
        return settings.comparisons.indices.map { k in
            settings.comparisons[k].kind.isText ? nil : TermFrequencies(table: table, comparison: k, earlier: earlier, threads: threads)
        }
    }

    /// Sorted distinct non-zero codes and their counts.
    ///
    /// - Complexity: O(n): a radix sort, then the runs of equal codes found over fixed chunks of the
    ///   sorted codes in parallel (each chunk takes the runs that start in it). The same for any
    ///   thread count.
    static func count(_ codes: consuming [UInt64], threads: Int = 1) -> ([UInt64], [Int32]) {
        let sorted = RadixSort.sortedNonZero(consume codes, threads: threads)
        let chunks = ParallelChunks.ranges(total: sorted.count, size: 1 << 16)
        let runStarts = ParallelChunks.map(count: chunks.count, threads: threads) { chunk in
            chunks[chunk].reduce(0) { $0 + ($1 == 0 || sorted[$1] != sorted[$1 - 1] ? 1 : 0) }
        }
        // Each chunk's first slot: the runs that start in earlier chunks.
        let firstSlots = runStarts.reduce(into: [0]) { $0.append($0[$0.count - 1] + $1) }
        let distinct = firstSlots[chunks.count]
        var values = [UInt64](unfilledCount: distinct)
        var counts = [Int32](unfilledCount: distinct)
        values.withDisjointWrites { valuesOut in
            counts.withDisjointWrites { countsOut in
                _ = ParallelChunks.map(count: chunks.count, threads: threads) { chunk in
                    let (values, counts) = (valuesOut.share(firstSlots[chunk]..<firstSlots[chunk + 1]),
                                            countsOut.share(firstSlots[chunk]..<firstSlots[chunk + 1]))
                    var slot = firstSlots[chunk]
                    for start in chunks[chunk] where start == 0 || sorted[start] != sorted[start - 1] {
                        var end = start + 1
                        while end < sorted.count, sorted[end] == sorted[start] { end += 1 }
                        values[slot] = sorted[start]
                        counts[slot] = Int32(end - start)
                        slot += 1
                    }
                }
            }
        }
        return (values, counts)
    }

    /// Entities with `code`.
    @inline(__always)
    package func count(of code: UInt64) -> Int {
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
    package func probability(of code: UInt64) -> Double {
        Double(max(count(of: code), 1)) / Double(entitiesWithValue)
    }

    /// Summary for the model file (never the values themselves: they may identify patients).
    package var summary: (distinct: Int, largest: Int, entities: Int) {
        (values.count, Int(counts.max() ?? 0), entitiesWithValue)
    }
}
