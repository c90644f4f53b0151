/// Compares two standardised (valid) NHS numbers: exact / near / else.
///
/// Near: the ten digits differ by one substituted digit, or by one swap of adjacent digits, or —
/// when `similarityThreshold` is set — their Jaro–Winkler similarity as ten-digit strings is at least
/// that threshold.
///
/// Note: Modulus 11 detects every single substitution and every adjacent transposition, so two
/// *valid* numbers are never one such edit apart; between standardised numbers the near level fires
/// only through the Jaro–Winkler option (e.g. a family member's number sharing many digits). The edit
/// rules still matter for callers that compare unvalidated numbers.
public struct NHSNumberComparator: FieldComparator {
    public typealias Value = UInt64

    /// Jaro–Winkler threshold for "near", or nil for the edit rules alone.
    public let similarityThreshold: Double?
    public let levels = [.null, ComparisonLevel("exact", agreeing: [.whole: 1]), ComparisonLevel("near"), ComparisonLevel("else")]

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
