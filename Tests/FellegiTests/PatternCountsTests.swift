import Testing

@testable import Fellegi

@Suite struct PatternCountsTests {
    @Test func codesAreMixedRadixWithTheFirstComparisonMostSignificant() {
        let counts = PatternCounts(levelCounts: [4, 5, 3])
        #expect(counts.strides == [15, 3, 1])
        #expect(counts.patternSpace == 60)
        #expect(counts.code(of: [0, 0, 0]) == 0)
        #expect(counts.code(of: [1, 2, 1]) == 15 + 6 + 1)
        #expect(counts.code(of: [3, 4, 2]) == 59)
        for code in 0..<counts.patternSpace {
            #expect(counts.code(of: counts.levels(of: code)) == code)
        }
    }

    @Test func entriesComeInAscendingCodeWhateverTheOrderOfAdding() {
        var counts = PatternCounts(levelCounts: [3, 3])
        counts.add(levels: [2, 1])
        counts.add(levels: [0, 2], count: 2)
        counts.add(levels: [1, 0], count: 0.5)
        counts.add(levels: [2, 1], count: 3)
        counts.add(levels: [1, 1], count: 0)  // an explicit zero is not a pattern
        #expect(counts.entries == [
            .init(code: 2, levels: [0, 2], count: 2),
            .init(code: 3, levels: [1, 0], count: 0.5),
            .init(code: 7, levels: [2, 1], count: 4),
        ])
        #expect(counts.entries.count == 3)
        #expect(counts.total == 6.5)
        #expect(counts.levelTotals(comparison: 0) == [2, 0.5, 4])
        #expect(counts.levelTotals(comparison: 1) == [0.5, 4, 2])
    }

    @Test func denseAndDictionaryStorageHoldTheSameCounts() {
        var dense = PatternCounts(levelCounts: [4, 5, 3, 6])
        var sparse = PatternCounts(levelCounts: [4, 5, 3, 6], denseLimit: 0)
        #expect(dense.isDense)
        #expect(!sparse.isDense)
        for i in 0..<1_000 {
            let code = UInt64((i * 7_919) % 360)
            dense.add(code: code, count: Double(i % 3))
            sparse.add(code: code, count: Double(i % 3))
        }
        #expect(dense == sparse)
        #expect(dense.entries == sparse.entries)
        #expect(dense.entries.map(\.code) == dense.entries.map(\.code).sorted())
    }

    @Test func largePatternSpacesUseADictionary() {
        var counts = PatternCounts(levelCounts: [200, 100, 100])  // 2,000,000 patterns
        #expect(!counts.isDense)
        counts.add(levels: [199, 99, 99], count: 2)
        counts.add(levels: [0, 0, 1])
        #expect(counts.entries.map(\.code) == [1, 1_999_999])
    }

    @Test func mergingAddsPatternByPatternInAFixedOrder() {
        var a = PatternCounts(levelCounts: [3, 2]), b = a, c = PatternCounts(levelCounts: [3, 2], denseLimit: 0)
        a.add(levels: [1, 1], count: 1)
        b.add(levels: [1, 1], count: 2)
        b.add(levels: [2, 0], count: 1)
        c.add(levels: [0, 1], count: 4)
        let merged = PatternCounts.merged([a, b, c])
        #expect(merged?.entries.map(\.count) == [4, 3, 1])
        #expect(merged?.isDense == true)
        #expect(PatternCounts.merged([]) == nil)
        #expect(a.merging(b) == b.merging(a))
    }

    @Test func aComparisonWithOnlyTheNullLevelIsAllowed() {
        var counts = PatternCounts(levelCounts: [1, 3])
        counts.add(levels: [0, 2])
        #expect(counts.patternSpace == 3)
        #expect(counts.entries == [.init(code: 2, levels: [0, 2], count: 1)])
    }
}
