/// Many short byte strings stored back to back in one array, for benchmarks: building it allocates,
/// reading it in the timed loop does not.
struct ByteArena {
    private(set) var bytes: [UInt8] = []
    /// `ends[i]` is one past the last byte of item i.
    private(set) var ends: [Int] = []

    var count: Int { ends.count }

    init(reservingBytes capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    /// Appends one item.
    mutating func append(_ item: some Sequence<UInt8>) {
        bytes.append(contentsOf: item)
        ends.append(bytes.count)
    }

    /// Calls `body` with a function that returns item i as a buffer, valid only inside `body`.
    func withItems<R>(_ body: ((Int) -> UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try bytes.withUnsafeBufferPointer { base in
            try ends.withUnsafeBufferPointer { ends in
                try body { index in
                    let start = index == 0 ? 0 : ends[index - 1]
                    return UnsafeBufferPointer(rebasing: base[start..<ends[index]])
                }
            }
        }
    }
}
