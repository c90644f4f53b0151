import Comparators
import Testing

@testable import Kernels

/// Parallel fills through `DisjointWrites` against serial computation: shares written in any order,
/// scatters against a stable sort by bucket, and the debug-build checks (a write outside a share or
/// overlapping claims stops the process).
@Suite struct DisjointWritesTests {
    static func value(_ index: Int) -> UInt64 { UInt64(index) &* 0x9E37_79B9 ^ 0x55 }

    @Test(arguments: [1, 2, 3])
    func sharesFilledInParallelEqualASerialFill(threads: Int) {
        let count = 100_003
        var filled = [UInt64](repeating: 0, count: count)
        let chunks = ParallelChunks.ranges(total: count, size: 4_096)
        filled.withDisjointWrites { writes in
            _ = ParallelChunks.map(count: chunks.count, threads: threads) { chunk in
                let share = writes.share(chunks[chunk])
                for index in chunks[chunk].reversed() { share[index] = Self.value(index) }  // any order
            }
        }
        #expect(filled == (0..<count).map(Self.value))
    }

    @Test func aShareReadsWhatWasWrittenAndCopiesItsElements() {
        var array = Array(0..<10)
        array.withDisjointWrites { writes in
            let share = writes.share(3..<6)
            share[4] = share[3] + share[5]
            #expect(share.copied() == [3, 8, 5])
            #expect(writes.count == 10)
        }
        #expect(array == [0, 1, 2, 3, 8, 5, 6, 7, 8, 9])
    }

    /// Keys in buckets `key % buckets`, scattered by contiguous shares of the input (a counting sort,
    /// as radix passes and the block index do), and the same by `sorted` on (bucket, position).
    @Test(arguments: [1, 2, 3])
    func aScatterEqualsAStableSortByBucket(threads: Int) {
        var random = SplitMix64(seed: 11)
        let keys = (0..<50_000).map { _ in random.next() }
        let buckets = 37
        func bucket(_ key: UInt64) -> Int { Int(key % UInt64(buckets)) }
        let shares = ParallelChunks.ranges(total: keys.count, size: 17_000)
        let counts = shares.map { share in
            keys[share].reduce(into: [Int](repeating: 0, count: buckets)) { $0[bucket($1)] += 1 }
        }
        var starts = counts
        var running = 0
        for b in 0..<buckets {
            for s in shares.indices {
                starts[s][b] = running
                running += counts[s][b]
            }
        }
        var scattered = [UInt64](repeating: 0, count: keys.count)
        var positions = [Int](repeating: -1, count: keys.count)
        scattered.withDisjointWrites { out in
            positions.withDisjointWrites { positionsOut in
                _ = ParallelChunks.map(count: shares.count, threads: threads) { s in
                    let ends = (0..<buckets).map { starts[s][$0] + counts[s][$0] }
                    out.withScatter(pairedWith: positionsOut, starts: starts[s], ends: ends) { scatter in
                        for position in shares[s] { scatter.append(keys[position], position, to: bucket(keys[position])) }
                    }
                }
            }
        }
        let expected = keys.indices.sorted { (bucket(keys[$0]), $0) < (bucket(keys[$1]), $1) }
        #expect(positions == expected)
        #expect(scattered == expected.map { keys[$0] })

        var single = [UInt64](repeating: 0, count: keys.count)
        single.withDisjointWrites { out in
            let counts = keys.reduce(into: [Int](repeating: 0, count: buckets)) { $0[bucket($1)] += 1 }
            let starts = counts.indices.map { b in counts[..<b].reduce(0, +) }
            out.withScatter(starts: starts, ends: zip(starts, counts).map { $0 + $1 }) { scatter in
                for key in keys { scatter.append(key, to: bucket(key)) }
            }
        }
        #expect(single == scattered)
    }

    @Test func claimsAcceptDisjointAndEmptyRangesAndRefuseOverlaps() {
        let claims = RangeClaims()
        #expect(claims.claim(10..<20))
        #expect(claims.claim(20..<30))  // adjacent
        #expect(claims.claim(0..<10))
        #expect(claims.claim(15..<15))  // empty: claims nothing
        #expect(!claims.claim(19..<21))  // straddles two
        #expect(!claims.claim(12..<13))  // inside one
        #expect(!claims.claim(5..<40))  // covers all
        #expect(!claims.claim(29..<31))  // the end of the last
        #expect(claims.claim(30..<31))  // refused claims were not recorded
    }

    #if DEBUG
    @Test func aWriteOutsideTheWorkersShareStopsADebugBuild() async {
        await #expect(processExitsWith: .failure) {
            var array = [Int](repeating: 0, count: 8)
            array.withDisjointWrites { writes in
                let share = writes.share(0..<4)
                share[4] = 1
            }
        }
    }

    @Test func overlappingSharesStopADebugBuild() async {
        await #expect(processExitsWith: .failure) {
            var array = [Int](repeating: 0, count: 8)
            array.withDisjointWrites { writes in
                _ = writes.share(0..<5)
                _ = writes.share(4..<8)
            }
        }
    }

    @Test func aBucketOverfilledStopsADebugBuild() async {
        await #expect(processExitsWith: .failure) {
            var array = [Int](repeating: 0, count: 8)
            array.withDisjointWrites { writes in
                writes.withScatter(starts: [0, 2], ends: [2, 8]) { scatter in
                    for value in 0..<3 { scatter.append(value, to: 0) }
                }
            }
        }
    }
    #endif
}
