import Comparators
import Testing

@testable import Kernels

/// The radix sort against `Array.sorted()` for one to three threads. Arrays of 140,000 keys give
/// three workers a share each (the sort takes a worker per 65,536 keys, plus one).
@Suite struct RadixSortTests {
    /// Random keys, about one in ten zero (missing), each masked with `mask`.
    static func keys(_ count: Int, seed: UInt64, mask: UInt64 = .max) -> [UInt64] {
        var random = SplitMix64(seed: seed)
        return (0..<count).map { _ in random.next() % 10 == 0 ? 0 : random.next() & mask }
    }

    /// Named key arrays: random over the whole range and over a few digits (odd and even numbers of
    /// digit passes), duplicates, and the edge cases.
    static let cases: [(name: String, keys: [UInt64])] = [
        ("empty", []),
        ("one key", [42]),
        ("zeros only", [UInt64](repeating: 0, count: 1_000)),
        ("all equal", [UInt64](repeating: 0xDEAD_BEEF, count: 200_000)),
        ("all equal among zeros", keys(140_000, seed: 1).map { $0 == 0 ? 0 : 77 }),
        ("top byte only", keys(140_000, seed: 2, mask: 0xFF00_0000_0000_0000)),
        ("top and bottom byte", keys(140_000, seed: 3, mask: 0xFF00_0000_0000_00FF)),
        ("extremes", [.max, 1, 0, .max, 1 << 56, 1 << 63, 0, 255, 256, .max - 1]),
        ("full range", keys(140_000, seed: 4)),
        ("three bytes, many repeats", keys(140_000, seed: 5, mask: 0x00FF_0000_0000_0101)),
        ("ten-digit numbers", keys(140_000, seed: 6).map { $0 == 0 ? 0 : 4_000_000_000 + $0 % 6_000_000_000 }),
        ("already sorted", (0..<140_000).map { UInt64($0) * 1_000_003 }),
        ("descending", (0..<140_000).map { UInt64(140_000 - $0) << 20 }),
    ]

    /// Nil when `a == b`, else where they first differ: a short failure message (expanding two arrays of
    /// 100,000 keys into a diff takes minutes).
    static func difference<T: Equatable>(_ a: [T], _ b: [T]) -> String? {
        guard a != b else { return nil }
        let index = a.indices.first { $0 >= b.count || a[$0] != b[$0] } ?? a.count
        return "\(a.count) and \(b.count) elements, first difference at \(index)"
    }

    @Test func radixSortEqualsSortedWithoutZeros() {
        for (name, keys) in Self.cases {
            let expected = keys.filter { $0 != 0 }.sorted()
            for threads in 1...3 {
                #expect(Self.difference(RadixSort.sortedNonZero(keys, threads: threads), expected) == nil, "\(name), \(threads) threads")
            }
        }
    }

    @Test func radixSortLeavesTheCallersKeysAlone() {
        let keys = Self.keys(140_000, seed: 7)
        let copy = keys
        _ = RadixSort.sortedNonZero(keys, threads: 2)
        #expect(Self.difference(keys, copy) == nil)
    }
}
