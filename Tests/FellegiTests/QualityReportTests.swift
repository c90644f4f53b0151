import Fellegi
import Foundation
import LinkIO
import TestSupport
import Testing

/// The quality report of a hand-made six-record run, every number computed by hand.
@Suite struct QualityReportTests {
    /// D1, D2 linked at rank 1 (p 0.9, 0.8), D3 at rank 2 (p 0.5); D4 in review (first candidate 0.7,
    /// links.csv's 0.6 is not used), D5 unlinked with p 0.3, D6 unlinked without a probability.
    static func handMade() throws -> URL {
        let run = TestFolders.root.appendingPathComponent("linkfit-quality-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: run, withIntermediateDirectories: true)
        func write(_ lines: [String], _ name: String) throws {
            try (lines.joined(separator: "\n") + "\n").write(to: run.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        try write([
            "DID_ID,TEST_DATE,PROVIDER_CODE,HESID,MATCH_RANK,MATCH_PROBABILITY,LINK_STATUS",
            "D1,2025-01-03,RDE,H1,1,0.9,linked",
            "D2,2025-01-20,RAK,H2,1,0.8,linked-duplicate",
            "D3,2025-02-01,RDE,H3,2,0.5,linked",
            "D4,2025-02-11,RDE,,,0.6,review",
            "D5,2025-02-12,RAK,,,0.3,unlinked",
            "D6,2025-03-01,RAK,,,,unlinked",
        ], "links.csv")
        try write([
            #"{"ranks": [{"rank": "1", "meaning": "all agree", "minimumWeight": 20, "records": 2},"#,
            #" {"rank": "2", "meaning": "NHS number agrees", "minimumWeight": 0, "records": 1}]}"#,
        ], "summary.json")
        try write(["DID_ID,CANDIDATE,HESID,MATCH_PROBABILITY", "D4,1,H9,0.7", "D4,2,H8,0.2"], "review.csv")
        return run
    }

    @Test func countsAndRatesByHand() throws {
        let report = try QualityReport.read(run: Self.handMade(), name: "run")
        #expect(report.overall == .init(records: 6, matched: 3))
        #expect(report.overall.rate == 0.5)
        #expect(report.ranks.map(\.rank) == ["1", "2"])
        #expect(report.ranks.map(\.meaning) == ["all agree", "NHS number agrees"])
        #expect(report.ranks.map(\.matched) == [2, 1])
        #expect(report.perProvider == ["RDE": .init(records: 3, matched: 2), "RAK": .init(records: 3, matched: 1)])
        #expect(report.perMonth == ["2025-01": .init(records: 2, matched: 2), "2025-02": .init(records: 3, matched: 1),
                                    "2025-03": .init(records: 1, matched: 0)])
    }

    @Test func providerAndMonthRowsSumToTheTotals() throws {
        let report = try QualityReport.read(run: Self.handMade(), name: "run")
        for table in [report.perProvider, report.perMonth] {
            #expect(table.values.map(\.records).reduce(0, +) == report.overall.records)
            #expect(table.values.map(\.matched).reduce(0, +) == report.overall.matched)
        }
        #expect(report.ranks.map(\.matched).reduce(0, +) == report.overall.matched)
    }

    /// Each interval is the 2.5% and 97.5% quantiles of the exact count, computed by hand.
    /// Rank 1: false with q 0.1, 0.2: mean 0.3, variance 0.09 + 0.16 = 0.25; P(0) = 0.72,
    /// P(≤ 1) = 1 − 0.02 = 0.98 → [0, 1]. Rank 2: q 0.5 → P(0) = 0.5, P(≤ 1) = 1 → [0, 1].
    /// Overall 0.1, 0.2, 0.5: P(0) = 0.36, P(1) = 0.04 + 0.09 + 0.36 = 0.49, P(3) = 0.01, so
    /// P(≤ 1) = 0.85 and P(≤ 2) = 0.99 → [0, 2]. Missed: 0.7 (D4's first candidate) and 0.3 (D5):
    /// mean 1.0, variance 0.42; P(0) = 0.21, P(≤ 1) = 0.79, P(≤ 2) = 1 → [0, 2].
    @Test func labelFreeEstimatesByHand() throws {
        let report = try QualityReport.read(run: Self.handMade(), name: "run")
        let rank1 = report.ranks[0].falseLinks, rank2 = report.ranks[1].falseLinks
        #expect(abs(rank1.mean - 0.3) < 1e-12 && abs(rank1.variance - 0.25) < 1e-12)
        #expect(rank1.bounds == 0...1 && rank2.bounds == 0...1 && abs(rank2.mean - 0.5) < 1e-12)
        #expect(report.falseLinks.trials == 3 && report.falseLinks.bounds == 0...2)
        #expect(report.missedLinks.trials == 2 && abs(report.missedLinks.mean - 1.0) < 1e-12)
        #expect(abs(report.missedLinks.variance - 0.42) < 1e-12 && report.missedLinks.bounds == 0...2)
    }

    /// 100 trials at q = 0.5 are counted exactly: Binomial(100, ½) has P(X ≤ 39) = 0.0176,
    /// P(X ≤ 40) = 0.0284, P(X ≤ 59) = 0.9716 and P(X ≤ 60) = 0.9824 → [40, 60] (the normal
    /// interval, 50 ± 9.8, is [40.2, 59.8]).
    @Test func aFewLikelyEventsAreCountedExactly() {
        var count = ExpectedCount()
        for _ in 0..<100 { count.add(0.5) }
        #expect(count.mean == 50 && count.variance == 25)
        #expect(count.bounds == 40...60)
        #expect(count.covers(40) && count.covers(60) && !count.covers(39) && !count.covers(61))
    }

    /// Past 1,000 trials with q ≥ 0.01 the interval is mean ± 1.96·sd: 2,000 at q = 0.5 have mean
    /// 1000 and sd √500 = 22.36, so 1000 ± 43.83.
    @Test func manyLikelyEventsGetTheNormalInterval() {
        var count = ExpectedCount()
        for _ in 0..<2_000 { count.add(0.5) }
        #expect(abs(count.lower - (1000 - 1.96 * 500.0.squareRoot())) < 1e-9)
        #expect(abs(count.upper - (1000 + 1.96 * 500.0.squareRoot())) < 1e-9)
    }

    /// Two links at p 0.75 among 1,000 at p 0.9995: a mean of 1.0 false links whose normal interval
    /// would end at 1 + 1.96·√(0.375 + 0.49975) = 2.83. Counted as Poisson(0.5) plus two trials at
    /// 0.25, P(X ≤ 2) = 0.9335 and P(X ≤ 3) = 0.9880, so three false links are inside [0, 3] (the
    /// same quantiles as the exact Poisson-binomial of all 1,002 trials, computed apart).
    @Test func aSkewedSmallCountGetsItsExactUpperQuantile() {
        var count = ExpectedCount()
        for _ in 0..<2 { count.add(0.25) }
        for _ in 0..<1_000 { count.add(0.0005) }
        #expect(abs(count.mean - 1) < 1e-9)
        #expect(count.bounds == 0...3)
        var split = ExpectedCount()
        var other = ExpectedCount()
        split.add(0.25)
        for _ in 0..<1_000 { split.add(0.0005) }
        other.add(0.25)
        split.add(other)
        #expect(split.bounds == 0...3)
    }

    /// 200 trials at q = 0.0099: each below 0.01, but Σ q² = 0.0196 is past Le Cam's bound, so they
    /// are counted exactly, not as Poisson nor by the normal interval (1.98 ± 2.74, upper 4.72). The
    /// count is Binomial(200, 0.0099), whose CDF (from its closed form, computed apart) is
    /// P(X ≤ 0) = 0.1367, P(X ≤ 4) = 0.9500, P(X ≤ 5) = 0.9847: the interval is [0, 5]. The same
    /// split across two counts and added.
    @Test func manySmallTrialsPastLeCamsBoundAreCountedExactly() {
        var count = ExpectedCount()
        for _ in 0..<200 { count.add(0.0099) }
        #expect(count.bounds == 0...5)
        var half = ExpectedCount()
        var other = ExpectedCount()
        for _ in 0..<100 { half.add(0.0099); other.add(0.0099) }
        half.add(other)
        #expect(half.bounds == 0...5)
    }

    /// Rare events: 50,000 trials at q = 0.0001 (Σ q² = 0.0005) have mean 5, and the interval is the
    /// 2.5% and 97.5% quantiles of Poisson(5), 1 and 10 (from its CDF: P(X ≤ 0) = 0.0067,
    /// P(X ≤ 1) = 0.0404, P(X ≤ 9) = 0.9682, P(X ≤ 10) = 0.9863).
    @Test func rareEventsGetPoissonQuantiles() {
        var count = ExpectedCount()
        for _ in 0..<50_000 { count.add(0.0001) }
        #expect(abs(count.mean - 5) < 1e-9)
        #expect(count.lower == 1 && count.upper == 10)
        #expect(count.covers(1) && count.covers(10) && !count.covers(0) && !count.covers(11))
    }

    /// A mean of 0.1 from rare events: P(X = 0) = e^−0.1 = 0.905 < 0.975, so one event is inside the
    /// interval [0, 1] (the normal interval, 0.1 ± 0.62, excluded it) and two are not.
    @Test func oneRareEventIsNotImpossible() {
        var count = ExpectedCount()
        for _ in 0..<1_000 { count.add(0.0001) }
        #expect(count.lower == 0 && count.upper == 1)
        #expect(count.covers(1) && !count.covers(2))
    }

    @Test func jsonIsRoundedAndSorted() throws {
        let json = try QualityReport.read(run: Self.handMade(), name: "run").json
        #expect(json["expectedFalseLinks"] == .object(["trials": .number(3), "expected": .number(0.8), "lower": .number(0), "upper": .number(2)]))
        #expect(json["expectedMissedLinks"] == .object(["trials": .number(2), "expected": .number(1), "lower": .number(0), "upper": .number(2)]))
        #expect(json["overall"] == .object(["records": .number(6), "matched": .number(3), "rate": .number(0.5)]))
        #expect(json["perMonth"]?["2025-02"]?["rate"] == .number(0.333333))
    }

    /// 6000 records over several parallel chunks: 60 providers (1 to 13 bytes, one empty), test
    /// months in no order and in three spellings, statuses and weights of every kind. Providers,
    /// months, ranks and weight bins are counted as plain dictionaries count them.
    @Test func manyProvidersAndMonthsInNoOrderAreCountedAsByDictionary() throws {
        let run = TestFolders.root.appendingPathComponent("linkfit-quality-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: run, withIntermediateDirectories: true)
        let statuses = ["linked", "review", "unlinked", "linked-duplicate", "linked-clerical"]
        var lines = ["DID_ID,TEST_DATE,PROVIDER_CODE,PAD,MATCH_RANK,MATCH_WEIGHT,LINK_STATUS"]
        var providers: [String: QualityReport.Counts] = [:], months: [String: QualityReport.Counts] = [:]
        var ranks: [String: Int] = [:], bins: [Int: [Int]] = [:]
        let pad = String(repeating: "x", count: 40)
        for i in 0..<6000 {
            let n = i * 7919 % 60
            let provider = n == 0 ? "" : String(repeating: "R", count: n % 13) + "\(n)"
            let month = (i * 31 % 37) % 12 + 1, year = 2020 + i % 5, day = 1 + i % 28
            let date = [String(format: "%04d-%02d-%02d", year, month, day), String(format: "%02d/%02d/%04d", day, month, year),
                        String(format: "%04d%02d%02d", year, month, day), ""][i % 4]
            let status = statuses[i % 5], matched = status.hasPrefix("linked"), rank = matched ? "\(1 + i % 3)" : ""
            let weight = Double(i % 97) - 48.5
            lines.append("D\(i),\(date),\(provider),\(pad),\(rank),\(weight),\(status)")
            providers[provider.isEmpty ? "unknown" : provider, default: .init()].records += 1
            months[date.isEmpty ? "unknown" : String(format: "%04d-%02d", year, month), default: .init()].records += 1
            if matched {
                providers[provider.isEmpty ? "unknown" : provider]?.matched += 1
                months[date.isEmpty ? "unknown" : String(format: "%04d-%02d", year, month)]?.matched += 1
                ranks[rank, default: 0] += 1
            }
            let outcome = matched ? 0 : status == "review" ? 1 : 2
            bins[Int(weight.rounded(.down)), default: [0, 0, 0]][outcome] += 1
        }
        try (lines.joined(separator: "\n") + "\n").write(to: run.appendingPathComponent("links.csv"), atomically: true, encoding: .utf8)
        try #"{"ranks": [{"rank": "2", "meaning": "two"}]}"#.write(to: run.appendingPathComponent("summary.json"), atomically: true, encoding: .utf8)
        try "DID_ID,CANDIDATE,HESID,MATCH_PROBABILITY\n".write(to: run.appendingPathComponent("review.csv"), atomically: true, encoding: .utf8)
        let report = try QualityReport.read(run: run, name: "run")
        #expect(report.perProvider.count == 60)
        #expect(report.perProvider == providers)
        #expect(report.perMonth.count == 61)
        #expect(report.perMonth == months)
        // summary.json's rank first, then the others in order of first appearance.
        #expect(report.ranks.map(\.rank) == ["2", "1", "3"])
        #expect(Dictionary(uniqueKeysWithValues: report.ranks.map { ($0.rank, $0.matched) }) == ranks)
        let held = report.weights.bins.filter { $0.counts != [0, 0, 0] }
        #expect(Dictionary(uniqueKeysWithValues: held.map { (Int($0.lower), $0.counts) }) == bins)
    }

    @Test func missingProviderColumnIsALocatedError() throws {
        let run = try Self.handMade()
        #expect {
            _ = try QualityReport.read(run: run, name: "run", providerColumn: "SITE")
        } throws: { error in
            "\(error)".hasPrefix("run/links.csv:1: missing required column SITE")
        }
    }
}
