import Foundation
import Testing
@testable import LinkIO

/// One malformed input and the one line the CLI must print for it. `SECRET` marks a value that must
/// never appear in a message.
struct ErrorCase: CustomTestStringConvertible, Sendable {
    var id: String
    var bytes: [UInt8]
    var message: String
    var testDescription: String { id }

    init(_ id: String, _ text: String, _ message: String) {
        self.init(id, Array(text.utf8), message)
    }

    init(_ id: String, _ bytes: [UInt8], _ message: String) {
        self.id = id
        self.bytes = bytes
        self.message = message
    }
}

let didHeader = Array("ID,NHS_NUMBER\n".utf8)

let errorCases: [ErrorCase] = [
    ErrorCase("empty file", "", "t.csv: is empty (expected a header row)"),
    ErrorCase("only a byte order mark", "\u{FEFF}", "t.csv: is empty (expected a header row)"),
    ErrorCase("only blank lines", "\n\r\n\n", "t.csv: is empty (expected a header row)"),
    ErrorCase("header only", "ID,NHS_NUMBER\n", "t.csv:1: has a header but no records"),
    ErrorCase("header only, then blank lines", "ID,NHS_NUMBER\r\n\r\n", "t.csv:1: has a header but no records"),
    ErrorCase(
        "duplicate header ignoring case", "id,NHS,Id,nhs,ID\n1,2,3,4,5\n",
        "t.csv:1: the header repeats column names (ignoring case): columns 1, 3 and 5 repeat a name; columns 2 and 4 repeat a name"),
    ErrorCase(
        "repeated header after blank lines names the header's line", "\n\r\nid,ID\n1,2\n",
        "t.csv:3: the header repeats column names (ignoring case): columns 1 and 2 repeat a name"),
    ErrorCase(
        "a data row taken for a header repeats a value: positions only, no value",
        "D1,9434765919,1973-09-15,1,LS1 4AP,1973-09-15\nD2,9434765870,1980-01-01,2,LS2 9JT,1980-01-01\n",
        "t.csv:1: the header repeats column names (ignoring case): columns 3 and 6 repeat a name"),
    ErrorCase("header only, after a blank line", "\nID\n", "t.csv:2: has a header but no records"),
    ErrorCase("empty header name", "ID,,DOB\n1,2,3\n", "t.csv:1: column 2 of the header has no name"),
    ErrorCase(
        "too many fields", "ID,NHS_NUMBER\n1,2\n3,SECRET,5\n",
        "t.csv:3: expected 2 fields (as in the header), found 3"),
    ErrorCase("too few fields", "ID,NHS_NUMBER\n1,2\nSECRET\n", "t.csv:3: expected 2 fields (as in the header), found 1"),
    ErrorCase(
        "too few fields, one column", "ID\n1\n\"a\",\"SECRET\"\n",
        "t.csv:3: expected 1 field (as in the header), found 2"),
    ErrorCase(
        "unterminated quote names the line the field starts on", "ID,NHS_NUMBER\n1,\"a\nb\"\n2,\"SECRET\n3,4\n",
        "t.csv:4: NHS_NUMBER: a quoted field starting on this line has no closing quote"),
    ErrorCase(
        "unterminated quote after a multi-line field", "ID,NHS_NUMBER\n\"x\ny\",\"SECRET\n",
        "t.csv:3: NHS_NUMBER: a quoted field starting on this line has no closing quote"),
    ErrorCase(
        "unterminated quote in the header", "ID,\"NHS\n",
        "t.csv:1: column 2: a quoted field starting on this line has no closing quote"),
    ErrorCase(
        "quote inside an unquoted field", "ID,NHS_NUMBER\n1,SEC\"RET\n",
        "t.csv:2: NHS_NUMBER: a quote inside an unquoted field (quote the whole field and double its quotes)"),
    ErrorCase(
        "text after a closing quote", "ID,NHS_NUMBER\n\"SEC\"RET,2\n",
        "t.csv:2: ID: unexpected text after a closing quote (expected the delimiter or the end of the line)"),
    ErrorCase(
        "carriage return on its own", "ID,NHS_NUMBER\n1,SECRET\r2,3\n",
        "t.csv:2: NHS_NUMBER: a carriage return without a line feed outside quotes (quote the field)"),
    ErrorCase(
        "carriage return on its own at the end", "ID,NHS_NUMBER\n1,SECRET\r",
        "t.csv:2: NHS_NUMBER: a carriage return without a line feed outside quotes (quote the field)"),
    ErrorCase(
        "fields past the header are numbered", "ID\n1,SEC\"RET\n",
        "t.csv:2: column 2: a quote inside an unquoted field (quote the whole field and double its quotes)"),
    ErrorCase("invalid byte", didHeader + Array("1,SE".utf8) + [0xFF] + Array("CRET\n".utf8), "t.csv:2: NHS_NUMBER: is not valid UTF-8"),
    ErrorCase("lone continuation byte", didHeader + [0x80, 0x2C, 0x31, 0x0A], "t.csv:2: ID: is not valid UTF-8"),
    ErrorCase("overlong encoding", didHeader + Array("1,".utf8) + [0xC0, 0xAF, 0x0A], "t.csv:2: NHS_NUMBER: is not valid UTF-8"),
    ErrorCase("encoded surrogate", didHeader + Array("1,".utf8) + [0xED, 0xA0, 0x80, 0x0A], "t.csv:2: NHS_NUMBER: is not valid UTF-8"),
    ErrorCase("above U+10FFFF", didHeader + Array("1,".utf8) + [0xF4, 0x90, 0x80, 0x80, 0x0A], "t.csv:2: NHS_NUMBER: is not valid UTF-8"),
    ErrorCase("truncated sequence at the end", didHeader + Array("1,ab".utf8) + [0xE2, 0x82], "t.csv:2: NHS_NUMBER: is not valid UTF-8"),
    ErrorCase(
        "invalid byte in a field on a later line of its record",
        didHeader + Array("\"a\nb\",\"x".utf8) + [0xFE] + Array("\"\n".utf8), "t.csv:3: NHS_NUMBER: is not valid UTF-8"),
    ErrorCase("invalid byte in the header", Array("ID,NHS".utf8) + [0xFF] + Array("\n1,2\n".utf8), "t.csv:1: column 2: is not valid UTF-8"),
]

