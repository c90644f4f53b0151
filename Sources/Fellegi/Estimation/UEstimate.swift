import Comparators
import Kernels
import LinkIO

/// u-probabilities, P(level | non-match), estimated without labels and without blocking bias.
///
/// - Exact-agreement levels (`FieldComparison.equalityLevels`) come from value frequencies:
///   u = Σ_v pL(v) · pR(v), the chance that a random left record and a random right entity share a
///   value. This is exact, and it matters: agreement on an NHS number among random pairs has
///   probability ~1/N, which no feasible random sample sees 100 times at national scale.
/// - The other levels come from **seeded random sampling** of (left record, right entity) pairs
///   (a random right entity against a run of 256 consecutive left records from a random start):
///   u_l = (1 − Σ u_exact) · (s_l + ½) / (Σ s + ½·L′) over the L′ non-exact levels (a Jeffreys
///   prior, so a level never seen is small but not zero). Levels seen fewer than the configured
///   minimum are flagged in the training report.
/// Random pairs are almost all non-matches (λ ~ 1/N), so their level frequencies estimate u.
package struct UEstimate: Sendable, Equatable {
    /// u per comparison per level (index 0, the null level, is 0).
    package var u: [[Double]]
    package var sampledPairs: Int
    /// Random-sample counts per comparison per level (null level included).
    package var sampledCounts: [[Int]]
    /// Per comparison per level: `frequency`, `sample`, or `sample-sparse` (seen < minimum times).
    package var sources: [[String]]

    /// - Complexity: O(samplePairs × K) comparisons plus O(n) frequency counts.
    /// - Parameter frequencies: the right side's value counts per coded comparison (nil for text).
    // Over 60 lines on purpose: the random-pair sampling loop and the Jeffreys-prior estimate it feeds read as one formula.
    package static func estimate(
        scan: PairScan, frequencies: [TermFrequencies?], samplePairs: Int, seed: UInt64, minimumCount: Int, threads: Int,
        progress: WorkCounter? = nil
    ) -> UEstimate {
        let left = scan.left
        let right = scan.right
        let comparisons = scan.comparisons
        let K = comparisons.count
        let comparators = comparisons.map(\.comparator)
        let chunkPairs = 65_536
        let runLength = 256
        let chunks = ParallelChunks.ranges(total: samplePairs, size: chunkPairs)
        let perChunk: [[[Int]]] = ParallelChunks.map(count: chunks.count, threads: threads) { chunk in
            var counts = comparisons.map { [Int](repeating: 0, count: $0.levelCount) }
            guard left.rowCount > 0, right.entityCount > 0 else { return counts }
            var random = SplitMix64(seed: seed, stream: UInt64(chunk))
            var remaining = chunks[chunk].count
            while remaining > 0 {
                // A random right entity against a run of consecutive left records from a random start:
                // each pair is uniformly random, the entity's rows (scattered in the index) are read
                // once per run, and the left rows are read in order.
                let entity = Int(random.next() % UInt64(right.entityCount))
                let start = Int(random.next() % UInt64(left.rowCount))
                let pairs = min(runLength, remaining)
                // Comparison by comparison over the run, so that each comparator and its count row are
                // taken once per run, not once per pair (a copy per pair retained and released them).
                for k in 0..<K {
                    let comparator = comparators[k]
                    var levelCounts = counts[k]
                    var leftRow = start
                    for _ in 0..<pairs {
                        levelCounts[comparator.level(k, left: left, leftRow: leftRow, right: right, entity: entity)] += 1
                        leftRow = leftRow + 1 == left.rowCount ? 0 : leftRow + 1
                    }
                    counts[k] = levelCounts
                }
                remaining -= pairs
            }
            progress?.add(chunks[chunk].count)
            return counts
        }
        var sampled = comparisons.map { [Int](repeating: 0, count: $0.levelCount) }
        for counts in perChunk {
            for k in 0..<K { for l in counts[k].indices { sampled[k][l] += counts[k][l] } }
        }

        var u: [[Double]] = []
        var sources: [[String]] = []
        for k in 0..<K {
            let levels = comparisons[k].levelCount
            var uk = [Double](repeating: 0, count: levels)
            var sourceK = [String](repeating: "", count: levels)
            let exactLevels = comparisons[k].settings.kind.isText ? [] : comparisons[k].equalityLevels
            if !exactLevels.isEmpty, let rightFrequencies = frequencies[k] {
                let frequencies = exactAgreement(left: left, right: rightFrequencies, comparison: k,
                                                 placeholderLevel: exactLevels.count > 1, threads: threads)
                for (index, level) in exactLevels.enumerated() {
                    uk[level] = frequencies[index]
                    sourceK[level] = "frequency"
                }
            }
            let others = (1..<levels).filter { !exactLevels.contains($0) }
            let exactMass = exactLevels.reduce(0) { $0 + uk[$1] }
            let total = others.reduce(0.0) { $0 + Double(sampled[k][$1]) } + 0.5 * Double(others.count)
            for level in others {
                uk[level] = (1 - exactMass) * (Double(sampled[k][level]) + 0.5) / total
                sourceK[level] = sampled[k][level] >= minimumCount ? "sample" : "sample-sparse"
            }
            u.append(uk)
            sources.append(sourceK)
        }
        return UEstimate(u: u, sampledPairs: samplePairs, sampledCounts: sampled, sources: sources)
    }

    /// Σ_v pL(v)·pR(v) over the codes of the exact level (and, with a placeholder level, separately
    /// over placeholder codes): a merge join of the two sides' sorted value counts.
    static func exactAgreement(left: RecordTable, right rightFrequencies: TermFrequencies, comparison k: Int,
                               placeholderLevel: Bool, threads: Int) -> [Double] {
        let (leftValues, leftCounts) = TermFrequencies.count(left.codes[k].array, threads: threads)
        let leftTotal = Double(max(leftCounts.reduce(0) { $0 + Int($1) }, 1))
        var exact = 0.0
        var placeholder = 0.0
        var j = 0
        for (index, value) in leftValues.enumerated() {
            while j < rightFrequencies.values.count, rightFrequencies.values[j] < value { j += 1 }
            guard j < rightFrequencies.values.count, rightFrequencies.values[j] == value else { continue }
            let share = Double(leftCounts[index]) / leftTotal * Double(rightFrequencies.counts[j]) / Double(rightFrequencies.entitiesWithValue)
            if placeholderLevel, FieldCode.isPlaceholderDate(value) { placeholder += share } else { exact += share }
        }
        let floor = 1 / (leftTotal * Double(rightFrequencies.entitiesWithValue))
        return placeholderLevel ? [max(exact, floor), max(placeholder, floor)] : [max(exact, floor)]
    }
}
