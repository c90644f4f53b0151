extension DisjointWrites {
    /// Calls `body` with a `Scatter` over buckets `b = 0..<starts.count`, bucket `b` being the
    /// indices `starts[b]..<ends[b]`, for one worker.
    ///
    /// - Precondition (asserted): `starts` and `ends` have one entry per bucket, each range lies in
    ///   the buffer, and none overlaps an earlier claim.
    /// - Complexity: O(buckets) plus `body`.
    @inlinable
    public func withScatter<R>(starts: [Int], ends: [Int], _ body: (Scatter) -> R) -> R {
        precondition(starts.count == ends.count, "one start and one end per bucket")
        for bucket in starts.indices {
            let range = starts[bucket]..<ends[bucket]
            assert(range.lowerBound >= 0 && range.upperBound <= count, "a bucket lies inside the buffer")
            assert(claims?.claim(range) ?? true, "a bucket overlaps a range already handed out")
        }
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: 2 * starts.count) { cursors in
            // The cursors, then the ends (kept for the asserts).
            for bucket in starts.indices {
                cursors.initializeElement(at: bucket, to: starts[bucket])
                cursors.initializeElement(at: starts.count + bucket, to: ends[bucket])
            }
            return body(Scatter(base: base, cursors: cursors, buckets: starts.count))
        }
    }

    /// One worker's writes into its buckets: `append(_:to:)` puts an element at its bucket's next
    /// index, so each bucket fills front to back in the order of the appends.
    public struct Scatter {
        @usableFromInline let base: UnsafeMutableBufferPointer<Element>
        /// Each bucket's next index (`0..<buckets`), then its end (`buckets..<2 × buckets`).
        @usableFromInline let cursors: UnsafeMutableBufferPointer<Int>
        @usableFromInline let buckets: Int

        @inlinable
        init(base: UnsafeMutableBufferPointer<Element>, cursors: UnsafeMutableBufferPointer<Int>, buckets: Int) {
            self.base = base
            self.cursors = cursors
            self.buckets = buckets
        }

        /// Writes `element` at bucket `bucket`'s next index.
        ///
        /// - Precondition (asserted): the bucket exists and is not yet full.
        @inlinable @inline(__always)
        public func append(_ element: Element, to bucket: Int) {
            assert(bucket >= 0 && bucket < buckets, "a bucket index lies inside the scatter")
            let index = cursors[bucket]
            assert(index < cursors[buckets + bucket], "a bucket receives more elements than it was given room for")
            base[index] = element
            cursors[bucket] = index + 1
        }
    }
}

extension DisjointWrites {
    /// As `withScatter(starts:ends:_:)`, writing each append to this buffer and the same index of
    /// `other` (two columns of one table, such as keys and their rows, filled by one cursor).
    ///
    /// - Precondition (asserted): as `withScatter`, on both buffers.
    /// - Complexity: O(buckets) plus `body`.
    @inlinable
    public func withScatter<Other, R>(
        pairedWith other: DisjointWrites<Other>, starts: [Int], ends: [Int], _ body: (PairedScatter<Other>) -> R
    ) -> R {
        for bucket in starts.indices {
            assert(starts[bucket] <= ends[bucket] && ends[bucket] <= other.count, "a bucket lies inside both buffers")
            assert(other.claims?.claim(starts[bucket]..<ends[bucket]) ?? true, "a bucket overlaps a range already handed out")
        }
        return withScatter(starts: starts, ends: ends) { scatter in
            body(PairedScatter(scatter: scatter, other: other.base))
        }
    }

    /// One worker's writes into its buckets of two buffers at once.
    public struct PairedScatter<Other> {
        @usableFromInline let scatter: Scatter
        @usableFromInline let other: UnsafeMutableBufferPointer<Other>

        @inlinable
        init(scatter: Scatter, other: UnsafeMutableBufferPointer<Other>) {
            self.scatter = scatter
            self.other = other
        }

        /// Writes `element` and `companion` at bucket `bucket`'s next index of each buffer.
        ///
        /// - Precondition (asserted): the bucket exists and is not yet full.
        @inlinable @inline(__always)
        public func append(_ element: Element, _ companion: Other, to bucket: Int) {
            assert(bucket >= 0 && bucket < scatter.buckets, "a bucket index lies inside the scatter")
            let index = scatter.cursors[bucket]
            assert(index < scatter.cursors[scatter.buckets + bucket], "a bucket receives more elements than it was given room for")
            scatter.base[index] = element
            other[index] = companion
            scatter.cursors[bucket] = index + 1
        }
    }
}
