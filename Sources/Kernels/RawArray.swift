/// A fixed-capacity buffer of plain values that one owner reads and writes through a `BufferView`
/// and can grow: the CSV reader's field table (where each field of the current record starts and
/// ends), which the parse loop writes once per field.
///
/// Not thread-safe: one owner, one thread. Elements start with unspecified values (they are
/// `BitwiseCopyable`, so any bits are a value); `grow` keeps them.
public final class RawArray<Element: BitwiseCopyable> {
    /// The elements, `0..<capacity`; valid until the next `grow`. (Read through the inlinable `view`:
    /// a stored property read directly from another module gets a dynamic exclusivity check, which
    /// `@exclusivity(unchecked)` only waives inside this module; measured with callgrind, one
    /// `swift_beginAccess` per read.)
    @exclusivity(unchecked) @usableFromInline var storage: BufferView<Element>

    /// The elements, `0..<capacity`; valid until the next `grow`.
    @inlinable public var view: BufferView<Element> { storage }

    /// - Complexity: O(1) beyond the allocation.
    public init(capacity: Int) {
        precondition(capacity >= 0, "a capacity is not negative")
        storage = BufferView(base: .allocate(capacity: max(1, capacity)), count: capacity)
    }

    deinit { storage.base.deallocate() }

    /// Elements the array holds.
    @inlinable public var capacity: Int { storage.count }

    /// Grows the capacity to `capacity` (at least the current one), keeping every element.
    ///
    /// - Complexity: O(new capacity).
    public func grow(to capacity: Int) {
        precondition(capacity >= storage.count, "an array only grows")
        let bigger = UnsafeMutablePointer<Element>.allocate(capacity: max(1, capacity))
        bigger.initialize(from: storage.base, count: storage.count)
        storage.base.deallocate()
        storage = BufferView(base: bigger, count: capacity)
    }
}
