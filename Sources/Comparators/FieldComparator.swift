/// Compares one field of two records and returns an ordered comparison level.
///
/// Levels follow Splink's comparison library: level 0 is always the **null level** (either side
/// missing: weight 0, left out of EM; callers decide it before calling `level`), then the levels from
/// strongest agreement to weakest, the last being "else" (disagreement). `level(_:_:)` is only called
/// with two present values and always returns a value in `1..<levels.count`.
///
/// (Named `FieldComparator` because Foundation on Linux already exports a `Comparator` type.)
public protocol FieldComparator: Sendable {
    /// The standardised value compared (e.g. `UInt64` for NHS numbers, `CalendarDate`).
    associatedtype Value

    /// The levels, strongest agreement first after the null level (index 0, `ComparisonLevel.null`);
    /// each says what two values at that level agree on.
    var levels: [ComparisonLevel] { get }

    /// The level of two present values, in `1..<levels.count`.
    func level(_ a: Value, _ b: Value) -> Int
}

/// The label of the null level, index 0 of every comparator.
public let nullLevelLabel = "null"

extension FieldComparator {
    /// One label per level; index 0 is `"null"`.
    public var levelLabels: [String] { levels.map(\.label) }

    /// The level of two standardised values: 0 (null) when either is missing, whatever the reason.
    @inlinable
    public func level(_ a: Standardised<Value>, _ b: Standardised<Value>) -> Int {
        guard case .value(let a) = a, case .value(let b) = b else { return 0 }
        return level(a, b)
    }
}

/// A problem with a comparator's parameters, located by a path relative to the comparator's settings
/// (`thresholds[1]`), so a settings loader can prefix its own JSON path (`$.comparisons[2].`).
public struct ParameterProblem: Equatable, Sendable, CustomStringConvertible {
    public var path: String
    public var message: String

    public init(path: String, _ message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { "\(path): \(message)" }
}

/// Every problem found with a comparator's parameters at once.
public struct ParameterProblems: Error, Equatable, Sendable, CustomStringConvertible {
    public var problems: [ParameterProblem]

    public init(_ problems: [ParameterProblem]) { self.problems = problems }

    public var description: String { problems.map(\.description).joined(separator: "\n") }

    /// Throws the problems, if any.
    public static func throwIfAny(_ problems: [ParameterProblem]) throws {
        if !problems.isEmpty { throw ParameterProblems(problems) }
    }
}

/// Thresholds must be in (0, 1] and strictly descending; every violation is reported.
///
/// - Parameter path: the settings key holding the list (`thresholds`).
/// - Complexity: O(k) for k thresholds.
public func thresholdProblems(_ thresholds: [Double], path: String) -> [ParameterProblem] {
    var problems: [ParameterProblem] = []
    for (index, threshold) in thresholds.enumerated() {
        if !(threshold > 0 && threshold <= 1) {
            problems.append(ParameterProblem(path: "\(path)[\(index)]", "must be in (0, 1]"))
        }
        if index > 0, !(threshold < thresholds[index - 1]) {
            problems.append(ParameterProblem(path: "\(path)[\(index)]", "must be less than \(path)[\(index - 1)] (thresholds descend)"))
        }
    }
    return problems
}
