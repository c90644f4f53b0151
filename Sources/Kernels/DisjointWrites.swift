/// One buffer that parallel workers fill, each writing only index ranges that no other worker
/// writes: the handle through which the engine's parallel fills go, with the raw pointer kept inside
/// and every access asserted (the shape of swift-collections' `Heap._UnsafeHandle`).
///
/// Made by `Array.withDisjointWrites(_:)`, valid only inside its closure. A worker claims either a
/// `Share` (one range, written in any order) or a `Scatter` (one range per bucket, each filled front
/// to back, as the scatter pass of a counting sort does). Every index is asserted to lie in the range
/// the worker claimed, and in debug builds each claim is checked against every earlier claim on the
/// same buffer: handing two workers overlapping ranges is an assertion failure, not a silent race.
/// In release builds the checks compile away and a write is one store.
///
/// Determinism does not come from here: the caller fixes the ranges from the data (chunk bounds,
/// prefix sums of counts), never from the thread count.
public struct DisjointWrites<Element>: @unchecked Sendable {
    @usableFromInline let base: UnsafeMutableBufferPointer<Element>
    /// Elements in the buffer.
    @inlinable public var count: Int { base.count }
    /// The ranges claimed so far (debug builds only).
    @usableFromInline let claims: RangeClaims?

    @usableFromInline
    init(_ buffer: UnsafeMutableBufferPointer<Element>) {
        base = buffer
        var claims: RangeClaims?
        assert({ claims = RangeClaims(); return true }())
        self.claims = claims
    }

    /// Write access to `range` only, for one worker.
    ///
    /// - Precondition (asserted): `range` lies inside the buffer and overlaps no earlier claim.
    @inlinable
    public func share(_ range: Range<Int>) -> Share {
        assert(range.lowerBound >= 0 && range.upperBound <= count, "a share lies inside the buffer")
        assert(claims?.claim(range) ?? true, "a share overlaps one already handed out")
        return Share(base: base, range: range)
    }

    /// The writes of one worker: the indices of `range`.
    public struct Share {
        @usableFromInline let base: UnsafeMutableBufferPointer<Element>
        /// The indices this worker may read and write.
        public let range: Range<Int>

        @inlinable
        init(base: UnsafeMutableBufferPointer<Element>, range: Range<Int>) {
            self.base = base
            self.range = range
        }

        /// The element at `index`, which must lie in `range` (asserted).
        @inlinable
        public subscript(index: Int) -> Element {
            get {
                assert(range.contains(index), "a read outside the worker's share")
                return base[index]
            }
            nonmutating set {
                assert(range.contains(index), "a write outside the worker's share")
                base[index] = newValue
            }
        }

        /// The share's elements as they are now, copied.
        ///
        /// - Complexity: O(`range.count`).
        @inlinable
        public func copied() -> [Element] {
            Array(base[range])
        }
    }
}

extension Array {
    /// Calls `body` with a handle through which parallel workers write disjoint ranges of the array
    /// (see `DisjointWrites`). The handle must not escape `body`.
    ///
    /// - Complexity: O(1) plus `body`.
    @inlinable
    public mutating func withDisjointWrites<R>(_ body: (DisjointWrites<Element>) -> R) -> R {
        withUnsafeMutableBufferPointer { buffer in body(DisjointWrites(buffer)) }
    }
}

extension Array where Element: BitwiseCopyable {
    /// An array of `count` elements whose values are unspecified: for a buffer that a parallel fill
    /// writes completely before anything reads it (the zeroing `init(repeating:count:)` does is a pass
    /// over memory that large fills cannot afford twice).
    ///
    /// - Complexity: O(1) beyond the allocation.
    @inlinable
    public init(unfilledCount count: Int) {
        precondition(count >= 0, "a count is not negative")
        self.init(unsafeUninitializedCapacity: count) { _, initialised in initialised = count }
    }
}
