import Kernels

/// A fingerprint of what a reader read, to check that a second pass over a file reads what the
/// first did (the left file is read once to link and once to write the link file).
///
/// Each record's value is a 64-bit hash of its fields' unquoted bytes (each field's length mixed in,
/// so field boundaries count) and of its line, finalised with `KeyHash.finalise`; a file's
/// fingerprint is the wrapping sum of its records' values. The sum does not depend on how a file is
/// cut into chunks or in which order chunks finish, so a parallel first pass and a sequential second
/// pass give the same fingerprint exactly when they read the same records on the same lines (up to
/// a 2⁻⁶⁴ chance per change; it detects accidents, not an adversary).
extension CSVReader {
    /// The current record's value (add the values of all records with `&+`).
    ///
    /// - Complexity: O(bytes of the record), 8 bytes per step.
    @inlinable
    public func recordFingerprint() -> UInt64 {
        var hash: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(fieldCount)
        for index in 0..<fieldCount {
            let start = starts[index]
            let field = recordBase.slice(start: start, count: ends[index] - start)
            hash = field.baseAddress.map { Self.mix(hash, UnsafeRawPointer($0), field.count) } ?? Self.mix(hash, nil, 0)
        }
        return KeyHash.finalise(hash ^ (UInt64(line) &* 0xC2B2_AE3D_27D4_EB4F))
    }

    /// Mixes `count` bytes at `bytes`, then the count, into `hash`.
    @inlinable
    static func mix(_ hash: UInt64, _ bytes: UnsafeRawPointer?, _ count: Int) -> UInt64 {
        guard let bytes else { return (hash &* 0x0000_0100_0000_01B3) &* 0xFF51_AFD7_ED55_8CCD }
        var hash = hash
        var offset = 0
        while offset + 8 <= count {
            hash = (hash ^ bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) &* 0x0000_0100_0000_01B3
            hash ^= hash >> 29
            offset += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while offset < count {
            tail |= UInt64(bytes.load(fromByteOffset: offset, as: UInt8.self)) << shift
            shift += 8
            offset += 1
        }
        hash = (hash ^ tail) &* 0x0000_0100_0000_01B3
        return (hash ^ UInt64(count)) &* 0xFF51_AFD7_ED55_8CCD
    }
}
