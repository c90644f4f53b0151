import Foundation
import Kernels
import TestSupport
import Testing

@testable import LinkIO

/// A section's checksum read from the file with `pread` (how `SectionFile` checks an index, so that
/// checking it does not make the mapping resident) is the checksum of its bytes in memory (how the
/// writer computes it), whatever the thread count, across piece boundaries.
@Suite struct SectionChecksumTests {
    @Test(arguments: [0, 7, 1 << 20, (1 << 20) + 1, 3 << 20 + 12_345])
    func aRangeReadFromTheFileHasTheChecksumOfItsBytes(_ length: Int) throws {
        let bytes = (0..<(length + 100)).map { UInt8(truncatingIfNeeded: KeyHash.finalise(UInt64($0))) }
        let url = TestFolders.root.appendingPathComponent("section-checksum-\(UUID().uuidString)")
        try Data(bytes).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let fd = open(url.path, O_RDONLY)
        try #require(fd >= 0)
        defer { close(fd) }
        let expected = bytes[37..<(37 + length)].withUnsafeBytes { SectionChecksum.of($0, threads: 1) }
        for threads in [1, 2, 3, 8] {
            #expect(try SectionChecksum.of(file: fd, range: 37..<(37 + length), threads: threads, name: "x.lfx") == expected)
        }
    }

    @Test func aRangePastTheFilesEndIsAnInputError() throws {
        let url = TestFolders.root.appendingPathComponent("section-checksum-\(UUID().uuidString)")
        try Data(repeating: 1, count: 100).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let fd = open(url.path, O_RDONLY)
        try #require(fd >= 0)
        defer { close(fd) }
        #expect(throws: InputError(file: "x.lfx", "cannot be read (it ended early)")) {
            _ = try SectionChecksum.of(file: fd, range: 50..<200, threads: 2, name: "x.lfx")
        }
    }
}
