/// Numbers small non-negative integer keys (a month, a subgroup code) in order of first appearance,
/// by one array read per key: `slot(of:)` indexes a table as long as the largest key seen, so it is
/// for keys bounded by construction (a few thousand), not for arbitrary ones.
///
/// - Complexity: O(1) per lookup (amortised); memory 4 bytes × (largest key + 1).
struct DenseSlots: Sendable {
    /// Key → its slot + 1 (0: not seen).
    private var slotOfKey: [Int32] = []
    /// The keys, by slot.
    private(set) var keys: [Int] = []

    /// The slot of `key`, numbering it when new.
    /// - Precondition: `key >= 0`.
    @inline(__always)
    mutating func slot(of key: Int) -> Int {
        precondition(key >= 0, "a non-negative key")
        if key < slotOfKey.count, slotOfKey[key] != 0 { return Int(slotOfKey[key]) - 1 }
        return insert(key)
    }

    private mutating func insert(_ key: Int) -> Int {
        if key >= slotOfKey.count { slotOfKey.append(contentsOf: repeatElement(0, count: key + 1 - slotOfKey.count)) }
        keys.append(key)
        slotOfKey[key] = Int32(keys.count)
        return keys.count - 1
    }
}
