import Comparators
import Foundation
import LinkIO

extension BenchSuite {
    /// `linkfit bench jaro-winkler`: Jaro–Winkler comparisons per second on one thread.
    static var jaroWinkler: BenchSuite {
        BenchSuite(
            name: "jaro-winkler",
            abstract: "Jaro-Winkler comparisons/s on seeded random pairs of 1-16 bytes (one thread).",
            sizes: 1...100_000_000, run: JaroWinklerBench.run)
    }
}

/// Compares `--size` (default 4,000,000) seeded pairs of uppercase strings of 1–16 bytes: half a
/// string and a one-edit variant (substitution, adjacent swap, deletion, insertion), half two
/// unrelated strings. Best of three timed passes; every pass must give the same checksum (the sum of
/// similarities), and the first 100,000 pairs are checked against a textbook implementation.
enum JaroWinklerBench {
    static func run(_ context: BenchContext) throws {
        let size = context.size ?? 4_000_000
        let pairs = makePairs(count: size, seed: 1)
        var best = Double.infinity
        var bestCPU = Double.infinity
        var checksum: Double?
        for _ in 0..<3 {
            let (seconds, (cpu, sum)) = context.time {
                context.threadCPUTime { pairs.withItems { item in timedPass(item, count: size) } }
            }
            if let checksum, checksum != sum {
                throw BenchFailure("jaro-winkler: checksum differs between passes (\(checksum) vs \(sum))")
            }
            checksum = sum
            best = min(best, seconds)
            bestCPU = min(bestCPU, cpu)
        }
        let verified = min(size, 100_000)
        try pairs.withItems { item in
            for index in 0..<verified {
                let a = Array(item(2 * index))
                let b = Array(item(2 * index + 1))
                let fast = StringSimilarity.jaroWinkler(item(2 * index), item(2 * index + 1))
                guard abs(fast - textbookJaroWinkler(a, b)) < 1e-12 else {
                    throw BenchFailure("jaro-winkler: pair \(index) disagrees with the textbook algorithm")
                }
            }
        }
        context.print("jaro-winkler: \(size) pairs of 1-16 bytes, seed 1, best of 3 passes on one thread")
        context.print("  comparisons/s  " + humanCount(Double(size) / best) + " wall, "
                 + humanCount(Double(size) / bestCPU) + " per CPU-second of the thread")
        context.print("  ns/comparison  " + String(format: "%.1f", bestCPU * 1e9 / Double(size)) + " (thread CPU time)")
        context.print("  checksum       " + String(format: "%.6f", checksum ?? 0) + " (same in every pass; \(verified) pairs match the textbook algorithm)")
        context.print("  peak memory    " + humanCount(Double(ProcessMemory.peakBytes())) + "B")
    }

    /// The timed loop: the sum of all similarities, so the work cannot be optimised away.
    @inline(never)
    static func timedPass(_ item: (Int) -> UnsafeBufferPointer<UInt8>, count: Int) -> Double {
        var sum = 0.0
        for index in 0..<count {
            sum += StringSimilarity.jaroWinkler(item(2 * index), item(2 * index + 1))
        }
        return sum
    }

    /// Items 2i and 2i+1 are pair i.
    static func makePairs(count: Int, seed: UInt64) -> ByteArena {
        var rng = SplitMix64(seed: seed)
        var arena = ByteArena(reservingBytes: count * 18)
        var a: [UInt8] = []
        for _ in 0..<count {
            randomWord(into: &a, using: &rng)
            var b = a
            if rng.next() & 1 == 0 {
                let position = Int(rng.next() % UInt64(b.count))
                switch rng.next() % 4 {
                case 0: b[position] = letter(&rng)
                case 1 where position + 1 < b.count: b.swapAt(position, position + 1)
                case 2 where b.count > 1: b.remove(at: position)
                default: if b.count < 16 { b.insert(letter(&rng), at: position) } else { b[position] = letter(&rng) }
                }
            } else {
                randomWord(into: &b, using: &rng)
            }
            arena.append(a)
            arena.append(b)
        }
        return arena
    }

    static func letter(_ rng: inout SplitMix64) -> UInt8 { 0x41 + UInt8(rng.next() % 26) }

    static func randomWord(into word: inout [UInt8], using rng: inout SplitMix64) {
        word.removeAll(keepingCapacity: true)
        for _ in 0...(rng.next() % 16) { word.append(letter(&rng)) }
    }

    /// Jaro–Winkler from the textbook Jaro (arrays of flags), to check the optimised one.
    static func textbookJaroWinkler(_ a: [UInt8], _ b: [UInt8]) -> Double {
        let jaro = StringSimilarity.textbookJaro(a, b)
        let prefix = zip(a, b).prefix(4).prefix { $0 == $1 }.count
        return jaro + Double(prefix) * 0.1 * (1 - jaro)
    }
}
