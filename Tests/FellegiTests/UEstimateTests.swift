import Testing

@testable import Fellegi

/// u-probabilities on hand-made tables: the exact levels from value frequencies, Σ_v pL(v)·pR(v);
/// the other levels from random pairs with the Jeffreys prior, (1 − Σ u_exact)(s_l + ½)/(Σ s + ½·L′).
@Suite struct UEstimateTests {
    // Nine-digit stems with a check digit (400000106 has none).
    static let leftNHS = [101, 102, 103, 104].map { Engine.nhs("400000\($0)") }
    static let rightNHS = [105, 107, 108, 109, 110, 111].map { Engine.nhs("400000\($0)") }

    /// Left: four records, all sex 1 at LS1 4AP; NHS numbers none of the right's; born 1980-05-06
    /// (twice), 1975-03-02, and 1970-01-01 (1 January: a placeholder date).
    static let did = [Engine.didHeader] + zip(leftNHS, ["1980-05-06", "1980-05-06", "1975-03-02", "1970-01-01"]).enumerated().map {
        "D\($0.offset),\($0.element.0),\($0.element.1),1,LS1 4AP,2025-03-01,CT"
    }
    /// Right: six persons, all sex 2 at M1 1AA (another area); born 1980-05-06 (once), 1975-03-02
    /// (twice), 1960-07-07, and the placeholder 1970-01-01 (twice).
    static let hes = [Engine.hesHeader] + zip(rightNHS, ["1980-05-06", "1975-03-02", "1975-03-02", "1960-07-07", "1970-01-01", "1970-01-01"])
        .enumerated().map { "H\($0.offset),\($0.element.0),\($0.element.1),2,M1 1AA" }

    static func estimate(did: [String] = did, hes: [String] = hes, samplePairs: Int, threads: Int = 1) throws -> UEstimate {
        let settings = LinkSettings.didToHES
        let folder = Engine.folder("u")
        let left = try Engine.table(did, side: .left, settings: settings, in: folder)
        let right = try Engine.table(hes, side: .right, settings: settings, in: folder)
        let comparisons = try settings.comparisons.map(FieldComparison.init)
        let scan = PairScan(left: left, right: right, comparisons: comparisons, blocker: Blocker())
        let frequencies = settings.comparisons.indices.map { TermFrequencies(table: right, comparison: $0) }
        return UEstimate.estimate(scan: scan, frequencies: frequencies, samplePairs: samplePairs, seed: 1, minimumCount: 100,
                               threads: threads)
    }

    static func close(_ a: [Double], _ b: [Double]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) < 1e-12 }
    }

    /// pL: 1980-05-06 2/4, 1975-03-02 1/4, 1970-01-01 1/4; pR over six persons: 1/6, 2/6, 2/6.
    /// Exact (not a placeholder): 2/4 · 1/6 + 1/4 · 2/6 = 1/6. Exact placeholder: 1/4 · 2/6 = 1/12.
    /// No value in common (NHS numbers, sex, postcode): the floor 1/(4 · 6) = 1/24.
    @Test func exactLevelsComeFromValueFrequencies() throws {
        let u = try Self.estimate(samplePairs: 1_000)
        #expect(abs(u.u[1][1] - 1.0 / 6) < 1e-12 && abs(u.u[1][2] - 1.0 / 12) < 1e-12)
        #expect(u.sources[1][1] == "frequency" && u.sources[1][2] == "frequency")
        for k in [0, 2, 3] {
            #expect(abs(u.u[k][1] - 1.0 / 24) < 1e-12)
            #expect(u.sources[k][1] == "frequency")
        }
        // Every comparison's u sums to 1 over its non-null levels, and every sampled pair is counted
        // once per comparison.
        for k in 0..<4 {
            #expect(abs(u.u[k].dropFirst().reduce(0, +) - 1) < 1e-12)
            #expect(u.sampledCounts[k].reduce(0, +) == 1_000)
        }
        #expect(u.sampledPairs == 1_000)
    }

    /// Every left × right pair has the same level on NHS number (else: two valid numbers are never
    /// one edit apart), sex (disagree) and postcode (else), so the 1,000 random pairs all land on it:
    /// - NHS number, levels exact, near, else: near (1 − 1/24)(0 + ½)/(1000 + 1), else (1 − 1/24)(1000 + ½)/(1000 + 1);
    /// - sex: disagree (1 − 1/24)(1000 + ½)/(1000 + ½) = 23/24;
    /// - postcode, unit … else: sector, district, area (1 − 1/24)(½)/(1000 + 2) each, else (1 − 1/24)(1000 + ½)/(1000 + 2).
    /// Levels seen fewer than 100 times are `sample-sparse`.
    @Test func otherLevelsComeFromRandomPairsWithTheJeffreysPrior() throws {
        let u = try Self.estimate(samplePairs: 1_000)
        let rest = 23.0 / 24
        #expect(u.sampledCounts[0] == [0, 0, 0, 1_000])
        #expect(Self.close(u.u[0], [0, 1.0 / 24, rest * 0.5 / 1_001, rest * 1_000.5 / 1_001]))
        #expect(u.sources[0] == ["", "frequency", "sample-sparse", "sample"])
        #expect(u.sampledCounts[2] == [0, 0, 1_000])
        #expect(Self.close(u.u[2], [0, 1.0 / 24, rest]))
        #expect(u.sampledCounts[3] == [0, 0, 0, 0, 0, 1_000])
        let sparse = rest * 0.5 / 1_002
        #expect(Self.close(u.u[3], [0, 1.0 / 24, sparse, sparse, sparse, rest * 1_000.5 / 1_002]))
        #expect(u.sources[3] == ["", "frequency", "sample-sparse", "sample-sparse", "sample-sparse", "sample"])
    }

    /// Random pairs are uniform over left records: runs of 256 consecutive records cover four records
    /// 64 times each, so with half the left records at the right's only postcode exactly half of the
    /// 200,000 pairs agree on the unit. And uniform over right persons: with half of 100 persons of
    /// each sex, about half the pairs agree on sex (the persons are drawn once per run of 256 pairs,
    /// so 782 draws: a standard error of 0.018).
    @Test func randomPairsAreUniformOverBothSides() throws {
        let did = [Engine.didHeader] + (0..<4).map { "D\($0),\(Self.leftNHS[$0]),1980-05-06,1,\($0 < 2 ? "M1 1AA" : "LS1 4AP"),2025-03-01,CT" }
        let hes = [Engine.hesHeader] + (0..<100).map { "H\($0),,1960-07-07,\(1 + $0 % 2),M1 1AA" }
        let u = try Self.estimate(did: did, hes: hes, samplePairs: 200_000)
        #expect(u.sampledCounts[3][1] == 100_000)
        #expect(u.sampledCounts[3][1] + u.sampledCounts[3][5] == 200_000)
        #expect(abs(Double(u.sampledCounts[2][1]) / 200_000 - 0.5) < 0.06)
    }

    /// Fixed chunks of 65,536 pairs, each with its own seeded stream: the same estimate for any thread count.
    @Test func theSameEstimateForAnyThreadCount() throws {
        let one = try Self.estimate(samplePairs: 200_000, threads: 1)
        #expect(try Self.estimate(samplePairs: 200_000, threads: 2) == one)
        #expect(try Self.estimate(samplePairs: 200_000, threads: 3) == one)
    }
}
