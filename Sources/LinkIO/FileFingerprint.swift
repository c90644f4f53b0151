import Foundation

/// A content fingerprint of a file (64-bit FNV-1a over 8-byte words, then mixed), for provenance:
/// a model records which inputs it was fitted on without recording anything they contain.
package enum FileFingerprint {
    /// `fnv1a64:0123456789abcdef`, or nil when the file cannot be read.
    ///
    /// - Complexity: O(bytes), streaming in 4 MiB blocks (each added to `progress`).
    package static func of(_ url: URL, progress: WorkCounter? = nil) -> String? {
        guard let handle = try? FileHandle(forReadingFrom: url) else { return nil }
        defer { try? handle.close() }
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        var length: UInt64 = 0
        while true {
            guard let block = try? handle.read(upToCount: 4 << 20), !block.isEmpty else { break }
            length &+= UInt64(block.count)
            progress?.add(block.count)
            block.withUnsafeBytes { raw in
                let words = raw.count / 8
                for index in 0..<words {
                    hash ^= raw.loadUnaligned(fromByteOffset: index * 8, as: UInt64.self)
                    hash &*= 0x0000_0100_0000_01B3
                }
                for index in (words * 8)..<raw.count {
                    hash ^= UInt64(raw[index])
                    hash &*= 0x0000_0100_0000_01B3
                }
            }
        }
        hash ^= length
        hash = (hash ^ (hash >> 33)) &* 0xFF51_AFD7_ED55_8CCD
        hash ^= hash >> 33
        let hex = String(hash, radix: 16)
        return "fnv1a64:" + String(repeating: "0", count: 16 - hex.count) + hex
    }
}
