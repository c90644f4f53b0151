import Foundation
import Pseudonyms

extension BenchSuite {
    /// `linkfit bench pseudonym`: SHA-256 MB/s and HESID pseudonyms per second.
    static var pseudonym: BenchSuite {
        BenchSuite(
            name: "pseudonym",
            abstract: "SHA-256 MB/s and HESID pseudonyms/s under two keys, checked disjoint (one thread).",
            sizes: 1...100_000_000, run: PseudonymBench.run)
    }
}

/// Checks RFC 4231 test case 2, then times, best of three passes in thread CPU time (the cores are
/// shared): SHA-256 over 64 MiB, and the pseudonyms of `--size` (default 1,000,000) ten-digit HESIDs
/// (1000000000, 1000000007, …) under each of two keys, written in place (no allocation). Checks that
/// each key's pseudonyms are distinct and the two keys' sets disjoint (on their first 60 bits, which
/// is stricter), and that every pass gives the same checksum.
enum PseudonymBench {
    static func run(_ context: BenchContext) throws {
        let size = context.size ?? 1_000_000
        let rfc = HMACSHA256(key: Array("Jefe".utf8)).code(for: Array("what do ya want for nothing?".utf8)).hex
        guard rfc == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843" else {
            throw BenchFailure("pseudonym: HMAC-SHA-256 fails RFC 4231 test case 2")
        }
        context.print("pseudonym: SHA-256 over 64 MiB; \(size) HESIDs under 2 keys; best of 3 passes on one thread (thread CPU time)")

        let data = [UInt8](repeating: 0x61, count: 64 << 20)
        var best = Double.infinity
        for _ in 0..<3 {
            let (seconds, _) = context.threadCPUTime { data.withUnsafeBytes { SHA256.hash($0) } }
            best = min(best, seconds)
        }
        context.print("  " + "sha-256".padded(12) + String(format: "%.0f MB/s", Double(data.count) / best / 1e6))

        var prefixes: [[UInt64]] = []
        for keyByte in [UInt8(1), 2] {
            let pseudonymiser = Pseudonymiser(key: [UInt8](repeating: keyByte, count: 32))
            var best = Double.infinity
            var checksum: UInt64?
            var values: [UInt64] = []
            for _ in 0..<3 {
                var keep = [UInt64](repeating: 0, count: size)
                let (seconds, sum) = context.threadCPUTime { pseudonyms(size, pseudonymiser, into: &keep) }
                if let checksum, checksum != sum { throw BenchFailure("pseudonym: checksum differs between passes") }
                checksum = sum
                best = min(best, seconds)
                values = keep
            }
            context.print("  " + "key \(keyByte)".padded(12) + humanCount(Double(size) / best).padded(10)
                     + "pseudonyms/s   key \(pseudonymiser.keyFingerprint)")
            values.sort()
            guard zip(values, values.dropFirst()).allSatisfy({ $0 < $1 }) else {
                throw BenchFailure("pseudonym: two HESIDs share a pseudonym under key \(keyByte)")
            }
            prefixes.append(values)
        }
        guard Set(prefixes[0]).isDisjoint(with: prefixes[1]) else {
            throw BenchFailure("pseudonym: the two keys' pseudonyms overlap")
        }
        context.print("  distinct under each key and disjoint between the keys: checked (\(size) HESIDs)")
    }

    /// Pseudonymises HESIDs 1000000000 + 7·i in place; keeps each pseudonym's first 12 characters as 60
    /// bits; returns a checksum of them.
    static func pseudonyms(_ size: Int, _ pseudonymiser: Pseudonymiser, into keep: inout [UInt64]) -> UInt64 {
        var id = [UInt8](repeating: 0, count: 10)
        var output = [UInt8](repeating: 0, count: Pseudonymiser.length)
        var sum: UInt64 = 0
        for index in 0..<size {
            var value = 1_000_000_000 + 7 * index
            for position in stride(from: 9, through: 0, by: -1) {
                id[position] = UInt8(truncatingIfNeeded: 48 + value % 10)
                value /= 10
            }
            id.withUnsafeBytes { pseudonymiser.pseudonym(of: $0, into: &output) }
            var bits: UInt64 = 0
            for position in 0..<12 { bits = bits << 5 | base32Value(output[position]) }
            keep[index] = bits
            sum &+= bits
        }
        return sum
    }

    /// The value of a base32 character (`a`–`z` → 0–25, `2`–`7` → 26–31).
    static func base32Value(_ character: UInt8) -> UInt64 {
        character >= UInt8(ascii: "a") ? UInt64(character - UInt8(ascii: "a")) : UInt64(character - UInt8(ascii: "2")) + 26
    }
}