@Suite("CSVReader errors")
struct CSVReaderErrorTests {
    @Test("malformed input gives one located error, at every block size", arguments: errorCases)
    func malformed(_ example: ErrorCase) {
        for blockSize in testBlockSizes {
            let message = readError(example.bytes, blockSize: blockSize)
            #expect(message == example.message, "block size \(blockSize)")
            #expect(message?.contains("SECRET") == false, "an error message echoes a value")
        }
    }

    @Test("a delimiter other than comma, tab or pipe is an error, not a crash")
    func badDelimiter() {
        #expect(throws: InputError(file: "t.csv", "the delimiter must be a comma, a tab or a pipe")) {
            try CSVReader(bytes: Array("a;b\n1;2\n".utf8), name: "t.csv", delimiter: UInt8(ascii: ";"))
        }
    }

    @Test("a record longer than the limit is an error, not unbounded memory")
    func recordTooLong() {
        let text = "ID,NOTE\n1,\"" + String(repeating: "x", count: 5000)
        #expect(
            readError(Array(text.utf8), blockSize: 64, maxRecordBytes: 1024)
                == "t.csv:2: a record starting on this line is longer than 1024 bytes (is a quote left open?)")
    }

    @Test("valid multi-byte text passes the UTF-8 check", arguments: ["é", "€", "𝄞", "Zoë Ł 東京 🏥"])
    func validUTF8(_ text: String) throws {
        #expect(try read("a\n" + text + "\n").records == [[text]])
    }
}
