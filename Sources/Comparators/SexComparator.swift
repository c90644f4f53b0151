/// Compares two standardised sex codes (1 or 2): agree / disagree.
public struct SexComparator: FieldComparator {
    public typealias Value = UInt8

    public let levels = [.null, ComparisonLevel("agree", agreeing: [.whole: 1]), ComparisonLevel("disagree")]

    public init() {}

    public func level(_ a: UInt8, _ b: UInt8) -> Int { a == b ? 1 : 2 }
}
