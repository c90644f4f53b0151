/// `count` elements of a buffer that Kernels owns (`ByteWindow`, `RawArray`), read and written
/// through asserted indices: how the layers above reach raw memory without holding a pointer.
///
/// A view does not own its memory and is valid only as long as its owner says (a window's view
/// until its next refill, an array's until it grows). In release builds an access is one load or
/// store, as through a pointer; in debug builds every index is checked against `count`.
public struct BufferView<Element> {
    @usableFromInline let base: UnsafeMutablePointer<Element>
    /// Elements in view: indices `0..<count`.
    public let count: Int

    @inlinable
    init(base: UnsafeMutablePointer<Element>, count: Int) {
        self.base = base
        self.count = count
    }

    /// The element at `index` (asserted to be in `0..<count`).
    @inlinable
    public subscript(index: Int) -> Element {
        @inline(__always) get {
            assert(index >= 0 && index < count, "an index outside the buffer view")
            return base[index]
        }
        @inline(__always) nonmutating set {
            assert(index >= 0 && index < count, "an index outside the buffer view")
            base[index] = newValue
        }
    }

    /// `count` elements from `start` (asserted to lie in `0..<self.count`), lent read-only, valid as
    /// the view is.
    @inlinable @inline(__always)
    public func slice(start: Int, count: Int) -> UnsafeBufferPointer<Element> {
        assert(start >= 0 && count >= 0 && start + count <= self.count, "a slice outside the buffer view")
        return UnsafeBufferPointer(start: base + start, count: count)
    }
}
