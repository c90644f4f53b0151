/// Monotone levels: a stronger level never carries a smaller match weight than a weaker one.
///
/// For one comparison with non-null levels 1 … n (strongest first) the constraint is
///
///     log(m_1/u_1) ≥ log(m_2/u_2) ≥ … ≥ log(m_n/u_n)
///
/// (a likelihood-ratio ordering of the two distributions). EM imposes it in its M step, which for
/// comparison k maximises Σ_l A_l log m_l + Σ_l B_l log u_l subject to Σ m = Σ u = 1, where A_l and
/// B_l are the expected match and non-match counts at level l (A = Σ A_l, B = Σ B_l).
///
/// **The constrained maximum is found by pooling adjacent violators (PAVA).** Walk the levels from
/// strongest to weakest keeping a stack of pools; a pool S has masses m_S = Σ_{l∈S} m_l and
/// u_S = Σ_{l∈S} u_l (starting from the unconstrained m_l = A_l/A, u_l = B_l/B) and Bayes factor
/// m_S/u_S. Whenever a pool's factor exceeds its stronger neighbour's, merge the two and re-check.
/// The result gives every level of a pool S the pool's Bayes factor m_S/u_S, and splits the pool's
/// masses over its levels in proportion to a split weight s_l:
///
///     m_l = m_S · s_l / s_S,   u_l = u_S · s_l / s_S.
///
/// With both m and u free, s_l = A_l + B_l ∝ a·m_l + (1 − a)·u_l with a = A/(A + B): the level's
/// share of all pairs. This is exact: writing the Lagrangian with multipliers μ_l ≥ 0 on the order
/// constraints gives A·m_l = A_l + ν_l and B·u_l = B_l − ν_l with ν_l = μ_l − μ_{l−1}. Equal factors
/// within a pool force m_l, u_l ∝ A_l + B_l; Σ_{l∈S} ν_l = 0 (the multipliers vanish at pool
/// boundaries) gives m_S = A_S/A and u_S = B_S/B; and μ_l ≥ 0 within a pool is the PAVA invariant
/// that every leading part of a pool has a factor no larger than the whole pool. The problem is
/// concave, so these KKT conditions are sufficient. (The same pooled estimator appears in the
/// order-restricted inference literature on likelihood ratio ordering of two multinomials, e.g.
/// Dykstra, Kochar & Robertson 1995; the derivation above is self-contained.)
/// The same argument with u held fixed gives s_l = u_l (only m moves); with m fixed, s_l = m_l.
/// Because the constrained M step is an exact maximisation, EM with monotone levels still never
/// decreases the log-likelihood (a generalised EM).
///
/// Factors are compared by cross-multiplication (m_S·u_T against m_T·u_S), so zero masses need no
/// division. A pool whose split weights are all 0 is split evenly.
package enum Monotone {
    /// m and u over the non-null levels (index 0 = strongest level, **not** the null level), pooled
    /// so that m_l/u_l never increases from strongest to weakest.
    ///
    /// - Parameters:
    ///   - m: masses of the match distribution per level (normally summing to 1).
    ///   - u: masses of the non-match distribution per level, same length.
    ///   - splitWeights: how a pool's masses are shared among its levels (see the type's discussion).
    /// - Returns: pooled m and u; their sums equal the inputs'.
    /// - Complexity: O(n) for n levels (each level is merged at most once).
    package static func pooledAdjacentViolators(
        m: [Double], u: [Double], splitWeights: [Double]
    ) -> (m: [Double], u: [Double]) {
        precondition(m.count == u.count && m.count == splitWeights.count, "one m, u and weight per level")
        struct Pool { var first: Int; var last: Int; var m: Double; var u: Double }
        var pools: [Pool] = []
        pools.reserveCapacity(m.count)
        for l in m.indices {
            pools.append(Pool(first: l, last: l, m: m[l], u: u[l]))
            // Violation: the weaker (later) pool has a larger factor than the stronger one:
            // m_T/u_T > m_S/u_S  ⇔  m_T·u_S > m_S·u_T.
            while pools.count >= 2 {
                let weaker = pools[pools.count - 1], stronger = pools[pools.count - 2]
                guard weaker.m * stronger.u > stronger.m * weaker.u else { break }
                pools.removeLast(2)
                pools.append(Pool(first: stronger.first, last: weaker.last,
                                  m: stronger.m + weaker.m, u: stronger.u + weaker.u))
            }
        }
        var pooledM = m, pooledU = u
        for pool in pools where pool.first < pool.last {
            let range = pool.first...pool.last
            let weightSum = range.reduce(0.0) { $0 + splitWeights[$1] }
            for l in range {
                let share = weightSum > 0 ? splitWeights[l] / weightSum : 1 / Double(range.count)
                pooledM[l] = pool.m * share
                pooledU[l] = pool.u * share
            }
        }
        return (pooledM, pooledU)
    }
}
