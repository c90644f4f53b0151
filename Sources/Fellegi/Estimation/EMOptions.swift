/// How `ExpectationMaximisation.fit` runs: when to stop, what to hold fixed, which comparisons to
/// leave out, which to keep monotone, and the probability floor.
///
/// Comparisons are named by index (0 … K−1) in the order of the pattern counts.
package struct EMOptions: Sendable, Hashable {
    /// Stop after this many iterations (E step + M step) even if not converged. 0 runs none.
    package var maxIterations: Int
    /// Converged when the largest absolute change of any free m-probability, u-probability or λ in
    /// one iteration is below this.
    package var tolerance: Double
    /// Comparisons whose m-probabilities are held at the initial values.
    package var fixM: Set<Int>
    /// Comparisons whose u-probabilities are held at the initial values (e.g. u estimated from random
    /// pairs).
    package var fixU: Set<Int>
    /// Hold λ at its initial value (e.g. λ from a deterministic rule).
    package var fixLambda: Bool
    /// Comparisons treated as null for every pattern: they leave the likelihood, and their m and u
    /// come back unchanged. A per-blocking-rule training session excludes the comparisons its
    /// blocking rule forces to agree.
    package var excluded: Set<Int>
    /// Comparisons whose levels must be monotone: a stronger level never carries a smaller match
    /// weight than a weaker one (see `Monotone`). With u fixed only m moves, with m fixed only u; with
    /// both fixed (or excluded) the comparison is left as given.
    package var monotone: Set<Int>
    /// ε: every free probability (and λ) is kept in [ε, 1 − ε], so no log is −∞.
    package var probabilityFloor: Double

    package init(
        maxIterations: Int = 500,
        tolerance: Double = 1e-6,
        fixM: Set<Int> = [],
        fixU: Set<Int> = [],
        fixLambda: Bool = false,
        excluded: Set<Int> = [],
        monotone: Set<Int> = [],
        probabilityFloor: Double = 1e-9
    ) {
        self.maxIterations = maxIterations
        self.tolerance = tolerance
        self.fixM = fixM
        self.fixU = fixU
        self.fixLambda = fixLambda
        self.excluded = excluded
        self.monotone = monotone
        self.probabilityFloor = probabilityFloor
    }
}
