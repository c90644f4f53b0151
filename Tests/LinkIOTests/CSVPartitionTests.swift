import Foundation
import Testing
@testable import LinkIO

/// Random CSV text with every hard case: quoted delimiters, doubled quotes, quoted LF and CRLF,
/// empty fields, blank lines, CRLF and LF line endings, unicode.
func nastyCSV(records: Int, seed: UInt64) -> (text: String, records: [[String]]) {
    var random = TestRandom(state: seed)
    let pieces = ["a", "Zoë", "x,y", "say \"hi\"", "one\ntwo", "r\r\nn", "", "\"", "東京", "12345", "\n\n"]
    var text = "ID,NAME,NOTE\n"
    var expected: [[String]] = []
    for index in 0..<records {
        let fields = ["\(index)", pieces[Int(random.next() % UInt64(pieces.count))], pieces[Int(random.next() % UInt64(pieces.count))]]
        expected.append(fields)
        text += fields.map { field in
            let quote = field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
                || random.next() % 5 == 0
            return quote ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
        }.joined(separator: ",")
        text += random.next() % 3 == 0 ? "\r\n" : "\n"
        if random.next() % 17 == 0 { text += "\n" }
    }
    return (text, expected)
}

/// Every record and line of `partition`, merged in chunk order.
func readAll(_ partition: CSVPartition) throws -> (records: [[String]], lines: [Int]) {
    let parts = try partition.map { reader in try readAll(reader) }
    return (parts.flatMap(\.records), parts.flatMap(\.lines))
}

@Suite("CSVPartition")
struct CSVPartitionTests {
    @Test("parallel chunks give the sequential reader's records and lines", arguments: [1, 2, 3, 7, 50])
    func sameAsSequential(parts: Int) throws {
        let (text, expected) = nastyCSV(records: 400, seed: UInt64(parts))
        let bytes = Array(text.utf8)
        let sequential = try readAll(CSVReader(bytes: bytes, name: "t.csv"))
        #expect(sequential.records == expected)
        for blockSize in [3, 64, 1 << 20] {
            let partition = try CSVPartition(
                source: .memory(bytes), name: "t.csv", parts: parts, options: .init(blockSize: blockSize),
                minimumChunkBytes: 1)
            #expect(partition.chunks.count == parts, "block size \(blockSize)")
            let parallel = try readAll(partition)
            #expect(parallel.records == sequential.records, "block size \(blockSize)")
            #expect(parallel.lines == sequential.lines, "block size \(blockSize)")
            // Loaders reserve space from `maxRecords`: never fewer than the chunk's records.
            let counts = try partition.mapChunks { _, reader in try readAll(reader).records.count }
            #expect(zip(partition.chunks, counts).allSatisfy { $0.maxRecords >= $1 }, "block size \(blockSize)")
        }
    }

    @Test("a cut never lands inside a quoted field with line breaks")
    func quotedNewlinesStraddlingTheCut() throws {
        // The raw midpoint of the data falls inside the long quoted field of record 2, which is full of
        // line feeds (and of `"\n` that would fool a scan that ignored quote parity).
        let long = String(repeating: "x\"\"\n", count: 50)
        let text = "ID,NOTE\n1,a\n2,\"\(long)\"\n3,b\n4,c\n"
        let bytes = Array(text.utf8)
        let partition = try CSVPartition(source: .memory(bytes), name: "t.csv", parts: 2, minimumChunkBytes: 1)
        let afterLong = bytes.count - Array("3,b\n4,c\n".utf8).count
        #expect(partition.chunks.map(\.bytes.lowerBound) == [8, afterLong])
        #expect(partition.chunks.map(\.firstLine) == [2, 54])
        let parallel = try readAll(partition)
        #expect(parallel.records.map { $0[0] } == ["1", "2", "3", "4"])
        #expect(parallel.records[1][1] == String(repeating: "x\"\n", count: 50))
        #expect(parallel.lines == [2, 3, 54, 55])
        #expect(try readAll(CSVReader(bytes: bytes, name: "t.csv")).lines == parallel.lines)
    }

