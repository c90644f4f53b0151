import Foundation
import LinkIO
import TestSupport
import Testing

/// The section file behind `linkfit index`: what is written reads back, and every kind of damage is
/// a located error naming the file (and the section), never a crash or a wrong value.
@Suite struct SectionFileTests {
    static let numbers: [UInt64] = (0..<100_000).map { UInt64($0) &* 0x9E37_79B9_7F4A_7C15 }
    static let small: [Int32] = [3, 1, 4, 1, 5]

    /// A file with a 800,000-byte section (several checksum pieces) and a small one.
    static func written(version: UInt32 = 1, threads: Int = 1) throws -> URL {
        let folder = TestFolders.root.appendingPathComponent("section-file-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appendingPathComponent("x.lfx")
        let writer = try SectionFile.Writer(url: url, version: version, threads: threads)
        try writer.add("numbers", numbers)
        try writer.add("small", small)
        try writer.finish()
        return url
    }

    static func problem(_ url: URL) -> String {
        do {
            _ = try SectionFile(url: url, name: "x.lfx", version: 1, threads: 2)
            return "no error"
        } catch let error as InputError {
            #expect(error.file == "x.lfx")
            return error.message
        } catch {
            return "\(error)"
        }
    }

    static func damage(_ url: URL, _ change: (inout [UInt8]) -> Void) throws {
        var bytes = [UInt8](try Data(contentsOf: url))
        change(&bytes)
        try Data(bytes).write(to: url)
    }

    @Test func sectionsReadBackAndTheFileIsOwnerOnly() throws {
        let url = try Self.written()
        let file = try SectionFile(url: url, name: "x.lfx", version: 1, threads: 2)
        #expect(file.sectionNames == ["numbers", "small"])
        #expect(try file.array("numbers", of: UInt64.self) == Self.numbers)
        #expect(try file.array("small", of: Int32.self) == Self.small)
        #expect(try file.bytes("small").count == 20)
        let mode = try FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(throws: InputError.self) { try file.array("small", of: UInt64.self) }  // 20 bytes: not whole UInt64s
        #expect(throws: InputError.self) { try file.bytes("absent") }
    }

    @Test func aColumnReadsInPlaceAndKeepsTheMappingAlive() throws {
        let url = try Self.written()
        // The file object goes out of scope here; the column holds the mapping.
        let column = try SectionFile(url: url, name: "x.lfx", version: 1).column("numbers", of: UInt64.self)
        try FileManager.default.removeItem(at: url)
        #expect(column.count == Self.numbers.count)
        #expect(column.elementsEqual(Self.numbers))
        #expect(column[99_999] == Self.numbers[99_999])
    }

    /// Past `directAfter` bytes, full staging buffers go out with `O_DIRECT` (or through the page
    /// cache where the file system refuses it): the file is the same bytes either way, with sections
    /// that cross staging buffers (8 MiB) and end between them. Direct from the first buffer, from
    /// the second (the first through the page cache), and never.
    @Test func directWritesGiveTheSameFile() throws {
        let large = (0..<2_600_003).map { UInt64($0) &* 0xD6E8_FEB8_6659_FD93 }  // 20.8 MB: two staging buffers and a part
        var files: [Data] = []
        for (directAfter, directBuffers) in [(Int.max, 0), (0, 2), (8 << 20, 1)] {
            let url = TestFolders.make("section-file-direct").appendingPathComponent("x.lfx")
            let writer = try SectionFile.Writer(url: url, version: 1, threads: 2, directAfter: directAfter)
            try writer.add("small", Self.small)
            try writer.add("large", large)
            try writer.add("numbers", streaming: { append in try Self.numbers.withUnsafeBytes { try append($0) } })
            try writer.add("small.again", Self.small)
            // The buffers written direct, unless the file system refused it (then through the page cache).
            #expect(writer.directWrites == (writer.directRefused ? 0 : directBuffers), "direct after \(directAfter) bytes")
            try writer.finish()
            let file = try SectionFile(url: url, name: "x.lfx", version: 1, threads: 2)
            #expect(file.sectionNames == ["small", "large", "numbers", "small.again"])
            #expect(try file.array("large", of: UInt64.self) == large, "direct after \(directAfter) bytes")
            #expect(try file.array("numbers", of: UInt64.self) == Self.numbers)
            #expect(try file.array("small.again", of: Int32.self) == Self.small)
            files.append(try Data(contentsOf: url))
        }
        #expect(files[1] == files[0])
        #expect(files[2] == files[0])
    }

    @Test func aSectionStreamedInPiecesIsTheSectionWrittenWhole() throws {
        let whole = try Data(contentsOf: Self.written())
        let url = TestFolders.root.appendingPathComponent("section-file-\(UUID().uuidString).lfx")
        let writer = try SectionFile.Writer(url: url, version: 1)
        try writer.add("numbers", streaming: { append in
            try Self.numbers.withUnsafeBytes { bytes in
                for piece in stride(from: 0, to: bytes.count, by: 300_007) {  // pieces across the checksum's 1 MiB pieces
                    try append(UnsafeRawBufferPointer(rebasing: bytes[piece..<min(piece + 300_007, bytes.count)]))
                }
            }
        })
        try writer.add("small", streaming: { append in try Self.small.withUnsafeBytes { try append($0) } })
        try writer.finish()
        #expect(try Data(contentsOf: url) == whole)
    }

    @Test func theSameContentGivesTheSameBytesWhateverTheThreads() throws {
        #expect(try Data(contentsOf: Self.written(threads: 1)) == Data(contentsOf: Self.written(threads: 2)))
    }

    @Test func aTruncatedFileIsRefused() throws {
        let url = try Self.written()
        try Self.damage(url) { $0.removeLast(1) }
        #expect(Self.problem(url).contains("truncated"))
        try Self.damage(url) { $0.removeLast($0.count - 20) }
        #expect(Self.problem(url).contains("truncated"))
    }

    @Test func anotherVersionIsRefusedWithHowToRebuild() throws {
        let message = Self.problem(try Self.written(version: 2))
        #expect(message.contains("format version 2"))
        #expect(message.contains("reads version 1"))
        #expect(message.contains("linkfit index"))
    }

    @Test func theOtherByteOrderIsRefused() throws {
        let url = try Self.written()
        try Self.damage(url) { $0[8..<12].reverse() }
        #expect(Self.problem(url).contains("other byte order"))
    }

    @Test func aFlippedByteInTheHeaderOrDirectoryFailsItsChecksum() throws {
        for position in [20, 17] {
            let url = try Self.written()
            try Self.damage(url) { $0[position] ^= 0x10 }
            #expect(Self.problem(url).contains("damaged header"), "byte \(position)")
        }
        let url = try Self.written()
        try Self.damage(url) { $0[$0.count - 40] ^= 0x01 }  // inside the directory's last entry
        #expect(Self.problem(url).contains("damaged header or directory"))
    }

    @Test func aFlippedByteInASectionNamesTheSection() throws {
        let url = try Self.written()
        try Self.damage(url) { $0[64 + 700_001] ^= 0x80 }  // inside 'numbers', in its last checksum piece
        #expect(Self.problem(url).contains("section 'numbers'"))
        #expect(Self.problem(url).contains("fails its checksum"))
    }

    @Test func bytesAfterTheDirectoryOrAnotherKindOfFileAreRefused() throws {
        let url = try Self.written()
        try Self.damage(url) { $0.append(0) }
        #expect(Self.problem(url).contains("after its directory"))
        try Self.damage(url) { $0[0] = 0x50 }
        #expect(Self.problem(url).contains("not a linkfit index file"))
    }
}
