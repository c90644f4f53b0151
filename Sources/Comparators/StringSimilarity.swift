/// Jaro and Jaro–Winkler similarity over bytes.
///
/// **Jaro** (Jaro 1989): with |a| = n, |b| = m, two equal bytes *match* when no further apart than
/// w = max(⌊max(n, m) / 2⌋ − 1, 0) positions, each byte matching at most once, scanning `a` left to
/// right and taking the first free match in `b`. With c matches and t = ⌊(matched bytes out of order) / 2⌋
/// transpositions, jaro = (c/n + c/m + (c − t)/c) / 3, and 0 when c = 0.
///
/// **Jaro–Winkler** (Winkler 1990): jw = jaro + ℓ·p·(1 − jaro), where ℓ is the length of the common
/// prefix, at most 4, and p the prefix scale (0.1). The bonus is applied at every jaro value (the
/// textbook formula; Winkler's `strcmp95` code applies it only above 0.7).
///
/// Conventions: two empty strings are identical (1); one empty string against a non-empty one is 0.
/// `t` is rounded down as in Winkler's `strcmp95` and most libraries. Reference values: MARTHA/MARHTA
/// 0.961, DWAYNE/DUANE 0.840, DIXON/DICKSONX 0.813.
///
/// Strings of up to 64 bytes use two 64-bit masks for the match flags (no allocation); longer ones
/// use a temporary buffer (on the stack when small enough).
public enum StringSimilarity {
    /// Winkler's prefix scale p.
    public static let winklerPrefixScale = 0.1
    /// Winkler's longest prefix counted.
    public static let winklerMaxPrefix = 4

    /// Jaro similarity of `a` and `b`, in [0, 1].
    ///
    /// - Complexity: O(n·w) comparisons for window w (≤ n·m); allocates nothing for strings of up to 64 bytes.
    public static func jaro(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Double {
        let n = a.count
        let m = b.count
        if n == 0 || m == 0 { return n == m ? 1 : 0 }
        if n <= 64 && m <= 64 { return jaroMasked(a, b) }
        return withUnsafeTemporaryAllocation(of: Bool.self, capacity: n + m) { flags in
            flags.initialize(repeating: false)
            return jaroFlagged(a, b, matchedA: UnsafeMutableBufferPointer(rebasing: flags[..<n]),
                               matchedB: UnsafeMutableBufferPointer(rebasing: flags[n...]))
        }
    }

    /// Jaro–Winkler similarity of `a` and `b`, in [0, 1].
    ///
    /// - Parameter prefixScale: p, in 0...0.25 so the result stays within [0, 1].
    /// - Complexity: as `jaro`.
    public static func jaroWinkler(
        _ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>, prefixScale: Double = winklerPrefixScale
    ) -> Double {
        precondition(prefixScale >= 0 && prefixScale <= 0.25, "prefix scale must be in 0...0.25")
        let similarity = jaro(a, b)
        let limit = min(winklerMaxPrefix, a.count, b.count)
        var prefix = 0
        while prefix < limit && a[prefix] == b[prefix] { prefix += 1 }
        return similarity + Double(prefix) * prefixScale * (1 - similarity)
    }

    /// Jaro similarity of two byte collections (`"MARTHA".utf8`).
    @inlinable
    public static func jaro(_ a: some Collection<UInt8>, _ b: some Collection<UInt8>) -> Double {
        withContiguousBytes(a) { a in withContiguousBytes(b) { b in jaro(a, b) } }
    }

    /// Jaro–Winkler similarity of two byte collections (`"MARTHA".utf8`).
    @inlinable
    public static func jaroWinkler(
        _ a: some Collection<UInt8>, _ b: some Collection<UInt8>, prefixScale: Double = winklerPrefixScale
    ) -> Double {
        withContiguousBytes(a) { a in withContiguousBytes(b) { b in jaroWinkler(a, b, prefixScale: prefixScale) } }
    }

    /// Jaro for 1...64 bytes each, with the match flags in two 64-bit masks.
    @usableFromInline
    static func jaroMasked(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Double {
        let n = a.count
        let m = b.count
        let window = max(max(n, m) / 2 - 1, 0)
        var matchedA: UInt64 = 0
        var matchedB: UInt64 = 0
        var matches = 0
        for i in 0..<n {
            let byte = a[i]
            var j = max(0, i - window)
            let end = min(m, i + window + 1)
            while j < end {
                let bit: UInt64 = 1 << UInt64(j)
                if matchedB & bit == 0 && b[j] == byte {
                    matchedB |= bit
                    matchedA |= 1 << UInt64(i)
                    matches += 1
                    break
                }
                j += 1
            }
        }
        if matches == 0 { return 0 }
        var outOfOrder = 0
        while matchedA != 0 {
            if a[matchedA.trailingZeroBitCount] != b[matchedB.trailingZeroBitCount] { outOfOrder += 1 }
            matchedA &= matchedA - 1
            matchedB &= matchedB - 1
        }
        return score(matches: matches, transpositions: outOfOrder / 2, n: n, m: m)
    }

    /// Jaro for any lengths, with the match flags in caller-provided buffers (all false on entry).
    @usableFromInline
    static func jaroFlagged(
        _ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>,
        matchedA: UnsafeMutableBufferPointer<Bool>, matchedB: UnsafeMutableBufferPointer<Bool>
    ) -> Double {
        let n = a.count
        let m = b.count
        let window = max(max(n, m) / 2 - 1, 0)
        var matches = 0
        for i in 0..<n {
            let byte = a[i]
            var j = max(0, i - window)
            let end = min(m, i + window + 1)
            while j < end {
                if !matchedB[j] && b[j] == byte {
                    matchedB[j] = true
                    matchedA[i] = true
                    matches += 1
                    break
                }
                j += 1
            }
        }
        if matches == 0 { return 0 }
        var outOfOrder = 0
        var j = 0
        for i in 0..<n where matchedA[i] {
            while !matchedB[j] { j += 1 }
            if a[i] != b[j] { outOfOrder += 1 }
            j += 1
        }
        return score(matches: matches, transpositions: outOfOrder / 2, n: n, m: m)
    }

    @inline(__always)
    static func score(matches: Int, transpositions: Int, n: Int, m: Int) -> Double {
        let c = Double(matches)
        return (c / Double(n) + c / Double(m) + Double(matches - transpositions) / c) / 3
    }
}

/// Which string similarity a comparator uses.
public enum StringMetric: String, CaseIterable, Sendable {
    case jaro
    case jaroWinkler = "jaro-winkler"

    /// The similarity of `a` and `b` under this metric.
    ///
    /// - Complexity: see `StringSimilarity`.
    public func similarity(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Double {
        switch self {
        case .jaro: StringSimilarity.jaro(a, b)
        case .jaroWinkler: StringSimilarity.jaroWinkler(a, b)
        }
    }
}
