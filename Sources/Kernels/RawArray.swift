/// A fixed-capacity buffer of plain values that one owner reads and writes through a `BufferView`
/// and can grow: the CSV reader's field table (where each field of the current record starts and
/// ends), which the parse loop writes once per field.
///
/// Not thread-safe: one owner, one thread. Elements start with unspecified values (they are
/// `BitwiseCopyable`, so any bits are a value); `grow` keeps them.
public final class RawArray<Element: BitwiseCopyable> {
    /// The elements, `0..<capacity`; valid until the next `grow`.
    @exclusivity(unchecked) public private(set) var view: BufferView<Element>

    /// - Complexity: O(1) beyond the allocation.
    public init(capacity: Int) {
        precondition(capacity >= 0, "a capacity is not negative")
        view = BufferView(base: .allocate(capacity: max(1, capacity)), count: capacity)
    }

    deinit { view.base.deallocate() }

    /// Elements the array holds.
    public var capacity: Int { view.count }

    /// Grows the capacity to `capacity` (at least the current one), keeping every element.
    ///
    /// - Complexity: O(new capacity).
    public func grow(to capacity: Int) {
        precondition(capacity >= view.count, "an array only grows")
        let bigger = UnsafeMutablePointer<Element>.allocate(capacity: max(1, capacity))
        bigger.initialize(from: view.base, count: view.count)
        view.base.deallocate()
        view = BufferView(base: bigger, count: capacity)
    }
}
