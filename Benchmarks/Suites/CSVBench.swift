import Comparators
import Foundation
import LinkIO

/// `linkfit bench csv`: CSV parsing throughput, sequential and in parallel chunks.
///
/// Generates a DID-like CSV (10 columns, some quoted fields with commas and doubled quotes) of
/// `--size` MB (default 1024) in the scratch folder, parses it touching every byte of every field,
/// checks the record count and a checksum against the generator's, and prints MB/s, records/s and peak
/// memory. Memory must stay flat: the reader holds one block, not the file.
enum CSVBench {
    static var suite: BenchSuite {
        BenchSuite(
            name: "csv", abstract: "Parse a DID-like CSV (--size MB, default 1024), sequentially and in parallel.",
            sizes: 1...1_000_000, run: run)
    }

    static let header = [
        "RECORD_ID", "NHS_NUMBER", "DOB", "GENDER", "POSTCODE", "TEST_DATE", "NICIP_CODE", "MODALITY",
        "PROVIDER", "SITE_NAME",
    ]

    static func run(_ context: BenchContext) throws {
        let megabytes = context.size ?? 1024
        let threads = context.threads ?? ProcessInfo.processInfo.activeProcessorCount
        let url = context.scratch.appendingPathComponent("bench-did.csv")
        defer { try? FileManager.default.removeItem(at: url) }
        let generated = try context.time { try generate(url: url, bytes: megabytes << 20) }
        let expected = generated.result
        let megabytesWritten = Double(expected.bytes) / 1e6
        context.print(String(
            format: "csv: %.1f MB, %@ records (generated in %.1f s)", megabytesWritten,
            humanCount(Double(expected.records)), generated.seconds))

        var cpuStart = processCPUSeconds()
        let sequential = try context.time { () throws -> Tally in
            let reader = try CSVReader(url: url, name: url.lastPathComponent)
            return try tally(reader)
        }
        let sequentialCPU = processCPUSeconds() - cpuStart
        try check(sequential.result, expected, "sequential")
        report(context, "sequential", sequential.seconds, sequentialCPU, expected)

        cpuStart = processCPUSeconds()
        let parallel = try context.time { () throws -> Tally in
            let partition = try CSVPartition(url: url, name: url.lastPathComponent, parts: threads)
            return try partition.map { try tally($0) }.reduce(Tally(), +)
        }
        let parallelCPU = processCPUSeconds() - cpuStart
        try check(parallel.result, expected, "parallel")
        report(context, "parallel (\(threads))", parallel.seconds, parallelCPU, expected)
        context.print(String(format: "peak memory: %.1f MB", Double(ProcessMemory.peakBytes()) / 1e6))
    }

    /// What a pass over the file saw: records, field bytes and a checksum of them.
    struct Tally: Equatable, Sendable {
        var bytes = 0
        var records = 0
        var fieldBytes = 0
        var checksum: UInt64 = 0

        static func + (left: Tally, right: Tally) -> Tally {
            Tally(
                bytes: left.bytes + right.bytes, records: left.records + right.records,
                fieldBytes: left.fieldBytes + right.fieldBytes, checksum: left.checksum &+ right.checksum)
        }
    }

    /// Reads every record, touching every byte of every field.
    static func tally(_ reader: CSVReader) throws -> Tally {
        var tally = Tally()
        let columns = reader.header.count
        while try reader.next() {
            tally.records += 1
            for column in 0..<columns {
                let (count, sum) = reader.withField(column) { field -> (Int, UInt64) in
                    var sum: UInt64 = 0
                    for byte in field { sum &+= UInt64(byte) }
                    return (field.count, sum)
                }
                tally.fieldBytes += count
                tally.checksum &+= sum
            }
        }
        return tally
    }

    private static func check(_ seen: Tally, _ expected: Tally, _ label: String) throws {
        guard seen.records == expected.records, seen.fieldBytes == expected.fieldBytes,
              seen.checksum == expected.checksum
        else {
            throw BenchFailure(
                "bench csv: the \(label) reader saw \(seen.records) records (expected \(expected.records)) "
                    + "or different field bytes")
        }
    }

    /// One line: wall time, MB/s and records/s of wall time, and MB per CPU-second (the one-core rate,
    /// which other processes on the machine do not distort).
    private static func report(
        _ context: BenchContext, _ label: String, _ seconds: Double, _ cpuSeconds: Double, _ expected: Tally
    ) {
        let megabytes = Double(expected.bytes) / 1e6
        context.print(
            label.padded(14)
                + String(
                    format: "%7.2f s  %8.1f MB/s  %@ records/s  (%.2f CPU-s, %.1f MB per CPU-s)", seconds,
                    megabytes / seconds, humanCount(Double(expected.records) / seconds), cpuSeconds,
                    megabytes / max(cpuSeconds, 1e-9)))
    }

