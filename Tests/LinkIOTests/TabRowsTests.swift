import Testing

@testable import LinkIO

/// The rows of a sharded job: escapes read back, blank lines skipped, and every malformed row
/// located at its line and field without its value.
@Suite struct TabRowsTests {
    static let names = ["LINE", "TEXT"]

    @Test func escapesReadBackAndWriteOut() throws {
        var writer = TabWriter(fieldCount: 2)
        writer.row(["7", "a\tb\\c\nd\re"])
        writer.row(["8", ""])
        let text = String(decoding: writer.bytes, as: UTF8.self)
        #expect(text == "7\ta\\tb\\\\c\\nd\\re\n8\t\n")
        let rows = try TabRows(Array((text + "\n\r\n").utf8), name: "stdin", fieldNames: Self.names).rows
        #expect(rows == [TabRows.Row(line: 1, fields: ["7", "a\tb\\c\nd\re"]), TabRows.Row(line: 2, fields: ["8", ""])])
    }

    @Test func aCarriageReturnBeforeTheLineFeedIsDropped() throws {
        let rows = try TabRows(Array("1\tx\r\n2\ty".utf8), name: "stdin", fieldNames: Self.names).rows
        #expect(rows.map(\.fields) == [["1", "x"], ["2", "y"]])
    }

    @Test(arguments: [
        ("1\tx\n2\n", "stdin:2: has 1 tab-separated fields, expected 2 (LINE, TEXT)"),
        ("1\tx\ty\n", "stdin:1: has more than 2 tab-separated fields (LINE, TEXT)"),
        ("1\t\\N\n", "stdin:1: TEXT (field 2): is null (\\N): every field needs a value, empty if none"),
        ("1\tsecret\\x\n", "stdin:1: TEXT (field 2): has a backslash that is not one of \\\\, \\t, \\n, \\r"),
        ("1\tsecret\\\n", "stdin:1: TEXT (field 2): has a backslash that is not one of \\\\, \\t, \\n, \\r"),
        ("\n\n1\tsecret\u{FF}\n", "stdin:3: TEXT (field 2): is not UTF-8"),
    ])
    func malformedRowsAreLocated(input: String, message: String) {
        var bytes = Array(input.utf8)
        if let mark = input.firstIndex(of: "\u{FF}") {
            // U+00FF is two bytes in UTF-8; replace them by one byte 0xFF (not UTF-8).
            let offset = input.utf8.distance(from: input.utf8.startIndex, to: mark)
            bytes.replaceSubrange(offset..<(offset + 2), with: [0xFF])
        }
        #expect(throws: InputError.self) { try TabRows(bytes, name: "stdin", fieldNames: Self.names) }
        do {
            _ = try TabRows(bytes, name: "stdin", fieldNames: Self.names)
        } catch {
            #expect(error.description == message)
            #expect(!error.description.contains("secret"))
        }
    }
}
