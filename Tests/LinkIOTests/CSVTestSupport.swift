import Foundation
import TestSupport

@testable import LinkIO

/// Everything a reader yields: the header, each record's fields and the line it starts on.
struct ReadResult: Equatable {
    var header: [String]
    var records: [[String]]
    var lines: [Int]
}

/// Block sizes that put a block boundary at every possible place in small inputs, plus the default.
let testBlockSizes = [1, 2, 3, 5, 64, 1 << 20]

/// Reads all of `reader`'s records.
func readAll(_ reader: CSVReader) throws -> (records: [[String]], lines: [Int]) {
    var records: [[String]] = []
    var lines: [Int] = []
    while try reader.next() {
        records.append((0..<reader.fieldCount).map { reader.string($0) })
        lines.append(reader.line)
    }
    return (records, lines)
}

/// Reads `bytes` from memory with `blockSize`-byte reads.
func read(
    _ bytes: [UInt8], blockSize: Int = 1 << 20, delimiter: UInt8? = nil, allowHeaderOnly: Bool = false
) throws -> ReadResult {
    let reader = try CSVReader(
        bytes: bytes, name: "t.csv", delimiter: delimiter, allowHeaderOnly: allowHeaderOnly,
        options: .init(blockSize: blockSize))
    let (records, lines) = try readAll(reader)
    return ReadResult(header: reader.header, records: records, lines: lines)
}

func read(_ text: String, blockSize: Int = 1 << 20, delimiter: UInt8? = nil) throws -> ReadResult {
    try read(Array(text.utf8), blockSize: blockSize, delimiter: delimiter)
}

/// The error reading `bytes` throws, as the CLI would print it; nil when reading succeeds.
func readError(_ bytes: [UInt8], blockSize: Int = 1 << 20, maxRecordBytes: Int = 16 << 20) -> String? {
    do {
        let reader = try CSVReader(
            bytes: bytes, name: "t.csv", options: .init(blockSize: blockSize, maxRecordBytes: maxRecordBytes))
        _ = try readAll(reader)
        return nil
    } catch {
        return "\(error)"
    }
}

/// A fresh empty folder under the temporary directory.
func temporaryFolder() throws -> URL {
    let url = TestFolders.root.appendingPathComponent("linkio-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// A small seeded generator for test data (SplitMix64).
struct TestRandom: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
