import Comparators
import Foundation
import Testing

@testable import Fellegi

/// The value counts against a dictionary count, of key arrays and of a HES table with address history
/// per entity, for one to three threads (`RadixSortTests`, in KernelsTests, checks the sort below them).
/// Arrays of 140,000 keys give three workers a share each (the sort takes a worker per 65,536 keys,
/// plus one); a table of 70,000 entities is two chunks of entities.
@Suite struct TermFrequenciesTests {
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
    static func difference<T: Equatable>(_ a: some Collection<T>, _ b: some Collection<T>) -> String? {
        let (a, b) = (Array(a), Array(b))
        guard a != b else { return nil }
        let index = a.indices.first { $0 >= b.count || a[$0] != b[$0] } ?? a.count
        return "\(a.count) and \(b.count) elements, first difference at \(index)"
    }

    @Test func countsEqualADictionaryCount() {
        // Runs longer than a chunk of the sorted keys (65,536), and runs across chunk boundaries.
        var random = SplitMix64(seed: 8)
        let long = [UInt64](repeating: 5, count: 150_000)
        let repeated = (0..<140_000).map { _ in random.next() % 40_000 }
        for (name, keys) in Self.cases + [("long runs", long + repeated)] {
            let expected = Dictionary(keys.filter { $0 != 0 }.map { ($0, 1) }, uniquingKeysWith: +)
            let values = expected.keys.sorted()
            let counts = values.map { Int32(expected[$0]!) }
            for threads in 1...3 {
                let counted = TermFrequencies.count(keys, threads: threads)
                #expect(Self.difference(counted.0, values) == nil, "\(name), \(threads) threads")
                #expect(Self.difference(counted.1, counts) == nil, "\(name), \(threads) threads")
            }
        }
    }

    // MARK: A HES table with address history

    /// HES lines for `entities` HESIDs of one to three rows each, the later rows of an entity after
    /// all first rows (so an entity's rows are not adjacent). Values come from small pools, so
    /// entities share values and an entity often repeats one across its rows; some are blank.
    static func hesLines(entities: Int, seed: UInt64) -> [String] {
        var random = SplitMix64(seed: seed)
        let letters = Array("ABDEFGHJLNPQRSTUWXYZ")
        let nhsNumbers = (0..<3_000).compactMap { validNHS(400_000_000 + $0 * 97) }
        func pick<T>(_ pool: [T]) -> T { pool[Int(random.next() % UInt64(pool.count))] }
        func blankOr(_ value: String) -> String { random.next() % 8 == 0 ? "" : value }
        var first: [String] = []
        var later: [String] = []
        for entity in 0..<entities {
            let nhs = pick(nhsNumbers)
            let dob = "19\(30 + random.next() % 70)-0\(1 + random.next() % 9)-1\(random.next() % 10)"
            let sex = String(1 + random.next() % 2)
            for row in 0..<Int(1 + random.next() % 3) {
                let postcode = "LS\(1 + random.next() % 20) \(random.next() % 10)\(pick(letters))\(pick(letters))"
                // A later row keeps the entity's values (address history) or, now and then, another.
                let line = [
                    "H\(entity)", blankOr(random.next() % 10 == 0 ? pick(nhsNumbers) : nhs),
                    blankOr(random.next() % 10 == 0 ? "1950-01-01" : dob), blankOr(sex), blankOr(random.next() % 3 == 0 ? "LS1 4AP" : postcode),
                ].joined(separator: ",")
                if row == 0 { first.append(line) } else { later.append(line) }
            }
        }
        return [Engine.hesHeader] + first + later
    }

    /// `nine` digits plus the Modulus 11 check digit, or nil when the check would be 10 (no valid number).
    static func validNHS(_ nine: Int) -> String? {
        let digits = String(nine).compactMap(\.wholeNumberValue)
        let check = 11 - zip(digits, [10, 9, 8, 7, 6, 5, 4, 3, 2]).reduce(0) { $0 + $1.0 * $1.1 } % 11
        return check == 10 ? nil : String(nine) + String(check == 11 ? 0 : check)
    }

    @Test func tableCountsEachEntityOncePerValueAndAreTheSameForAnyThreadCount() throws {
        let table = try Engine.table(Self.hesLines(entities: 70_000, seed: 9), side: .right)
        #expect(table.entityCount == 70_000)
        #expect(table.rowCount > 100_000)
        for k in table.codes.indices where !table.codes[k].isEmpty {
            // Naive: the set of non-zero codes of each entity, from row → entity.
            var perEntity = [Set<UInt64>](repeating: [], count: table.entityCount)
            for row in 0..<table.rowCount where table.codes[k][row] != 0 {
                perEntity[Int(table.entityOfRow[row])].insert(table.codes[k][row])
            }
            var expected: [UInt64: Int] = [:]
            for codes in perEntity { for code in codes { expected[code, default: 0] += 1 } }
            let withValue = perEntity.filter { !$0.isEmpty }.count
            // The data has what is tested: shared values, and values repeated within an entity.
            #expect(expected.count > 1 && expected.values.contains { $0 > 1 }, "comparison \(k)")
            #expect(expected.values.reduce(0, +) < table.codes[k].filter { $0 != 0 }.count, "comparison \(k)")

            let one = TermFrequencies(table: table, comparison: k, threads: 1)
            let two = TermFrequencies(table: table, comparison: k, threads: 2)
            #expect(Self.difference(one.values, expected.keys.sorted()) == nil, "comparison \(k)")
            #expect(Self.difference(one.counts, one.values.map { Int32(expected[$0] ?? 0) }) == nil, "comparison \(k)")
            #expect(one.entitiesWithValue == withValue)
            #expect(Self.difference(two.values, one.values) == nil, "comparison \(k)")
            #expect(Self.difference(two.counts, one.counts) == nil, "comparison \(k)")
            #expect(two.entitiesWithValue == one.entitiesWithValue)
        }
    }

    @Test func aValueRepeatedInAnEntitysHistoryCountsOnce() throws {
        let lines = [
            Engine.hesHeader,
            "H1,,1980-05-06,1,LS1 4AP",
            "H2,,1980-05-06,2,LS1 4AP",
            "H1,,1980-05-06,1,LS1 4AP",  // H1 again, same values: no new count
            "H1,,1980-05-06,,M1 1AA",  // H1 moved
            "H3,,,,",  // nothing: not among the entities with a value
        ]
        let table = try Engine.table(lines, side: .right)
        let dob = TermFrequencies(table: table, comparison: 1, threads: 2)
        let postcode = TermFrequencies(table: table, comparison: 3, threads: 2)
        #expect(dob.counts.array == [2])
        #expect(dob.entitiesWithValue == 2)
        #expect(postcode.counts.sorted() == [1, 2])
        #expect(postcode.count(of: table.codes[3][0]) == 2)  // LS1 4AP: H1 and H2
        #expect(postcode.count(of: table.codes[3][3]) == 1)  // M1 1AA: H1
        #expect(postcode.entitiesWithValue == 2)
    }
}
