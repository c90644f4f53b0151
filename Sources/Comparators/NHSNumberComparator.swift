/// Compares two standardised (valid) NHS numbers: exact / near / else.
///
/// Near: the ten digits differ by one substituted digit, or by one swap of adjacent digits, or —
/// when `similarityThreshold` is set — their Jaro–Winkler similarity as ten-digit strings is at least
/// that threshold.
///
/// Note: Modulus 11 detects every single substitution and every adjacent transposition, so two
/// *valid* numbers are never one such edit apart; between two valid numbers the near level fires
/// only through the Jaro–Winkler option (e.g. a family member's number sharing many digits). The
/// edit rules matter against a number that **fails the check** (`level(failedCheck:valid:)`): a
/// typo one substitution or one adjacent swap from the other side's valid number is strong evidence
/// for it (a random valid number is that close with probability about 10⁻⁸), so it is `near`;
/// anything else about a failed number says nothing, so it is null — never agreement, never
/// disagreement.
public struct NHSNumberComparator: FieldComparator {
    public typealias Value = UInt64

    /// Jaro–Winkler threshold for "near", or nil for the edit rules alone.
    public let similarityThreshold: Double?
    public let levels = [.null, ComparisonLevel("exact", agreeing: [.whole: 1]), ComparisonLevel("near"), ComparisonLevel("else")]
    /// The `near` level.
    public static let nearLevel = 2

    /// - Throws: `ParameterProblems` when the threshold is not in (0, 1] (path `similarityThreshold`).
    public init(similarityThreshold: Double? = nil) throws {
        if let similarityThreshold, !(similarityThreshold > 0 && similarityThreshold <= 1) {
            throw ParameterProblems([ParameterProblem(path: "similarityThreshold", "must be in (0, 1]")])
        }
        self.similarityThreshold = similarityThreshold
    }

    /// - Complexity: O(1): ten digits; allocates nothing.
    public func level(_ a: UInt64, _ b: UInt64) -> Int {
        if a == b { return 1 }
        if Self.isOneEditApart(a, b) { return 2 }
        if let similarityThreshold, similarity(a, b) >= similarityThreshold { return 2 }
        return 3
    }

    /// The level of a number that fails the Modulus 11 check against a valid one: `near` when they
    /// are one substitution or one adjacent transposition apart, else 0 (null: missing evidence).
    ///
    /// - Complexity: O(1): ten digits.
    public func level(failedCheck: UInt64, valid: UInt64) -> Int {
        Self.isOneEditApart(failedCheck, valid) ? Self.nearLevel : 0
    }

    /// The level of two NHS numbers as submitted, as linking compares them: two valid numbers by
    /// `level(_:_:)`, a number failing the check against a valid one by `level(failedCheck:valid:)`,
    /// anything else null.
    public func level(submitted a: some Collection<UInt8>, _ b: some Collection<UInt8>) -> Int {
        switch (NHSNumber.standardise(a), NHSNumber.standardise(b)) {
        case (.value(let x), .value(let y)): return level(x, y)
        case (.missing(.failedCheck), .value(let y)): return NHSNumber.failedCheckNumber(a).map { level(failedCheck: $0, valid: y) } ?? 0
        case (.value(let x), .missing(.failedCheck)): return NHSNumber.failedCheckNumber(b).map { level(failedCheck: $0, valid: x) } ?? 0
        default: return 0
        }
    }

    /// Jaro–Winkler similarity of the two numbers written as ten digits (zero-padded).
    ///
    /// - Complexity: O(1); allocates nothing.
    public func similarity(_ a: UInt64, _ b: UInt64) -> Double {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var x = a
            var y = b
            for index in stride(from: 9, through: 0, by: -1) {
                digits[index] = UInt8(x % 10) + 0x30
                digits[10 + index] = UInt8(y % 10) + 0x30
                x /= 10
                y /= 10
            }
            let buffer = UnsafeBufferPointer(digits)
            return StringSimilarity.jaroWinkler(
                UnsafeBufferPointer(rebasing: buffer[0..<10]), UnsafeBufferPointer(rebasing: buffer[10..<20]))
        }
    }

    /// True when the ten digits of `a` and `b` differ in exactly one position, or in exactly two
    /// adjacent positions whose digits are swapped.
    ///
    /// - Complexity: O(1): ten digits.
    public static func isOneEditApart(_ a: UInt64, _ b: UInt64) -> Bool {
        var x = a
        var y = b
        var differences = 0
        var lastPosition = -2
        var adjacentSwap = false
        var previous: (UInt64, UInt64) = (0, 0)
        for position in 0..<10 {
            let pair = (x % 10, y % 10)
            if pair.0 != pair.1 {
                differences += 1
                if differences > 2 { return false }
                if differences == 2 {
                    adjacentSwap = lastPosition == position - 1 && previous.0 == pair.1 && previous.1 == pair.0
                }
                lastPosition = position
                previous = pair
            }
            x /= 10
            y /= 10
        }
        return differences == 1 || (differences == 2 && adjacentSwap)
    }
}
