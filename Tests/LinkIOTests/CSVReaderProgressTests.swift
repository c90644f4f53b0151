import Foundation
import Testing

@testable import LinkIO

/// A reader with a `progress` counter counts the bytes it consumes, once per block: a whole file's
/// size, a partition's data bytes, and nothing else (the records are the same with or without it).
@Suite struct CSVReaderProgressTests {
    /// 200 records, blank lines and a quoted field spanning a line break: blocks end everywhere.
    static let text = "id,name\n" + (0..<200).map { "\($0),\"n\($0)\na\"\n" + ($0 % 7 == 0 ? "\n" : "") }.joined()

    @Test(arguments: [1, 5, 64, 1 << 20])
    func aWholeFileCountsItsSize(blockSize: Int) throws {
        let bytes = Array(Self.text.utf8)
        let counter = WorkCounter(total: bytes.count, unit: .bytes)
        let reader = try CSVReader(bytes: bytes, name: "t.csv", options: .init(blockSize: blockSize))
        reader.progress = counter
        let (records, _) = try readAll(reader)
        #expect(counter.done == bytes.count)
        #expect(records == (try read(bytes, blockSize: blockSize)).records)
    }

    @Test(arguments: [1, 3, 8])
    func aPartitionCountsItsDataBytes(parts: Int) throws {
        let bytes = Array(Self.text.utf8)
        let partition = try CSVPartition(source: .memory(bytes), name: "t.csv", parts: parts, minimumChunkBytes: 16)
        let counter = WorkCounter(total: partition.dataBytes, unit: .bytes)
        let counts = try partition.mapChunks(progress: counter) { _, reader in try readAll(reader).records.count }
        #expect(counts.reduce(0, +) == 200)
        #expect(partition.dataBytes == bytes.count - "id,name\n".utf8.count)
        #expect(counter.done == partition.dataBytes)
    }
}
