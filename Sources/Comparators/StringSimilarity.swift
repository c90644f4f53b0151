import Kernels

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
/// Strings of up to 64 bytes use two 64-bit masks for the match flags (no allocation); when the
/// second is at most 16 bytes, it is held in two words and each search compares all its bytes at
/// once (SWAR). Longer strings keep the flags in two arrays (an allocation per comparison: names over
/// 64 bytes are rare).
public enum StringSimilarity {
    /// Winkler's prefix scale p.
    public static let winklerPrefixScale = 0.1
    /// Winkler's longest prefix counted.
    public static let winklerMaxPrefix = 4

    /// Jaro similarity of `a` and `b`, in [0, 1].
    ///
    /// - Complexity: O(n·w) comparisons for window w (≤ n·m); allocates nothing for strings of up to 64
    ///   bytes, two arrays of flags for longer ones.
    public static func jaro(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Double {
        let n = a.count
        let m = b.count
        if n == 0 || m == 0 { return n == m ? 1 : 0 }
        if n <= 64 && m <= 16 { return jaroSWAR(a, b) }
        if n <= 64 && m <= 64 { return jaroMasked(a, b) }
        var matchedA = [Bool](repeating: false, count: n)
        var matchedB = [Bool](repeating: false, count: m)
        return jaroFlagged(a, b, matchedA: &matchedA, matchedB: &matchedB)
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

    /// Jaro for `a` of 1...64 bytes and `b` of 1...16 bytes: `b` is loaded into two little-endian
    /// words, and the positions in `b` equal to a byte are found for all 16 at once (SIMD within a
    /// register), then restricted to the match window and to positions not yet matched.
    @usableFromInline
    static func jaroSWAR(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Double {
        let n = a.count
        let m = b.count
        let window = max(max(n, m) / 2 - 1, 0)
        let (low, high) = InlineBytes16(copying: b).words
        /// Bit k set when byte k of `x` is zero (exact: no carries between bytes).
        @inline(__always) func zeroBytes(_ x: UInt64) -> UInt64 {
            let flags = ~(((x & 0x7F7F_7F7F_7F7F_7F7F) &+ 0x7F7F_7F7F_7F7F_7F7F) | x) & 0x8080_8080_8080_8080
            return ((flags >> 7) &* 0x0102_0408_1020_4080) >> 56
        }
        var matchedA: UInt64 = 0
        var matchedB: UInt64 = 0
        var matches = 0
        // Positions of `b` within the window of i: bits max(0, i − w)...min(m − 1, i + w), slid
        // one bit left per step (gaining a low bit while i < w).
        let inB: UInt64 = (1 << UInt64(m)) - 1
        var inWindow: UInt64 = (window >= 63 ? ~0 : (1 << UInt64(window + 1)) - 1) & inB
        for i in 0..<n {
            let pattern = UInt64(a[i]) &* 0x0101_0101_0101_0101
            var equal = zeroBytes(low ^ pattern)
            if m > 8 { equal |= zeroBytes(high ^ pattern) << 8 }
            let free = equal & inWindow & ~matchedB
            let lowest = free & (0 &- free)
            matchedB |= lowest
            let found = lowest == 0 ? 0 : 1
            matchedA |= UInt64(found) << UInt64(i)
            matches &+= found
            inWindow = (inWindow << 1 | (i + 1 <= window ? 1 : 0)) & inB
        }
        if matches == 0 { return 0 }
        return score(matches: matches, transpositions: outOfOrder(a, b, matchedA, matchedB) / 2, n: n, m: m)
    }

    /// Jaro for 1...64 bytes each, with the match flags in two 64-bit masks (branch-free search).
    @usableFromInline
    static func jaroMasked(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Double {
        let n = a.count
        let m = b.count
        let window = max(max(n, m) / 2 - 1, 0)
        var matchedA: UInt64 = 0
        var matchedB: UInt64 = 0
        var matches = 0
        for i in 0..<n {
            // Branch-free: the mask of window positions in `b` holding the same byte, less those
            // already matched; the lowest such position (if any) is the match.
            let byte = a[i]
            var equal: UInt64 = 0
            var j = max(0, i - window)
            let end = min(m, i + window + 1)
            while j < end {
                equal |= UInt64(b[j] == byte ? 1 : 0) << UInt64(j)
                j += 1
            }
            let free = equal & ~matchedB
            let lowest = free & (0 &- free)
            matchedB |= lowest
            let found = lowest == 0 ? 0 : 1
            matchedA |= UInt64(found) << UInt64(i)
            matches += found
        }
        if matches == 0 { return 0 }
        return score(matches: matches, transpositions: outOfOrder(a, b, matchedA, matchedB) / 2, n: n, m: m)
    }

    /// Jaro for any lengths, with the match flags in caller-provided arrays (`a.count` and `b.count`
    /// flags, all false on entry).
    @usableFromInline
    static func jaroFlagged(
        _ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>, matchedA: inout [Bool], matchedB: inout [Bool]
    ) -> Double {
        precondition(matchedA.count == a.count && matchedB.count == b.count, "one flag per byte")
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

    /// How many of the matched bytes, taken in order in each string, differ (masks of ≤ 64 bytes).
    @inline(__always)
    static func outOfOrder(
        _ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>, _ matchedA: UInt64, _ matchedB: UInt64
    ) -> Int {
        var matchedA = matchedA
        var matchedB = matchedB
        var count = 0
        while matchedA != 0 {
            count += a[matchedA.trailingZeroBitCount] != b[matchedB.trailingZeroBitCount] ? 1 : 0
            matchedA &= matchedA - 1
            matchedB &= matchedB - 1
        }
        return count
    }

    /// (c/n + c/m + (c − t)/c) / 3 over the common denominator 3·n·m·c: one division instead of four.
    /// Products are exact in a Double while below 2⁵³ (strings up to ~10⁵ bytes), so the result can
    /// differ from the four-division form only in the last bit; Doubles cannot overflow.
    @inline(__always)
    static func score(matches: Int, transpositions: Int, n: Int, m: Int) -> Double {
        let c = Double(matches)
        let n = Double(n)
        let m = Double(m)
        return (c * c * (m + n) + (c - Double(transpositions)) * n * m) / (3 * n * m * c)
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

extension StringSimilarity {
    /// Jaro as usually written, with arrays of match flags: independent of the masks and SWAR search
    /// above, and slow. The tests and `linkfit bench jaro-winkler` check `jaro` against it.
    package static func textbookJaro(_ a: [UInt8], _ b: [UInt8]) -> Double {
        if a.isEmpty || b.isEmpty { return a.isEmpty && b.isEmpty ? 1 : 0 }
        let window = max(max(a.count, b.count) / 2 - 1, 0)
        var usedA = [Bool](repeating: false, count: a.count)
        var usedB = [Bool](repeating: false, count: b.count)
        var matches = 0
        for i in a.indices where i - window < b.count {
            for j in max(0, i - window)..<min(b.count, i + window + 1) where !usedB[j] && a[i] == b[j] {
                usedA[i] = true
                usedB[j] = true
                matches += 1
                break
            }
        }
        if matches == 0 { return 0 }
        let orderA = a.indices.filter { usedA[$0] }.map { a[$0] }
        let orderB = b.indices.filter { usedB[$0] }.map { b[$0] }
        let transpositions = zip(orderA, orderB).filter { $0 != $1 }.count / 2
        let c = Double(matches)
        return (c / Double(a.count) + c / Double(b.count) + (c - Double(transpositions)) / c) / 3
    }
}
