import Foundation
import Testing
@testable import LinkIO

/// The record fingerprint that checks a second pass over a file: the same for any cut into chunks,
/// different when any byte of a record, a field boundary or a record's line changes.
@Suite struct CSVReaderFingerprintTests {
    static func sequential(_ text: String, blockSize: Int = 1 << 20) throws -> UInt64 {
        let reader = try CSVReader(bytes: Array(text.utf8), name: "t.csv", options: .init(blockSize: blockSize))
        var sum: UInt64 = 0
        while try reader.next() { sum &+= reader.recordFingerprint() }
        return sum
    }

    static func chunked(_ text: String, parts: Int) throws -> UInt64 {
        let partition = try CSVPartition(source: .memory(Array(text.utf8)), name: "t.csv", parts: parts, minimumChunkBytes: 1)
        let sums = try partition.map { reader in
            var sum: UInt64 = 0
            while try reader.next() { sum &+= reader.recordFingerprint() }
            return sum
        }
        return sums.reduce(0, &+)
    }

    static let text = (0..<200).map { "D\($0),\"quoted, \"\"field\"\" \($0)\",9434765919,2025-03-\(10 + $0 % 18)" }
        .joined(separator: "\n") + "\n"
    static let file = "ID,NOTE,NHS,DATE\n" + text

    @Test func theSameForAnyBlockSizeAndAnyCutIntoChunks() throws {
        let whole = try Self.sequential(Self.file)
        for blockSize in [7, 64, 1 << 20] { #expect(try Self.sequential(Self.file, blockSize: blockSize) == whole) }
        for parts in [1, 2, 3, 8, 31] { #expect(try Self.chunked(Self.file, parts: parts) == whole) }
    }

    @Test(arguments: [
        ("a byte of a field", "D17,", "D18,"),
        ("a field boundary", "17\",9434765919,2025", "17\",943476591,92025"),
        ("a record's line", "D17,", "\nD17,"),
        ("two records swapped", "D1,\"quoted, \"\"field\"\" 1\",9434765919,2025-03-11\nD2,\"quoted, \"\"field\"\" 2\",9434765919,2025-03-12",
         "D2,\"quoted, \"\"field\"\" 2\",9434765919,2025-03-12\nD1,\"quoted, \"\"field\"\" 1\",9434765919,2025-03-11"),
    ])
    func anyChangeToWhatWasReadChangesIt(change: String, from: String, to: String) throws {
        let changed = Self.file.replacingOccurrences(of: from, with: to)
        try #require(changed != Self.file)
        #expect(try Self.sequential(changed) != Self.sequential(Self.file))
    }
}
