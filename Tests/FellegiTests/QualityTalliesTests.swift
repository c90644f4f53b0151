import Comparators
import Testing

@testable import Fellegi

/// The quality pass's tallies (`QualityReport+Tallies.swift`) count what their plain counterparts
/// count: the record date read once per run of equal dates, subgroups by code, weights by bin.
@Suite struct QualityTalliesTests {
    static func read(_ cache: inout QualityReport.RecordDateCache, _ text: String) -> Bool {
        Array(text.utf8).withUnsafeBufferPointer { cache.read($0) }
    }

    /// A new date is reported once however it is written; the month and age limits are its own.
    @Test func recordDatesAreReadOncePerRunOfEqualDates() throws {
        var cache = QualityReport.RecordDateCache()
        let texts = ["2025-01-31", "2025-01-31", "31/01/2025", "20250131", "2025-02-01", "", "", "31/02/2025", "2025-02-01"]
        let changes = texts.map { Self.read(&cache, $0) }
        #expect(changes == [true, false, false, false, true, true, false, false, true])
        let date = try #require(cache.date)
        #expect(date.description == "2025-02-01")
        #expect(QualityReport.monthLabel(index: cache.month) == "2025-02")
        #expect(cache.ages == AgeBand.Limits(at: date))
        _ = Self.read(&cache, "not a date")
        #expect(cache.date == nil && cache.ages == nil && cache.month == 0)
        #expect(QualityReport.monthLabel(index: cache.month) == "unknown")
    }

    @Test(arguments: ["1895-01-01", "1999-12-31", "2025-03-15", "2099-12-31"])
    func monthIndicesAreSmallAndLabelTheirMonth(text: String) throws {
        let date = try #require(CalendarDate.standardise(Array(text.utf8), latest: .latestRecordDate).value)
        let index = QualityReport.monthIndex(date)
        #expect(index >= 1 && index <= 205 * 12)
        #expect(QualityReport.monthLabel(index: index) == String(text.prefix(7)))
    }

    /// Codes in ascending order, those at or above `SubgroupKey.limit` after the rest; chunks add up.
    @Test func subgroupCountsListCodesInOrder() {
        var first = QualityReport.SubgroupCounts(), second = QualityReport.SubgroupCounts()
        let big = UInt64(SubgroupKey.limit) + 5
        for (code, matched) in [(UInt64(2), true), (big, false), (0, false), (2, false), (SubgroupKey.missingBase, true)] {
            first.add(code, matched: matched)
        }
        second.add(1, matched: true)
        second.add(big, matched: true)
        first.add(second)
        let groups = first.groups.map { "\($0.code):\($0.counts.records)/\($0.counts.matched)" }
        #expect(groups == ["0:1/0", "1:1/1", "2:2/1", "\(SubgroupKey.missingBase):1/1", "\(big):2/1"])
    }

    /// Every subgroup code linking makes is below the limit, and codes sort values before reasons.
    @Test func subgroupCodesAreSmall() {
        let codes = [SubgroupKey.ageUnknown, SubgroupKey.area(PackedPostcode(rawValue: (1 << 42) - 1)),
                     SubgroupKey.missing(.notKnown), SubgroupKey.missing(UInt8.max)]
        #expect(codes.allSatisfy { $0 < UInt64(SubgroupKey.limit) })
        #expect(SubgroupKey.area(PackedPostcode(rawValue: (1 << 42) - 1)) < SubgroupKey.missing(.blank))
        #expect(SubgroupKey.ageLabel(SubgroupKey.ageUnknown) == "birth or test date missing")
        #expect(UInt64(AgeBand.bands.count - 1) < SubgroupKey.ageUnknown)
    }

    /// Weights in the counted bins and outside them (and none) give the distribution `add` gives.
    @Test func weightBinsFoldToTheDistribution() {
        let weights: [(Double?, WeightDistribution.Outcome)] = [
            (31.5, .linked), (-2.5, .review), (nil, .unlinked), (-1024, .unlinked), (-1024.5, .unlinked), (1023.9, .linked),
            (1024, .linked), (5000.25, .review), (-0.0, .linked), (31.0, .linked), (.infinity, .review),
        ]
        var plain = WeightDistribution()
        var counted = WeightDistribution()
        var bins = QualityReport.WeightBins()
        for (weight, outcome) in weights {
            plain.add(weight, outcome)
            bins.add(weight, outcome, else: &counted)
        }
        #expect(counted != plain)
        bins.fold(into: &counted)
        #expect(counted == plain)
        #expect(counted.json == plain.json)
    }

    /// A weight no linkfit run writes (a links.csv edited by hand) is counted in the outermost bin,
    /// not a crash converting it to an integer.
    @Test func aHugeWeightIsCountedInTheOutermostBin() {
        var distribution = WeightDistribution()
        var bins = QualityReport.WeightBins()
        bins.add(1e300, .linked, else: &distribution)
        bins.add(-1e300, .review, else: &distribution)
        bins.fold(into: &distribution)
        #expect(distribution.counts[WeightDistribution.outermostBin] == [1, 0, 0])
        #expect(distribution.counts[-WeightDistribution.outermostBin] == [0, 1, 0])
    }
}
