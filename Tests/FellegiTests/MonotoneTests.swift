import Fellegi
import Foundation
import Testing

@Suite struct MonotoneTests {
    func close(_ a: [Double], _ b: [Double], _ tolerance: Double = 1e-12) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= tolerance }
    }

    /// Worked by hand. Levels (strongest first): m = .1 .2 .3 .4, u = .1 .1 .1 .7, Bayes factors
    /// 1, 2, 3, 4/7.
    /// - Level 2 (factor 2) beats level 1 (factor 1): pool {1,2}, m .3, u .2, factor 1.5.
    /// - Level 3 (factor 3) beats the pool {1,2} (1.5): pool {1,2,3}, m .6, u .3, factor 2.
    /// - Level 4 (4/7) is below 2: done.
    /// Split weights a·m + (1−a)·u with a = ½: .1, .15, .2 (sum .45), so within the pool
    /// m = .6 × (.1, .15, .2)/.45 = (2/15, 1/5, 4/15) and u = .3 × … = (1/15, 1/10, 2/15).
    @Test func poolsACascadeOfViolatorsWorkedByHand() {
        let m = [0.1, 0.2, 0.3, 0.4], u = [0.1, 0.1, 0.1, 0.7]
        let split = zip(m, u).map { 0.5 * $0 + 0.5 * $1 }
        let pooled = Monotone.pooledAdjacentViolators(m: m, u: u, splitWeights: split)
        #expect(close(pooled.m, [2.0 / 15, 1.0 / 5, 4.0 / 15, 0.4]))
        #expect(close(pooled.u, [1.0 / 15, 1.0 / 10, 2.0 / 15, 0.7]))
        #expect(Monotone.isMonotone(m: pooled.m, u: pooled.u, tolerance: 1e-12))
        #expect(!Monotone.isMonotone(m: m, u: u))
        // Every pooled level carries the pool's Bayes factor 2, i.e. match weight 1 bit.
        for l in 0..<3 { #expect(abs(log2(pooled.m[l] / pooled.u[l]) - 1) < 1e-12) }
        // Pooling moves mass between levels but keeps each distribution's total.
        #expect(abs(pooled.m.reduce(0, +) - 1) < 1e-12 && abs(pooled.u.reduce(0, +) - 1) < 1e-12)
    }

    @Test func monotoneLevelsAreLeftAlone() {
        let m = [0.9, 0.06, 0.04], u = [0.01, 0.09, 0.9]
        let pooled = Monotone.pooledAdjacentViolators(m: m, u: u, splitWeights: [1, 1, 1])
        #expect(pooled.m == m && pooled.u == u)
    }

    /// Ties are not violations.
    @Test func equalFactorsAreNotPooled() {
        let m = [0.5, 0.25, 0.25], u = [0.5, 0.25, 0.25]
        let pooled = Monotone.pooledAdjacentViolators(m: m, u: u, splitWeights: [1, 2, 3])
        #expect(pooled.m == m && pooled.u == u)
    }

    /// With u held fixed the split weights are u, so u comes back unchanged and only m moves:
    /// m = .2 .5 .3, u = .4 .4 .2: factors .5, 1.25, 1.5 → one pool, m 1, u 1, factor 1, m_l = u_l.
    @Test func withFixedUOnlyMMoves() {
        let m = [0.2, 0.5, 0.3], u = [0.4, 0.4, 0.2]
        let pooled = Monotone.pooledAdjacentViolators(m: m, u: u, splitWeights: u)
        #expect(close(pooled.u, u))
        #expect(close(pooled.m, u))
    }

    /// Cross-multiplication handles zero masses: a level never seen among non-matches has an
    /// infinite factor and must not sit below a finite one.
    @Test func zeroMassesNeedNoDivision() {
        let m = [0.5, 0.5, 0.0], u = [0.5, 0.0, 0.5]
        let pooled = Monotone.pooledAdjacentViolators(m: m, u: u, splitWeights: [0.5, 0.25, 0.25])
        // Factors 1, ∞, 0: level 2 beats level 1 → pool m 1, u .5 (factor 2), split .5 : .25.
        #expect(close(pooled.m, [2.0 / 3, 1.0 / 3, 0]))
        #expect(close(pooled.u, [1.0 / 3, 1.0 / 6, 0.5]))
        #expect(Monotone.isMonotone(m: pooled.m, u: pooled.u, tolerance: 1e-12))
    }

    @Test func emptyAndSingleLevelsAreTrivial() {
        #expect(Monotone.pooledAdjacentViolators(m: [], u: [], splitWeights: []) == ([], []))
        #expect(Monotone.pooledAdjacentViolators(m: [1], u: [1], splitWeights: [0]) == ([1], [1]))
        #expect(Monotone.isMonotone(m: [1], u: [1]))
    }
}

extension Monotone {
    /// True when m_l/u_l never increases from the strongest level to the weakest (index 0 = strongest
    /// non-null level), allowing a relative slack `tolerance` in the cross-multiplied comparison.
    static func isMonotone(m: [Double], u: [Double], tolerance: Double = 0) -> Bool {
        precondition(m.count == u.count, "one m and u per level")
        guard m.count >= 2 else { return true }
        for l in 1..<m.count {
            let weaker = m[l] * u[l - 1], stronger = m[l - 1] * u[l]
            if weaker > stronger * (1 + tolerance) { return false }
        }
        return true
    }
}
