/// Least-significant-digit radix sort of `UInt64` codes (8-bit digits), parallel and deterministic.
enum RadixSort {
    /// The non-zero `keys`, ascending (0, the missing code, is dropped).
    ///
    /// One counting pass takes the histograms of all eight digits; a digit position where every key
    /// has the same digit is skipped (a ten-digit NHS number needs five passes, a date three, a sex
    /// code one). In each pass every worker takes a contiguous share of the keys, counts them per
    /// digit value, and after a prefix sum over (digit value, worker) scatters them, in order, into
    /// its own slots: each pass is stable, so the result is sorted, and a sorted array is unique, so
    /// it is the same for any thread count.
    ///
    /// - Complexity: O(n) per pass, at most eight passes after the counting pass.
    /// - Memory: the keys (reused as the second buffer once read; copied first if the caller still
    ///   holds them) and one scratch array of the non-zero keys.
    static func sortedNonZero(_ keys: consuming [UInt64], threads: Int = 1) -> [UInt64] {
        let keyShares = Self.shares(keys.count, threads: threads)
        // Per share: the non-zero keys with value v at digit position p, at index p << 8 | v.
        let histograms = keys.withUnsafeBufferPointer { keys in
            try! ParallelChunks.map(count: keyShares.count, threads: threads) { share -> [Int] in
                var histogram = [Int](repeating: 0, count: 8 << 8)
                histogram.withUnsafeMutableBufferPointer { histogram in
                    for key in keys[keyShares[share]] where key != 0 {
                        for position in 0..<8 {
                            histogram[position << 8 | Int(truncatingIfNeeded: key >> (position << 3)) & 0xFF] += 1
                        }
                    }
                }
                return histogram
            }
        }
        let nonZero = histograms.reduce(0) { $0 + $1[0..<256].reduce(0, +) }
        let positions = (0..<8).filter { position in
            !(0..<256).contains { value in histograms.reduce(0) { $0 + $1[position << 8 | value] } == nonZero }
        }
        // Nothing to order (no keys, or all equal): only the zeros to drop.
        guard !positions.isEmpty else {
            keys.removeAll { $0 == 0 }
            return keys
        }

        let sortedShares = Self.shares(nonZero, threads: threads)
        var scratch = [UInt64](unsafeUninitializedCapacity: nonZero) { _, initialised in initialised = nonZero }
        keys.withUnsafeMutableBufferPointer { keys in
            scratch.withUnsafeMutableBufferPointer { scratch in
                // The first pass reads all the keys (zeros included) and writes the non-zero ones to
                // `scratch`; later passes go back and forth between `scratch` and the front of `keys`.
                let front = UnsafeMutableBufferPointer(rebasing: keys[0..<nonZero])
                for (pass, position) in positions.enumerated() {
                    let source = pass == 0 ? keys : pass % 2 == 1 ? scratch : front
                    let target = pass % 2 == 0 ? scratch : front
                    let shares = pass == 0 ? keyShares : sortedShares
                    let shift = UInt64(position << 3)
                    var counts: [[Int]]
                    if pass == 0 {
                        counts = histograms.map { Array($0[position << 8..<(position + 1) << 8]) }
                    } else {
                        counts = try! ParallelChunks.map(count: shares.count, threads: threads) { share in
                            var count = [Int](repeating: 0, count: 256)
                            count.withUnsafeMutableBufferPointer { count in
                                for key in source[shares[share]] { count[Int(truncatingIfNeeded: key >> shift) & 0xFF] += 1 }
                            }
                            return count
                        }
                    }
                    // From here on: each share's next slot for each digit value.
                    var running = 0
                    for value in 0..<256 {
                        for share in counts.indices {
                            let count = counts[share][value]
                            counts[share][value] = running
                            running += count
                        }
                    }
                    _ = try! ParallelChunks.map(count: shares.count, threads: threads) { share in
                        var next = counts[share]
                        next.withUnsafeMutableBufferPointer { next in
                            for key in source[shares[share]] where key != 0 {
                                let value = Int(truncatingIfNeeded: key >> shift) & 0xFF
                                target[next[value]] = key
                                next[value] += 1
                            }
                        }
                    }
                }
            }
        }
        if positions.count % 2 == 1 { return scratch }
        keys.removeLast(keys.count - nonZero)
        return keys
    }

    /// Contiguous shares of `0..<count`, one per worker, with no more than `count / 65,536 + 1` workers
    /// (a small array is not worth splitting).
    private static func shares(_ count: Int, threads: Int) -> [Range<Int>] {
        let workers = max(1, min(threads, count / 65_536 + 1))
        return ParallelChunks.ranges(total: count, size: (count + workers - 1) / workers)
    }
}
