import Foundation

extension UnsafeBufferPointer where Element == UInt8 {
    /// True when `self` and `other` hold the same bytes: one `memcmp`, not a generic element loop.
    ///
    /// - Complexity: O(count).
    @inlinable
    public func hasSameBytes(as other: UnsafeBufferPointer<UInt8>) -> Bool {
        guard count == other.count else { return false }
        guard let mine = baseAddress, let theirs = other.baseAddress else { return true }  // both empty
        return memcmp(mine, theirs, count) == 0
    }
}