    @Test("a file read from disk in parallel matches the sequential reader")
    func fromDisk() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("did.csv")
        let (text, expected) = nastyCSV(records: 3000, seed: 99)
        try Data(("\u{FEFF}" + text).utf8).write(to: url)
        let partition = try CSVPartition(
            url: url, name: "did.csv", parts: 2, options: .init(blockSize: 4096), minimumChunkBytes: 1024)
        #expect(partition.header == ["ID", "NAME", "NOTE"])
        #expect(partition.chunks.count == 2)
        let sequential = try readAll(CSVReader(url: url, name: "did.csv"))
        let parallel = try readAll(partition)
        #expect(parallel.records == expected)
        #expect(parallel.lines == sequential.lines)
    }

    @Test("a small file stays in one chunk")
    func smallFileOneChunk() throws {
        let partition = try CSVPartition(source: .memory(Array("a,b\n1,2\n".utf8)), name: "t.csv", parts: 8)
        #expect(partition.chunks == [CSVChunk(index: 0, bytes: 4..<8, firstLine: 2, maxRecords: 2)])
    }

    @Test("a header-only file has no chunks when allowed, and is an error otherwise")
    func headerOnly() throws {
        let bytes = Array("a,b\n".utf8)
        let allowed = try CSVPartition(source: .memory(bytes), name: "t.csv", parts: 2, allowHeaderOnly: true)
        #expect(allowed.chunks.isEmpty)
        #expect(try allowed.map { _ in 1 }.isEmpty)
        #expect(throws: InputError(file: "t.csv", line: 1, "has a header but no records")) {
            try CSVPartition(source: .memory(bytes), name: "t.csv", parts: 2)
        }
    }

    @Test(
        "a malformed file fails in parallel with the sequential reader's first error",
        arguments: [
            ErrorCase("stray quote", "3,b\"c\n", ""),
            ErrorCase("unclosed quote", "3,\"b\n", ""),
            ErrorCase("short record", "3\n", ""),
            ErrorCase("bad UTF-8", [0x33, 0x2C, 0xFF, 0x0A], ""),
        ])
    func malformedInParallel(_ fault: ErrorCase) throws {
        var text = "ID,NOTE\n"
        for index in 0..<200 { text += "\(index),\"q\"\"\n\"\n" }
        var after = ""
        for index in 0..<200 { after += "\(index),\"z\n\"\n" }
        let bytes = Array(text.utf8) + fault.bytes + Array(after.utf8)
        let sequential = readError(bytes)
        #expect(sequential != nil)
        for parts in [2, 3, 5, 16] {
            var parallel: String?
            do {
                _ = try readAll(CSVPartition(source: .memory(bytes), name: "t.csv", parts: parts, minimumChunkBytes: 1))
            } catch {
                parallel = "\(error)"
            }
            #expect(parallel == sequential, "\(parts) parts")
        }
    }

    @Test("byte counts match a plain count", arguments: [0, 1, 7, 8, 9, 100, 2040, 2041, 2048, 5000])
    func byteCounts(length: Int) {
        var random = TestRandom(state: UInt64(length))
        let alphabet: [UInt8] = [0x22, 0x0A, 0x41, 0x0D, 0xA2, 0x8A, 0x00, 0xFF]
        let mixed = (0..<length).map { _ in alphabet[Int(random.next() % 8)] }
        for bytes in [mixed, [UInt8](repeating: 0x22, count: length), [UInt8](repeating: 0x0A, count: length)] {
            var counts = ByteCounts()
            bytes.withUnsafeBufferPointer { counts.add($0) }
            #expect(counts.quotes == bytes.filter { $0 == 0x22 }.count)
            #expect(counts.lineFeeds == bytes.filter { $0 == 0x0A }.count)
        }
    }
}
