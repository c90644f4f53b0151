/// A read-only array of plain values that lives either in memory of its own (filled once, or copied
/// from an array) or in memory someone else owns and keeps alive — a memory-mapped index file
/// (`SectionFile`), read where it lies in the page cache, with no copy into the heap.
///
/// It is a `RandomAccessCollection`, so it reads like the `Array` it replaces; it is never mutated
/// after construction, so copies share the memory safely across threads.
public struct FlatColumn<Element: BitwiseCopyable>: RandomAccessCollection, @unchecked Sendable {
    // @unchecked: the memory is written only before the column exists and freed only with `owner`.
    @usableFromInline let base: UnsafePointer<Element>?
    public let count: Int
    /// Elements from one to the next in memory: 1, or the row width of a row-major table whose
    /// column this is (`init(unsafeBase:count:stride:owner:)`).
    @usableFromInline let stride: Int
    /// Keeps the memory alive: an `Allocation` of this column's own, or the mapping's owner.
    @usableFromInline let owner: AnyObject?

    /// An empty column.
    public init() {
        base = nil
        count = 0
        stride = 1
        owner = nil
    }

    /// A copy of `values`.
    ///
    /// - Complexity: O(n).
    public init(_ values: some Collection<Element>) {
        let allocation = Allocation<Element>(count: values.count)
        _ = UnsafeMutableBufferPointer(start: allocation.base, count: values.count).initialize(from: values)
        self.init(allocation)
    }

    /// A column of `count` elements that `fill` initialises completely (it gets the column's memory).
    ///
    /// - Complexity: O(1) beyond the allocation and `fill`.
    public init(count: Int, fill: (UnsafeMutableBufferPointer<Element>) throws -> Void) rethrows {
        let allocation = Allocation<Element>(count: count)
        try fill(UnsafeMutableBufferPointer(start: allocation.base, count: count))
        self.init(allocation)
    }

    private init(_ allocation: Allocation<Element>) {
        base = UnsafePointer(allocation.base)
        count = allocation.count
        stride = 1
        owner = allocation
    }

    /// `count` elements at `base`, `stride` elements apart (1: side by side; K: one column of a
    /// row-major table of K columns), which `owner` keeps valid and unchanged for as long as it
    /// lives (a memory mapping). `base` must be aligned for `Element`.
    public init(unsafeBase base: UnsafeRawPointer, count: Int, stride: Int = 1, owner: AnyObject) {
        precondition(Int(bitPattern: base) % MemoryLayout<Element>.alignment == 0, "an aligned column")
        precondition(stride >= 1, "a stride of at least 1")
        self.base = base.assumingMemoryBound(to: Element.self)
        self.count = count
        self.stride = stride
        self.owner = owner
    }

    @inlinable public var startIndex: Int { 0 }
    @inlinable public var endIndex: Int { count }

    /// The element at `index`, checked to be in `0..<count` (as an array's is).
    @inlinable
    public subscript(index: Int) -> Element {
        @inline(__always) get {
            precondition(index >= 0 && index < count, "an index outside the column")
            return base.unsafelyUnwrapped[index &* stride]
        }
    }

    /// Calls `body` with the elements side by side (valid during the call): in place when the stride
    /// is 1, else gathered into a copy.
    @inlinable
    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Element>) throws -> R) rethrows -> R {
        guard stride == 1 else { return try Array(self).withUnsafeBufferPointer(body) }
        return try body(UnsafeBufferPointer(start: base, count: count))
    }

    /// The elements as an array.
    public var array: [Element] { withUnsafeBufferPointer { Array($0) } }
}

extension FlatColumn {
    /// Fills a column of a known size by appending, without an array's growth or a final copy.
    public struct Builder {
        private let allocation: Allocation<Element>
        private var filled = 0

        public init(count: Int) { allocation = Allocation(count: count) }

        /// Appends `values` (at most the room left).
        public mutating func append(contentsOf values: some Collection<Element>) {
            precondition(values.count <= allocation.count - filled, "no more than the column's count")
            _ = UnsafeMutableBufferPointer(start: allocation.base + filled, count: values.count).initialize(from: values)
            filled += values.count
        }

        /// The column, once every element is appended.
        public func finish() -> FlatColumn {
            precondition(filled == allocation.count, "every element appended")
            return FlatColumn(allocation)
        }
    }
}

extension FlatColumn: Equatable where Element: Equatable {
    public static func == (a: FlatColumn, b: FlatColumn) -> Bool { a.elementsEqual(b) }
}

/// Memory of `count` elements that a `FlatColumn` owns.
final class Allocation<Element>: @unchecked Sendable {  // written only before any column shares it
    let base: UnsafeMutablePointer<Element>
    let count: Int

    init(count: Int) {
        precondition(count >= 0, "a count is not negative")
        base = .allocate(capacity: max(count, 1))
        self.count = count
    }

    deinit { base.deallocate() }
}
