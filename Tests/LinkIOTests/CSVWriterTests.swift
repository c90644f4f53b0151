import Foundation
import Testing
@testable import LinkIO

/// Rows that stress quoting: every field must come back from `CSVReader` exactly as written.
let nastyRows: [[String]] = [
    ["plain", "with,comma", "with \"quotes\""],
    ["", "\"", "\"\""],
    ["line\nfeed", "carriage\rreturn", "crlf\r\nend"],
    ["  spaces  ", "Zoë Łódź 東京 🏥", "tab\there"],
    ["trailing,", ",leading", "|pipe|"],
    ["", "", ""],
]

@Suite("CSVWriter")
struct CSVWriterTests {
    @Test("a CSVLine is the writer's row, byte for byte", arguments: [UInt8(ascii: ","), 0x09, UInt8(ascii: "|")])
    func lineMatchesWriter(delimiter: UInt8) throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("out.csv")
        let writer = try CSVWriter(url: url, header: ["A", "B", "C", "W"], delimiter: delimiter)
        var expected = ""
        for row in nastyRows {
            var line = CSVLine(delimiter: delimiter)
            for field in row {
                line.field(field)
                writer.field(field)
            }
            line.field(-1.23456, digits: 3)
            writer.field(-1.23456, digits: 3)
            try writer.endRow()
            expected += String(decoding: line.bytes, as: UTF8.self) + "\n"
        }
        try writer.commit()
        let written = try String(contentsOf: url, encoding: .utf8)
        #expect(written.split(separator: "\n", maxSplits: 1)[1] == Substring(expected))
    }

    @Test("what the writer writes the reader reads back", arguments: [UInt8(ascii: ","), 0x09, UInt8(ascii: "|")])
    func roundTrip(delimiter: UInt8) throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("out.csv")
        let header = ["A", "B,1", "C"]
        let writer = try CSVWriter(url: url, header: header, delimiter: delimiter)
        for row in nastyRows { try writer.writeRow(row) }
        try writer.commit()
        let reader = try CSVReader(url: url, name: "out.csv", delimiter: delimiter)
        #expect(reader.header == header)
        #expect(try readAll(reader).records == nastyRows)
    }

    @Test("fields are quoted only when needed, columns in header order")
    func quotingOnlyWhenNeeded() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("out.csv")
        let writer = try CSVWriter(url: url, header: ["ID", "NOTE", "N"])
        try writer.writeRow(["1", "a b", "c"])
        writer.field("2")
        writer.field("x,\"y\"")
        writer.field(-42)
        try writer.endRow()
        "z\n".utf8CString.dropLast().map { UInt8(bitPattern: $0) }.withUnsafeBufferPointer { bytes in
            writer.field("3")
            writer.field(bytes: bytes)
        }
        writer.field(Int.min)
        try writer.endRow()
        try writer.commit()
        let text = try String(contentsOf: url, encoding: .utf8)
        #expect(text == "ID,NOTE,N\n1,a b,c\n2,\"x,\"\"y\"\"\",-42\n3,\"z\n\",-9223372036854775808\n")
    }

    @Test("a one-column row with an empty field survives the reader's blank-line skipping")
    func singleEmptyColumn() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("out.csv")
        let writer = try CSVWriter(url: url, header: ["HESID"])
        for row in [["1"], [""], ["3"]] { try writer.writeRow(row) }
        try writer.commit()
        #expect(try String(contentsOf: url, encoding: .utf8) == "HESID\n1\n\"\"\n3\n")
        #expect(try readAll(CSVReader(url: url, name: "out.csv")).records == [["1"], [""], ["3"]])
    }

    @Test("an uncommitted writer leaves the destination untouched and no temporary file")
    func uncommittedLeavesNoTrace() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("links.csv")
        try Data("old contents\n".utf8).write(to: url)
        do {
            let writer = try CSVWriter(url: url, header: ["A"])
            for index in 0..<100_000 { try writer.writeRow(["row \(index) with some padding to pass a flush"]) }
            withExtendedLifetime(writer) {
                #expect((try? FileManager.default.contentsOfDirectory(atPath: folder.path).count) == 2)
            }
        }
        #expect(try String(contentsOf: url, encoding: .utf8) == "old contents\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["links.csv"])
    }

    @Test("commit replaces the destination and honours the permissions", arguments: [0o600, 0o640, 0o644])
    func commitWithPermissions(mode: Int) throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("links.csv")
        try Data("old\n".utf8).write(to: url)
        let writer = try CSVWriter(url: url, header: ["A"], permissions: mode)
        try writer.writeRow(["new"])
        #expect(try String(contentsOf: url, encoding: .utf8) == "old\n")
        try writer.commit()
        #expect(try String(contentsOf: url, encoding: .utf8) == "A\nnew\n")
        let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == mode)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["links.csv"])
    }

    @Test("two writers to one destination do not share a temporary file")
    func concurrentWriters() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("out.csv")
        let first = try CSVWriter(url: url, header: ["A"])
        let second = try CSVWriter(url: url, header: ["B"])
        try first.writeRow(["1"])
        try second.writeRow(["2"])
        try first.commit()
        try second.commit()
        #expect(try String(contentsOf: url, encoding: .utf8) == "B\n2\n")
    }

    @Test("a folder that cannot be written is an output error")
    func unwritableFolder() throws {
        let url = URL(fileURLWithPath: "/nonexistent-linkfit-folder/out.csv")
        #expect(throws: OutputError.self) { try CSVWriter(url: url, header: ["A"]) }
    }
}
