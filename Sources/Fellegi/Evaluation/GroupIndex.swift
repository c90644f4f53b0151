import Foundation
import Kernels

/// Numbers the distinct values of a column (provider codes, ranks) in order of first appearance,
/// without a `String` per record: an open-addressed table (linear probing, at most half full) of
/// each value's 64-bit byte hash (`KeyHash.hash`) and number, the values' bytes kept side by side in
/// one buffer, so a lookup hashes the bytes, probes and compares them once.
///
/// - Complexity: O(length) per lookup (expected); one `String` per distinct value.
struct GroupIndex: Sendable {
    /// Per slot: the value's hash and its number + 1 (0: a free slot). The count is a power of two.
    private var slotHashes: [UInt64] = Array(repeating: 0, count: 16)
    private var slotNumbers: [Int32] = Array(repeating: 0, count: 16)
    /// The values' bytes, one after another: value `n` is `bytes[starts[n]..<starts[n + 1]]`.
    private var bytes: [UInt8] = []
    private var starts: [Int] = [0]
    /// The values, by number.
    private(set) var labels: [String] = []

    /// The number of `value`, numbering it when new.
    mutating func index(_ value: UnsafeBufferPointer<UInt8>) -> Int {
        let hash = KeyHash.hash(value)
        let mask = slotHashes.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while slotNumbers[slot] != 0 {
            let number = Int(slotNumbers[slot]) - 1
            if slotHashes[slot] == hash, holds(number, value) { return number }
            slot = (slot + 1) & mask
        }
        let number = labels.count
        slotHashes[slot] = hash
        slotNumbers[slot] = Int32(number + 1)
        bytes.append(contentsOf: value)
        starts.append(bytes.count)
        labels.append(String(decoding: value, as: UTF8.self))
        if 2 * labels.count > slotHashes.count { grow() }
        return number
    }

    /// True when value `number`'s bytes are `value`'s.
    private func holds(_ number: Int, _ value: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.withUnsafeBufferPointer { UnsafeBufferPointer(rebasing: $0[starts[number]..<starts[number + 1]]).hasSameBytes(as: value) }
    }

    /// Twice the slots, every value placed again by its hash.
    private mutating func grow() {
        let capacity = 2 * slotHashes.count, mask = capacity - 1
        var hashes = [UInt64](repeating: 0, count: capacity), numbers = [Int32](repeating: 0, count: capacity)
        for old in slotHashes.indices where slotNumbers[old] != 0 {
            var slot = Int(truncatingIfNeeded: slotHashes[old]) & mask
            while numbers[slot] != 0 { slot = (slot + 1) & mask }
            hashes[slot] = slotHashes[old]
            numbers[slot] = slotNumbers[old]
        }
        (slotHashes, slotNumbers) = (hashes, numbers)
    }
}

enum Decimal {
    private static let powers: [Double] = (0...18).map { pow(10, Double($0)) }

    /// The value of a plain decimal (`-12.345`, `1.000000`, `7`) read from bytes, as `Double(text)`
    /// reads it: up to 15 significant digits the mantissa and the power of ten are exact doubles, so
    /// one division rounds correctly. Anything else (an exponent, more digits) goes to `Double(text)`.
    /// Nil when not a number.
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        var mantissa: UInt64 = 0
        var digits = 0
        var decimals = 0
        var seenPoint = false
        var negative = false
        for (i, byte) in bytes.enumerated() {
            if byte == UInt8(ascii: "-"), i == 0 {
                negative = true
            } else if byte == UInt8(ascii: "."), !seenPoint {
                seenPoint = true
            } else if byte >= 0x30, byte <= 0x39, digits < 15 {
                mantissa = mantissa * 10 + UInt64(byte - 0x30)
                digits += 1
                if seenPoint { decimals += 1 }
            } else {
                return Double(String(decoding: bytes, as: UTF8.self))
            }
        }
        guard digits > 0 else { return nil }
        let value = Double(mantissa) / powers[decimals]
        return negative ? -value : value
    }
}
