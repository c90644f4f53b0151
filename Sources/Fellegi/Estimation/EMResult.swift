/// One EM iteration, for the training log.
package struct EMIteration: Sendable, Hashable {
    /// 1-based iteration number.
    package var index: Int
    /// λ after this iteration's M step.
    package var lambda: Double
    /// The largest absolute change of any free m-probability, u-probability or λ in this iteration.
    package var largestChange: Double
    /// The log-likelihood (natural log) of the observed pattern counts under the parameters this
    /// iteration started from (computed by its E step):
    /// Σ_γ n_γ · log(λ·P(γ | match) + (1 − λ)·P(γ | non-match)).
    package var logLikelihood: Double
}

/// What `ExpectationMaximisation.fit` returns: new parameters and how it got there.
package struct EMResult: Sendable, Hashable {
    /// The fitted parameters (the initial ones when a problem stopped the fit before it started).
    package var parameters: FSParameters
    /// Every iteration run, in order.
    package var iterations: [EMIteration]
    /// True when an iteration changed no free parameter by `tolerance` or more.
    package var converged: Bool
    /// The log-likelihood under the returned parameters (natural log); nil when no fit ran.
    package var logLikelihood: Double?
    /// Why the fit did not run, or caveats about the one that did (see `EMProblem.isFatal`).
    package var problems: [EMProblem]
}

/// A reason EM could not run, or a caveat about its result. Every problem found is reported.
package enum EMProblem: Sendable, Hashable, CustomStringConvertible {
    /// The initial parameters are unusable.
    case initialParameters(FSParameterProblem)
    /// The counts and the parameters disagree on the number of comparisons.
    case comparisonCountMismatch(counts: Int, parameters: Int)
    /// The counts and the parameters disagree on a comparison's number of levels.
    case levelCountMismatch(comparison: Int, counts: Int, parameters: Int)
    /// An option names a comparison that does not exist.
    case comparisonOutOfRange(option: String, comparison: Int)
    /// An option has an unusable value.
    case invalidOption(name: String, value: Double, expected: String)
    /// The counts are all zero: nothing to fit.
    case noPairs
    /// Every pair shows the same pattern on the comparisons in use, so matches and non-matches
    /// cannot be told apart; the fitted values carry no information.
    case singlePattern
    /// Comparison k is null (or excluded) in every pair; its m and u were left at the initial values.
    case neverObserved(comparison: Int)
    /// The log-likelihood stopped being a finite number; the fit stopped at the last finite one.
    case nonFiniteLikelihood(iteration: Int)

    /// True when the problem stopped EM before its first iteration.
    package var isFatal: Bool {
        switch self {
        case .initialParameters, .comparisonCountMismatch, .levelCountMismatch, .comparisonOutOfRange,
             .invalidOption, .noPairs:
            return true
        case .singlePattern, .neverObserved, .nonFiniteLikelihood:
            return false
        }
    }

    package var description: String {
        switch self {
        case .initialParameters(let problem):
            return "initial parameters: \(problem)"
        case .comparisonCountMismatch(let counts, let parameters):
            return "the pattern counts have \(counts) comparisons but the parameters have \(parameters)"
        case .levelCountMismatch(let k, let counts, let parameters):
            return "comparison \(k): the pattern counts have \(counts) levels but the parameters have \(parameters)"
        case .comparisonOutOfRange(let option, let k):
            return "\(option): there is no comparison \(k)"
        case .invalidOption(let name, let value, let expected):
            return "\(name) is \(value); expected \(expected)"
        case .noPairs:
            return "the pattern counts are empty: no pairs to fit"
        case .singlePattern:
            return "every pair has the same agreement pattern: matches and non-matches cannot be separated"
        case .neverObserved(let k):
            return "comparison \(k) is null in every pair: its m- and u-probabilities were not estimated"
        case .nonFiniteLikelihood(let iteration):
            return "the log-likelihood is not finite at iteration \(iteration): stopped there"
        }
    }
}
