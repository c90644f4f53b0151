import Foundation
import LinkIO
import TestSupport
import Testing

@testable import BenchSuites

@Suite("bench csv")
struct CSVBenchTests {
    @Test("the generator writes DID-like rows that the reader tallies as the generator says")
    func generatorAgreesWithReader() throws {
        let folder = TestFolders.root.appendingPathComponent("linkfit-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("did.csv")
        let expected = try CSVBench.generate(url: url, bytes: 20_000)
        let size = try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int
        #expect(size == expected.bytes)
        let reader = try CSVReader(url: url, name: "did.csv")
        #expect(reader.header == CSVBench.header)
        var firstRecord: [String] = []
        while try reader.next() {
            if firstRecord.isEmpty { firstRecord = (0..<10).map { reader.string($0) } }
        }
        var tally = try CSVBench.tally(CSVReader(url: url, name: "did.csv"))
        tally.bytes = expected.bytes
        #expect(tally == expected)
        #expect(firstRecord.count == 10)
        #expect(firstRecord.first == "1")
        #expect(firstRecord[2].count == 10 && firstRecord[2].split(separator: "-").map(\.count) == [4, 2, 2])
        #expect(firstRecord[1].isEmpty || firstRecord[1].count == 10)
    }
}
