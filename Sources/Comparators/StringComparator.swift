/// Compares two standardised strings: exact / similarity ≥ t₁ / similarity ≥ t₂ / … / else.
///
/// Levels: 0 null, 1 exact (identical bytes), then one level per threshold tᵢ (first whose
/// similarity ≥ tᵢ), then else. Similarity is Jaro or Jaro–Winkler (`StringSimilarity`). Thresholds
/// must be in (0, 1] and strictly descending (Splink's `JaroWinklerAtThresholds` shape). Only exact
/// agreement implies that a part agrees (the whole text, and so its first three bytes).
public struct StringComparator: FieldComparator {
    public typealias Value = UnsafeBufferPointer<UInt8>

    /// Default Jaro–Winkler thresholds.
    public static let defaultThresholds = [0.92, 0.88]

    public let metric: StringMetric
    public let thresholds: [Double]
    public let levels: [ComparisonLevel]

    /// Level labels show each threshold in Swift's shortest round-trip form (`jaro-winkler>=0.92`).
    /// - Throws: `ParameterProblems` naming every bad threshold (paths `thresholds[i]`).
    public init(metric: StringMetric = .jaroWinkler, thresholds: [Double] = defaultThresholds) throws {
        try ParameterProblems.throwIfAny(thresholdProblems(thresholds, path: "thresholds"))
        self.metric = metric
        self.thresholds = thresholds
        levels = [.null, ComparisonLevel("exact", agreeing: [.whole: 1, .first3: 1])]
            + thresholds.map { ComparisonLevel("\(metric.rawValue)>=\($0)") } + [ComparisonLevel("else")]
    }

    /// The similarity of `a` and `b` under `metric`.
    ///
    /// - Complexity: see `StringSimilarity`; allocates nothing up to 64 bytes.
    public func similarity(_ a: Value, _ b: Value) -> Double { metric.similarity(a, b) }

    /// - Complexity: O(n) when equal; otherwise one similarity computation.
    public func level(_ a: Value, _ b: Value) -> Int {
        if a.count == b.count && a.elementsEqual(b) { return 1 }
        let value = similarity(a, b)
        for (index, threshold) in thresholds.enumerated() where value >= threshold { return 2 + index }
        return 2 + thresholds.count
    }
}
