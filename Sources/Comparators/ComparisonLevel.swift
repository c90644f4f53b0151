/// One level of a comparison: its label, for people and the model file, and what two values at the
/// level are known to agree on, for the engine.
///
/// The engine reads the meaning of a level only from `agreement`, never from its label, so a label
/// can be renamed without changing any estimate (the blocking recall in particular).
public struct ComparisonLevel: Sendable, Equatable, CustomStringConvertible {
    public var label: String
    /// P(part agrees | the two values compare at this level), for the parts the level shows to agree:
    /// 1 when the level implies it, a share when it implies it for a known share of its pairs. A part
    /// not listed counts 0: the level does not show that it agrees, so no credit is given for it.
    public var agreement: [ValuePart: Double]

    public init(_ label: String, agreeing agreement: [ValuePart: Double] = [:]) {
        precondition(agreement.values.allSatisfy { $0 > 0 && $0 <= 1 }, "agreement probabilities are in (0, 1]")
        self.label = label
        self.agreement = agreement
    }

    /// The null level (either value missing): nothing is known to agree.
    public static let null = ComparisonLevel(nullLevelLabel)

    /// The probability that `part` of two values at this level agrees (0 when the level does not show it).
    public func agreement(of part: ValuePart) -> Double { agreement[part] ?? 0 }

    /// True when the level is reached only by equal values (the whole value agrees).
    public var impliesEquality: Bool { agreement(of: .whole) == 1 }

    public var description: String { label }
}

extension [ComparisonLevel] {
    /// The indices of the levels reached only by equal values (exact agreement).
    public var equalityLevels: [Int] { indices.filter { self[$0].impliesEquality } }
}
