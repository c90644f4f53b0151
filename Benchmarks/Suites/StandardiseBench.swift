import Comparators
import Foundation
import Kernels
import LinkIO

extension BenchSuite {
    /// `linkfit bench standardise`: parses per second for each identifier.
    static var standardise: BenchSuite {
        BenchSuite(
            name: "standardise",
            abstract: "Parses/s of NHS numbers, dates, sex codes, postcodes and names (one thread).",
            sizes: 1...100_000_000, run: StandardiseBench.run)
    }
}

/// Standardises `--size` (default 2,000,000) seeded values of each identifier, in the shapes and
/// error rates suppliers send (spaced and unspaced NHS numbers with typos; three date formats with
/// impossible days; sex codes, letters and words; postcodes in DID and HES 8-character form with
/// pseudo-postcodes; mixed-case names). Best of three passes, timed in thread CPU time (the cores are
/// shared); each pass must give the same checksum.
enum StandardiseBench {
    static func run(_ context: BenchContext) throws {
        let size = context.size ?? 2_000_000
        let latest = CalendarDate(days: 19_813)  // 2024-03-31
        var rng = SplitMix64(seed: 2)
        let kinds: [(name: String, values: ByteArena, parse: (UnsafeBufferPointer<UInt8>, RawArray<UInt8>) -> UInt64)] = [
            ("nhs-number", nhsNumbers(size, &rng), { bytes, _ in
                switch NHSNumber.standardise(bytes) {
                case .value(let number): number
                case .missing(let reason): UInt64(reason.rawValue)
                }
            }),
            ("date", dates(size, &rng), { bytes, _ in
                switch CalendarDate.standardise(bytes, latest: latest) {
                case .value(let date): UInt64(bitPattern: Int64(date.days))
                case .missing(let reason): UInt64(reason.rawValue)
                }
            }),
            ("sex", sexCodes(size, &rng), { bytes, _ in
                switch Sex.standardise(bytes) {
                case .value(let sex): UInt64(sex)
                case .missing(let reason): UInt64(reason.rawValue) + 10
                }
            }),
            ("postcode", postcodes(size, &rng), { bytes, _ in
                switch PackedPostcode.standardise(bytes) {
                case .value(let postcode): postcode.rawValue
                case .missing(let reason): UInt64(reason.rawValue)
                }
            }),
            ("name", names(size, &rng), { bytes, scratch in
                if scratch.capacity < bytes.count { scratch.grow(to: bytes.count) }
                switch TextStandardiser.standardise(bytes, into: scratch.view) {
                case .value(let count): return UInt64(count) &+ UInt64(scratch.view[0])
                case .missing(let reason): return UInt64(reason.rawValue)
                }
            }),
        ]
        context.print("standardise: \(size) values per identifier, seed 2, best of 3 passes on one thread (thread CPU time)")
        for kind in kinds {
            var best = Double.infinity
            var checksum: UInt64?
            let scratch = RawArray<UInt8>(capacity: 64)
            for _ in 0..<3 {
                let (seconds, sum) = context.threadCPUTime {
                    kind.values.withItems { item in
                        var sum: UInt64 = 0
                        for index in 0..<size { sum &+= kind.parse(item(index), scratch) }
                        return sum
                    }
                }
                if let checksum, checksum != sum {
                    throw BenchFailure("standardise: \(kind.name) checksum differs between passes")
                }
                checksum = sum
                best = min(best, seconds)
            }
            context.print("  " + kind.name.padded(12) + humanCount(Double(size) / best).padded(10) + "parses/s   checksum \(checksum ?? 0)")
        }
        context.print("  peak memory " + humanCount(Double(ProcessMemory.peakBytes())) + "B")
    }

    static func digit(_ value: UInt64) -> UInt8 { 0x30 + UInt8(value % 10) }
    static func letter(_ rng: inout SplitMix64) -> UInt8 { 0x41 + UInt8(rng.next() % 26) }

