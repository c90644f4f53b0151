import Comparators
import Foundation
import Testing

@testable import Kernels

@Suite struct StringInternerTests {
    /// Ids with repeats, split into uneven batches (chunks of a file).
    static func batches(_ ids: [String], cuts: [Int], shardBits: Int) -> [StringInterner.Batch] {
        var batches: [StringInterner.Batch] = []
        var start = 0
        for end in cuts + [ids.count] {
            var batch = StringInterner.Batch(shardBits: shardBits, expectedCount: end - start)
            for id in ids[start..<end] {
                var copy = id
                #expect(copy.withUTF8 { batch.append($0) })
            }
            batches.append(batch)
            start = end
        }
        return batches
    }

    static let ids: [String] = {
        var random = SplitMix64(seed: 3)
        return (0..<20_000).map { row in "H\(row % 3 == 0 ? random.next() % UInt64(row + 1) : UInt64(row))" }
    }()

    @Test func aBulkBuildMapsEqualIdsToOneIndexAndDifferentIdsToDifferentOnes() {
        let ids = Self.ids
        let (interner, indexOfRow, repeated) = StringInterner.build(
            Self.batches(ids, cuts: [1, 7_000, 7_000, 15_000], shardBits: 6), shardBits: 6, findRepeats: false, threads: 2)
        #expect(repeated == nil)
        #expect(interner.count == Set(ids).count)
        #expect(Set(indexOfRow).count == interner.count && indexOfRow.allSatisfy { $0 >= 0 && Int($0) < interner.count })
        for (row, id) in ids.enumerated() {
            #expect(interner[Int(indexOfRow[row])] == id)
            #expect(interner.index(of: id) == Int(indexOfRow[row]))
        }
        #expect(interner.index(of: "absent") == nil)
    }

    @Test func theNumberingIsTheSameForAnyThreadCountAndAnyBatchCuts() {
        let reference = StringInterner.build(Self.batches(Self.ids, cuts: [], shardBits: 6), shardBits: 6, findRepeats: false, threads: 1)
        for (threads, cuts) in [(2, [5_000]), (3, [10, 9_999, 19_999]), (1, [2_500, 5_000, 12_000])] {
            let other = StringInterner.build(Self.batches(Self.ids, cuts: cuts, shardBits: 6), shardBits: 6, findRepeats: false, threads: threads)
            #expect(other.indexOfRow == reference.indexOfRow)
            #expect((0..<other.interner.count).allSatisfy { other.interner[$0] == reference.interner[$0] })
        }
    }

    @Test func oneShardNumbersInOrderOfFirstAppearanceLikeInterningOneByOne() {
        var oneByOne = StringInterner()
        let expected = Self.ids.map { Int32(oneByOne.intern($0)) }
        let bulk = StringInterner.build(Self.batches(Self.ids, cuts: [3_333], shardBits: 0), shardBits: 0, findRepeats: false, threads: 2)
        #expect(bulk.indexOfRow == expected)
    }

    /// An interner rebuilt from its parts (as an index file stores them) finds and returns every
    /// string as the built one does, finds no other, and parts that do not fit are refused.
    @Test func anInternerFromItsPartsAnswersAsTheBuiltOne() throws {
        let (built, _, _) = StringInterner.build(Self.batches(Self.ids, cuts: [7_000], shardBits: 6), shardBits: 6, findRepeats: false, threads: 2)
        let parts = built.parts
        let frozen = try #require(StringInterner(parts: parts))
        #expect(frozen.count == built.count)
        #expect(frozen.parts == parts)
        for index in stride(from: 0, to: built.count, by: 7) {
            #expect(frozen[index] == built[index])
            #expect(frozen.index(of: built[index]) == index)
        }
        #expect(frozen.index(of: "not an id") == nil)
        var shortArena = parts
        shortArena.arena = FlatColumn(parts.arena.dropLast())
        #expect(StringInterner(parts: shortArena) == nil)
        var badSlot = parts
        var slots = parts.slots.array
        slots[slots.firstIndex(of: -1)!] = Int32.max
        badSlot.slots = FlatColumn(slots)
        #expect(StringInterner(parts: badSlot) == nil)
        var otherShards = parts
        otherShards.shardBits = 5
        #expect(StringInterner(parts: otherShards) == nil)
    }

    @Test func theEarliestRepeatIsReportedWithItsFirstRow() {
        let ids = ["a", "b", "c", "d", "b", "e", "a", "c"]  // row 4 repeats row 1 (earliest repeat)
        for shardBits in [0, 6] {
            let result = StringInterner.build(Self.batches(ids, cuts: [3, 5], shardBits: shardBits), shardBits: shardBits,
                                              findRepeats: true, threads: 2)
            #expect(result.repeated?.row == 4 && result.repeated?.first == 1)
        }
        let unique = StringInterner.build(Self.batches(["x", "y"], cuts: [], shardBits: 6), shardBits: 6, findRepeats: true, threads: 1)
        #expect(unique.repeated == nil)
    }

    @Test func aBatchRefusesAStringLongerThanItsLimit() {
        var batch = StringInterner.Batch(shardBits: 2)
        let long = [UInt8](repeating: 65, count: StringInterner.Batch.maximumLength + 1)
        #expect(!long.withUnsafeBufferPointer { batch.append($0) })
        #expect(Array(long.dropLast()).withUnsafeBufferPointer { batch.append($0) })
        #expect(batch.count == 1)
    }

    @Test func internGrowsPastItsCapacityAndKeepsEveryIndex() {
        var interner = StringInterner(capacity: 4)
        let indices = (0..<5_000).map { interner.intern("id\($0)") }
        #expect(indices == Array(0..<5_000))
        #expect((0..<5_000).allSatisfy { interner.index(of: "id\($0)") == $0 && interner[$0] == "id\($0)" })
        #expect(interner.intern("id17") == 17 && interner.count == 5_000)
    }
}