    /// CPU time this process has used, all threads, in seconds.
    private static func processCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    /// Writes DID-like rows to `url` until it holds about `bytes` bytes; returns what a reader must see.
    ///
    /// - Complexity: O(bytes); memory O(4 MiB).
    static func generate(url: URL, bytes target: Int) throws -> Tally {
        guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
            throw BenchFailure("bench csv: cannot create \(url.path)")
        }
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        var random = SplitMix64(seed: 2015)
        var rows = DIDRows()
        rows.buffer.append(contentsOf: (header.joined(separator: ",") + "\n").utf8)
        var written = 0
        while written + rows.buffer.count < target {
            rows.append(&random)
            if rows.buffer.count >= 4 << 20 {
                try handle.write(contentsOf: rows.buffer)
                written += rows.buffer.count
                rows.buffer.removeAll(keepingCapacity: true)
            }
        }
        try handle.write(contentsOf: rows.buffer)
        var expected = rows.tally
        expected.bytes = written + rows.buffer.count
        return expected
    }
}

/// Builds DID-like rows as bytes, keeping the tally a reader must reproduce.
private struct DIDRows {
    /// A field value that may be written quoted: its bytes in the file, and the reader's view of it.
    struct Choice {
        var raw: [UInt8]
        var length: Int
        var sum: UInt64

        init(_ raw: String, value: String? = nil) {
            self.raw = Array(raw.utf8)
            let bytes = Array((value ?? raw).utf8)
            length = bytes.count
            sum = bytes.reduce(0) { $0 &+ UInt64($1) }
        }
    }

    var buffer: [UInt8] = []
    var tally = CSVBench.Tally()

    init() { buffer.reserveCapacity(5 << 20) }

    let sexes = ["1", "2", "9", "0"].map { Choice($0) }
    let postcodes = ["LS1 3EX", "BD9 6RJ", "SW1A 1AA", "M1 1AA", "ZZ99 3VZ", "HG1 2TP"].map { Choice($0) }
    let nicip = ["XCHES", "MBRAI", "UABDO", "CCHAP", "NBONW"].map { Choice($0) }
    let modalities = ["CT", "MR", "US", "XR", "NM"].map { Choice($0) }
    let providers = ["RR8", "RAE", "RCF", "RWY"].map { Choice($0) }
    let sites = [
        Choice("\"Royal Infirmary, Leeds\"", value: "Royal Infirmary, Leeds"),
        Choice("St James's University Hospital"),
        Choice("\"The \"\"New\"\" Wing, Block C\"", value: "The \"New\" Wing, Block C"),
        Choice("Airedale General"),
    ]

    /// One row: RECORD_ID, NHS_NUMBER (5% empty), DOB, GENDER, POSTCODE, TEST_DATE, NICIP_CODE,
    /// MODALITY, PROVIDER, SITE_NAME (half of them quoted, one with doubled quotes).
    mutating func append(_ random: inout SplitMix64) {
        let value = random.next()
        tally.records += 1
        number(UInt64(tally.records), width: 1)
        buffer.append(0x2C)
        if value % 20 != 0 { number(4_000_000_000 + value % 5_000_000_000, width: 10) }
        buffer.append(0x2C)
        date(random.next(), from: 1925, span: 95)
        buffer.append(0x2C)
        choose(sexes, value >> 40)
        buffer.append(0x2C)
        choose(postcodes, value >> 44)
        buffer.append(0x2C)
        date(random.next(), from: 2014, span: 3)
        buffer.append(0x2C)
        choose(nicip, value >> 48)
        buffer.append(0x2C)
        choose(modalities, value >> 52)
        buffer.append(0x2C)
        choose(providers, value >> 56)
        buffer.append(0x2C)
        choose(sites, value >> 60)
        buffer.append(0x0A)
    }

    private mutating func choose(_ choices: [Choice], _ bits: UInt64) {
        let choice = choices[Int(bits % UInt64(choices.count))]
        buffer.append(contentsOf: choice.raw)
        tally.fieldBytes += choice.length
        tally.checksum &+= choice.sum
    }

    /// `YYYY-MM-DD` from random bits.
    private mutating func date(_ bits: UInt64, from year: Int, span: Int) {
        let start = buffer.count
        digits(UInt64(year) + bits % UInt64(span), width: 4)
        buffer.append(0x2D)
        digits(1 + (bits >> 16) % 12, width: 2)
        buffer.append(0x2D)
        digits(1 + (bits >> 24) % 28, width: 2)
        account(from: start)
    }

    private mutating func number(_ value: UInt64, width: Int) {
        let start = buffer.count
        digits(value, width: width)
        account(from: start)
    }

    /// Appends `value` in decimal, zero-padded to `width`.
    private mutating func digits(_ value: UInt64, width: Int) {
        let start = buffer.count
        var rest = value
        repeat {
            buffer.append(0x30 + UInt8(rest % 10))
            rest /= 10
        } while rest > 0 || buffer.count - start < width
        buffer[start...].reverse()
    }

    /// Adds the unquoted field `buffer[start...]` to the tally.
    private mutating func account(from start: Int) {
        tally.fieldBytes += buffer.count - start
        var sum: UInt64 = 0
        for index in start..<buffer.count { sum &+= UInt64(buffer[index]) }
        tally.checksum &+= sum
    }
}