    /// Valid-looking numbers (check digit computed, 10 → 0), a third spaced 3-3-4, 10% with one digit changed.
    static func nhsNumbers(_ count: Int, _ rng: inout SplitMix64) -> ByteArena {
        var arena = ByteArena(reservingBytes: count * 12)
        var text: [UInt8] = []
        for _ in 0..<count {
            let firstNine = 100_000_000 + rng.next() % 900_000_000
            var number = firstNine * 10 + (NHSNumber.checkDigit(forFirstNine: firstNine) ?? 0)
            if rng.next() % 10 == 0 { number = number / 10 * 10 + (number + 1) % 10 }
            text.removeAll(keepingCapacity: true)
            var divisor: UInt64 = 1_000_000_000
            let spaced = rng.next() % 3 == 0
            for position in 0..<10 {
                if spaced && (position == 3 || position == 6) { text.append(0x20) }
                text.append(digit(number / divisor))
                divisor /= 10
            }
            arena.append(text)
        }
        return arena
    }

    /// Days from 1900 to 2024 in ISO, compact or UK form; 3% with day 31 in any month.
    static func dates(_ count: Int, _ rng: inout SplitMix64) -> ByteArena {
        var arena = ByteArena(reservingBytes: count * 10)
        var text: [UInt8] = []
        for _ in 0..<count {
            let (year, month, civilDay) = CivilDays.civil(-25_567 + Int32(rng.next() % 45_380))
            let day = rng.next() % 33 == 0 ? 31 : civilDay
            func two(_ value: Int32) -> [UInt8] { [digit(UInt64(value) / 10), digit(UInt64(value))] }
            let four = [digit(UInt64(year) / 1000), digit(UInt64(year) / 100), digit(UInt64(year) / 10), digit(UInt64(year))]
            text.removeAll(keepingCapacity: true)
            switch rng.next() % 3 {
            case 0: text += four + [0x2D] + two(month) + [0x2D] + two(day)
            case 1: text += four + two(month) + two(day)
            default: text += two(day) + [0x2F] + two(month) + [0x2F] + four
            }
            arena.append(text)
        }
        return arena
    }

    static func sexCodes(_ count: Int, _ rng: inout SplitMix64) -> ByteArena {
        let codes = ["1", "2", "1", "2", "M", "F", "male", "FEMALE", "0", "9", "", "X"].map { Array($0.utf8) }
        var arena = ByteArena(reservingBytes: count * 2)
        for _ in 0..<count { arena.append(codes[Int(rng.next() % UInt64(codes.count))]) }
        return arena
    }

    /// Random postcodes of the six shapes, as `SW1A 1AA`, `sw1a1aa` or HES 8-character form; 2% `ZZ99 3VZ`.
    static func postcodes(_ count: Int, _ rng: inout SplitMix64) -> ByteArena {
        let shapes = ["A9", "A99", "AA9", "AA99", "A9A", "AA9A"]
        var arena = ByteArena(reservingBytes: count * 8)
        var text: [UInt8] = []
        for _ in 0..<count {
            text.removeAll(keepingCapacity: true)
            if rng.next() % 50 == 0 {
                text += Array("ZZ99 3VZ".utf8)
            } else {
                let shape = shapes[Int(rng.next() % 6)]
                for symbol in shape.utf8 { text.append(symbol == 0x39 ? digit(rng.next()) : letter(&rng)) }
                let form = rng.next() % 3
                let spaces = form == 0 ? 1 : form == 1 ? 0 : 8 - 3 - shape.utf8.count
                text += [UInt8](repeating: 0x20, count: spaces)
                text += [digit(rng.next()), letter(&rng), letter(&rng)]
                if form == 1 { text = text.map { $0 >= 0x41 ? $0 | 0x20 : $0 } }
            }
            arena.append(text)
        }
        return arena
    }

    /// Mixed-case names of 2–20 bytes with stray spaces.
    static func names(_ count: Int, _ rng: inout SplitMix64) -> ByteArena {
        var arena = ByteArena(reservingBytes: count * 12)
        var text: [UInt8] = []
        for _ in 0..<count {
            text.removeAll(keepingCapacity: true)
            if rng.next() % 4 == 0 { text.append(0x20) }
            for index in 0..<(2 + Int(rng.next() % 19)) {
                let roll = rng.next() % 12
                text.append(roll == 0 && index > 0 ? 0x20 : roll < 6 ? letter(&rng) : letter(&rng) | 0x20)
            }
            arena.append(text)
        }
        return arena
    }
}
