/// Least-significant-digit radix sort of `UInt64` codes (8-bit digits), parallel and deterministic.
public enum RadixSort {
    /// The non-zero `keys`, ascending (0, the missing code, is dropped).
    ///
    /// One counting pass takes the histograms of all eight digits; a digit position where every key
    /// has the same digit is skipped (a ten-digit NHS number needs five passes, a date three, a sex
    /// code one). In each pass every worker takes a contiguous share of the keys, counts them per
    /// digit value, and after a prefix sum over (digit value, worker) scatters them, in order, into
    /// its own buckets (`DisjointWrites.Scatter`): each pass is stable, so the result is sorted, and a
    /// sorted array is unique, so it is the same for any thread count.
    ///
    /// - Complexity: O(n) per pass, at most eight passes after the counting pass.
    /// - Memory: the keys (reused as the second buffer once read; copied first if the caller still
    ///   holds them) and one scratch array of the non-zero keys.
    public static func sortedNonZero(_ keys: consuming [UInt64], threads: Int = 1) -> [UInt64] {
        let keyShares = ParallelChunks.shares(keys.count, threads: threads)
        let histograms = keys.withUnsafeBufferPointer { Self.histograms($0, shares: keyShares, threads: threads) }
        let nonZero = histograms.reduce(0) { $0 + $1[0..<256].reduce(0, +) }
        let positions = (0..<8).filter { position in
            !(0..<256).contains { value in histograms.reduce(0) { $0 + $1[position << 8 | value] } == nonZero }
        }
        // Nothing to order (no keys, or all equal): only the zeros to drop.
        guard !positions.isEmpty else {
            keys.removeAll { $0 == 0 }
            return keys
        }

        let sortedShares = ParallelChunks.shares(nonZero, threads: threads)
        var scratch = [UInt64](unfilledCount: nonZero)
        keys.withUnsafeMutableBufferPointer { keys in
            scratch.withUnsafeMutableBufferPointer { scratch in
                // The first pass reads all the keys (zeros included) and writes the non-zero ones to
                // `scratch`; later passes go back and forth between `scratch` and the front of `keys`.
                let front = UnsafeMutableBufferPointer(rebasing: keys[0..<nonZero])
                for (pass, position) in positions.enumerated() {
                    let source = UnsafeBufferPointer(pass == 0 ? keys : pass % 2 == 1 ? scratch : front)
                    let shares = pass == 0 ? keyShares : sortedShares
                    let counts = pass == 0
                        ? histograms.map { Array($0[position << 8..<(position + 1) << 8]) }
                        : Self.digitCounts(source, shares: shares, shift: UInt64(position << 3), threads: threads)
                    Self.scatter(source, into: DisjointWrites(pass % 2 == 0 ? scratch : front), shares: shares,
                                 counts: counts, shift: UInt64(position << 3), threads: threads)
                }
            }
        }
        if positions.count % 2 == 1 { return scratch }
        keys.removeLast(keys.count - nonZero)
        return keys
    }

    /// Per share: how many of its non-zero keys have value v at digit position p, at index p << 8 | v.
    private static func histograms(_ keys: UnsafeBufferPointer<UInt64>, shares: [Range<Int>], threads: Int) -> [[Int]] {
        ParallelChunks.map(count: shares.count, threads: threads) { share -> [Int] in
            var histogram = [Int](repeating: 0, count: 8 << 8)
            histogram.withUnsafeMutableBufferPointer { histogram in
                for key in keys[shares[share]] where key != 0 {
                    for position in 0..<8 {
                        histogram[position << 8 | Int(truncatingIfNeeded: key >> (position << 3)) & 0xFF] += 1
                    }
                }
            }
            return histogram
        }
    }

    /// Per share: how many of its keys have each value of the digit at `shift`.
    private static func digitCounts(
        _ source: UnsafeBufferPointer<UInt64>, shares: [Range<Int>], shift: UInt64, threads: Int
    ) -> [[Int]] {
        ParallelChunks.map(count: shares.count, threads: threads) { share in
            var count = [Int](repeating: 0, count: 256)
            count.withUnsafeMutableBufferPointer { count in
                for key in source[shares[share]] { count[Int(truncatingIfNeeded: key >> shift) & 0xFF] += 1 }
            }
            return count
        }
    }

    /// One stable pass: each share's non-zero keys go, in order, to its bucket for their digit at
    /// `shift`; share s's bucket for value v starts after every key with a smaller value and every
    /// earlier share's keys with value v (a prefix sum over (value, share) of `counts`).
    private static func scatter(
        _ source: UnsafeBufferPointer<UInt64>, into target: DisjointWrites<UInt64>, shares: [Range<Int>],
        counts: [[Int]], shift: UInt64, threads: Int
    ) {
        var starts = counts
        var running = 0
        for value in 0..<256 {
            for share in counts.indices {
                starts[share][value] = running
                running += counts[share][value]
            }
        }
        assert(running == target.count, "the buckets cover the target exactly")
        _ = ParallelChunks.map(count: shares.count, threads: threads) { share in
            let ends = (0..<256).map { starts[share][$0] + counts[share][$0] }
            target.withScatter(starts: starts[share], ends: ends) { scatter in
                for key in source[shares[share]] where key != 0 {
                    scatter.append(key, to: Int(truncatingIfNeeded: key >> shift) & 0xFF)
                }
            }
        }
    }
}
