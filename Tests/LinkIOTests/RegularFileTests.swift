import Foundation
import Kernels
import TestSupport
import Testing

@testable import LinkIO

/// Inputs that are not regular files are refused at once with the file's name, never read or
/// waited on (a FIFO's open would block until a writer appeared; a pipe read once looks empty).
@Suite(.timeLimit(.minutes(1))) struct RegularFileTests {
    static func folder() throws -> URL {
        let url = TestFolders.root.appendingPathComponent("regular-file-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static let refusal = "not a regular file: linkfit reads its inputs at offsets, in parallel and more than once, so write the data to a file first"

    static func csvError(_ url: URL, name: String) -> String? {
        do {
            _ = try CSVReader(url: url, name: name)
            return nil
        } catch {
            return "\(error)"
        }
    }

    @Test func aFIFOIsRefusedWithoutBlocking() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let fifo = folder.appendingPathComponent("did.csv")
        try #require(mkfifo(fifo.path, 0o600) == 0)
        #expect(Self.csvError(fifo, name: "did.csv") == "did.csv: is a FIFO or pipe, \(Self.refusal)")
        #expect(throws: RegularFile.Failure.notRegular("a FIFO or pipe")) { try RegularFile.read(fifo.path) }
    }

    @Test func aPipeAsFromProcessSubstitutionIsRefused() throws {
        var ends: [Int32] = [0, 0]
        try #require(pipe(&ends) == 0)
        defer { close(ends[0]); close(ends[1]) }
        let data = "DID_ID\nD1\n"
        _ = data.withCString { write(ends[1], $0, strlen($0)) }
        let path = URL(fileURLWithPath: "/dev/fd/\(ends[0])")
        #expect(Self.csvError(path, name: "/dev/fd/\(ends[0])") == "/dev/fd/\(ends[0]): is a FIFO or pipe, \(Self.refusal)")
    }

    @Test func aFolderIsRefused() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(Self.csvError(folder, name: "data") == "data: is a folder, \(Self.refusal)")
    }

    @Test func aRegularFileAndASymbolicLinkToOneAreRead() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("a.csv")
        try "ID\n1\n".write(to: file, atomically: true, encoding: .utf8)
        let link = folder.appendingPathComponent("b.csv")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: file)
        for url in [file, link] {
            let reader = try CSVReader(url: url, name: "a.csv")
            #expect(try reader.next())
            #expect(reader.string(0) == "1")
        }
        #expect(try RegularFile.read(link.path) == Data("ID\n1\n".utf8))
    }
}
