import Comparators

/// Test conveniences: comparisons of byte collections (`"MARTHA".utf8`), which the engine never needs
/// (it compares buffers), and the reason of a missing value.

/// Runs `body` on the bytes of `collection` as one contiguous buffer: in place when the collection
/// has contiguous storage (arrays, native strings' `utf8`), otherwise on a temporary copy.
func withContiguousBytes<R>(_ collection: some Collection<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
    if let result = collection.withContiguousStorageIfAvailable(body) { return result }
    return Array(collection).withUnsafeBufferPointer(body)
}

extension StringSimilarity {
    /// Jaro similarity of two byte collections.
    static func jaro(_ a: some Collection<UInt8>, _ b: some Collection<UInt8>) -> Double {
        withContiguousBytes(a) { a in withContiguousBytes(b) { b in jaro(a, b) } }
    }

    /// Jaro–Winkler similarity of two byte collections.
    static func jaroWinkler(
        _ a: some Collection<UInt8>, _ b: some Collection<UInt8>, prefixScale: Double = winklerPrefixScale
    ) -> Double {
        withContiguousBytes(a) { a in withContiguousBytes(b) { b in jaroWinkler(a, b, prefixScale: prefixScale) } }
    }
}

extension StringComparator {
    /// The level of two byte collections.
    func level(_ a: some Collection<UInt8>, _ b: some Collection<UInt8>) -> Int {
        withContiguousBytes(a) { a in withContiguousBytes(b) { b in level(a, b) } }
    }
}

extension Standardised {
    /// The reason the value is missing, or nil when present.
    var missingReason: MissingReason? {
        if case .missing(let reason) = self { return reason }
        return nil
    }
}
