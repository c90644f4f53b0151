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
            run: run)
    }

    static let header = [
        "RECORD_ID", "NHS_NUMBER", "DOB", "GENDER", "POSTCODE", "TEST_DATE", "NICIP_CODE", "MODALITY",
        "PROVIDER", "SITE_NAME",
    ]

    static func run(_ context: BenchContext) throws {
        let megabytes = try context.arguments.int("size", default: 1024, in: 1...1_000_000)
        let threads = try context.arguments.int(
            "threads", default: ProcessInfo.processInfo.activeProcessorCount, in: 1...256)
        let url = context.scratch.appendingPathComponent("bench-did.csv")
        defer { try? FileManager.default.removeItem(at: url) }
        let generated = try context.time { try generate(url: url, bytes: megabytes << 20) }
        let expected = generated.result
        let megabytesWritten = Double(expected.bytes) / 1e6
        context.io.print(String(
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
        context.io.print(String(format: "peak memory: %.1f MB", Double(peakResidentBytes()) / 1e6))
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
            throw CommandFailure(
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
        context.io.print(
            label.padding(14)
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
            throw CommandFailure("bench csv: cannot create \(url.path)")
        }
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        var random = SplitMix64(seed: 2015)
        var buffer: [UInt8] = []
        buffer.reserveCapacity(5 << 20)
        var expected = Tally()
        let sites: [(raw: String, value: String)] = [
            ("\"Royal Infirmary, Leeds\"", "Royal Infirmary, Leeds"),
            ("St James's University Hospital", "St James's University Hospital"),
            ("\"The \"\"New\"\" Wing, Block C\"", "The \"New\" Wing, Block C"),
            ("Airedale General", "Airedale General"),
        ]
        let modalities = ["CT", "MR", "US", "XR", "NM"]
        let nicip = ["XCHES", "MBRAI", "UABDO", "CCHAP", "NBONW"]
        let providers = ["RR8", "RAE", "RCF", "RWY"]
        let postcodes = ["LS1 3EX", "BD9 6RJ", "SW1A 1AA", "M1 1AA", "ZZ99 3VZ", "HG1 2TP"]

        func add(_ text: String, _ value: String? = nil, to row: inout [UInt8]) {
            row.append(contentsOf: text.utf8)
            let field = (value ?? text).utf8
            expected.fieldBytes += field.count
            var sum: UInt64 = 0
            for byte in field { sum &+= UInt64(byte) }
            expected.checksum &+= sum
        }
        func date(_ random: inout SplitMix64, from year: Int, span: Int) -> String {
            let value = random.next()
            let y = year + Int(value % UInt64(span))
            let m = 1 + Int((value >> 16) % 12)
            let d = 1 + Int((value >> 24) % 28)
            return "\(y)-\(m < 10 ? "0" : "")\(m)-\(d < 10 ? "0" : "")\(d)"
        }

        var row: [UInt8] = []
        while expected.bytes < target {
            row.removeAll(keepingCapacity: true)
            let value = random.next()
            add(String(expected.records + 1), to: &row)
            row.append(0x2C)
            add(value % 20 == 0 ? "" : String(4_000_000_000 + value % 5_000_000_000), to: &row)
            row.append(0x2C)
            add(date(&random, from: 1925, span: 95), to: &row)
            row.append(0x2C)
            add(["1", "2", "9", "0"][Int((value >> 40) % 4)], to: &row)
            row.append(0x2C)
            add(postcodes[Int((value >> 44) % UInt64(postcodes.count))], to: &row)
            row.append(0x2C)
            add(date(&random, from: 2014, span: 3), to: &row)
            row.append(0x2C)
            add(nicip[Int((value >> 48) % UInt64(nicip.count))], to: &row)
            row.append(0x2C)
            add(modalities[Int((value >> 52) % UInt64(modalities.count))], to: &row)
            row.append(0x2C)
            add(providers[Int((value >> 56) % UInt64(providers.count))], to: &row)
            row.append(0x2C)
            let site = sites[Int((value >> 60) % UInt64(sites.count))]
            add(site.raw, site.value, to: &row)
            row.append(0x0A)
            if expected.records == 0 {
                let headerLine = Array((header.joined(separator: ",") + "\n").utf8)
                buffer.append(contentsOf: headerLine)
                expected.bytes += headerLine.count
            }
            buffer.append(contentsOf: row)
            expected.bytes += row.count
            expected.records += 1
            if buffer.count >= 4 << 20 {
                try handle.write(contentsOf: buffer)
                buffer.removeAll(keepingCapacity: true)
            }
        }
        try handle.write(contentsOf: buffer)
        return expected
    }
}
