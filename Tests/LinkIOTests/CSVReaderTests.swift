import Foundation
import Testing
@testable import LinkIO

/// One well-formed input and what reading it must give.
struct ReadCase: CustomTestStringConvertible, Sendable {
    var id: String
    var text: String
    var header: [String]
    var records: [[String]]
    var lines: [Int]
    var testDescription: String { id }
}

let readCases: [ReadCase] = [
    ReadCase(id: "LF endings", text: "a,b\n1,2\n3,4\n", header: ["a", "b"], records: [["1", "2"], ["3", "4"]], lines: [2, 3]),
    ReadCase(id: "CRLF endings", text: "a,b\r\n1,2\r\n3,4\r\n", header: ["a", "b"], records: [["1", "2"], ["3", "4"]], lines: [2, 3]),
    ReadCase(id: "no final newline", text: "a,b\n1,2\n3,4", header: ["a", "b"], records: [["1", "2"], ["3", "4"]], lines: [2, 3]),
    ReadCase(id: "no final newline, quoted last field", text: "a,b\n1,\"2\"", header: ["a", "b"], records: [["1", "2"]], lines: [2]),
    ReadCase(id: "byte order mark", text: "\u{FEFF}a,b\n1,2\n", header: ["a", "b"], records: [["1", "2"]], lines: [2]),
    ReadCase(id: "quoted delimiter", text: "a,b\n\"x,y\",2\n", header: ["a", "b"], records: [["x,y", "2"]], lines: [2]),
    ReadCase(id: "doubled quotes", text: "a,b\n\"say \"\"hi\"\"\",\"\"\"\"\n", header: ["a", "b"], records: [["say \"hi\"", "\""]], lines: [2]),
    ReadCase(
        id: "quoted newlines move later lines", text: "a,b\n\"one\ntwo\nthree\",2\n3,4\n",
        header: ["a", "b"], records: [["one\ntwo\nthree", "2"], ["3", "4"]], lines: [2, 5]),
    ReadCase(
        id: "quoted CRLF kept", text: "a,b\r\n\"x\r\ny\",2\r\n3,4\r\n",
        header: ["a", "b"], records: [["x\r\ny", "2"], ["3", "4"]], lines: [2, 4]),
    ReadCase(id: "empty fields", text: "a,b,c\n,,\n\"\",x,\n", header: ["a", "b", "c"], records: [["", "", ""], ["", "x", ""]], lines: [2, 3]),
    ReadCase(id: "blank lines skipped", text: "a,b\n\n1,2\r\n\r\n\n3,4\n\n", header: ["a", "b"], records: [["1", "2"], ["3", "4"]], lines: [3, 6]),
    ReadCase(id: "quoted header", text: "\"a,1\",b\n1,2\n", header: ["a,1", "b"], records: [["1", "2"]], lines: [2]),
    ReadCase(id: "tab detected", text: "a\tb,c\td\n1\t2,3\t4\n", header: ["a", "b,c", "d"], records: [["1", "2,3", "4"]], lines: [2]),
    ReadCase(id: "comma wins a tie", text: "a\tb,c\n1\t2,3\n", header: ["a\tb", "c"], records: [["1\t2", "3"]], lines: [2]),
    ReadCase(id: "pipe detected", text: "a|b|c\n1|2,2|3\n", header: ["a", "b", "c"], records: [["1", "2,2", "3"]], lines: [2]),
    ReadCase(id: "quoted commas do not vote", text: "\"a,b,c\"|d\n1|2\n", header: ["a,b,c", "d"], records: [["1", "2"]], lines: [2]),
    ReadCase(id: "single column", text: "a\n1\n\"\"\n2\n", header: ["a"], records: [["1"], [""], ["2"]], lines: [2, 3, 4]),
    ReadCase(
        id: "unicode", text: "name,town\nZoë,Ynys Môn\n\"Łódź, 🏥\",東京\n",
        header: ["name", "town"], records: [["Zoë", "Ynys Môn"], ["Łódź, 🏥", "東京"]], lines: [2, 3]),
    ReadCase(id: "spaces kept", text: "a,b\n 1 , 2\n", header: ["a", "b"], records: [[" 1 ", " 2"]], lines: [2]),
]

@Suite("CSVReader")
struct CSVReaderTests {
    @Test("reads well-formed input at every block size", arguments: readCases)
    func reads(_ example: ReadCase) throws {
        let expected = ReadResult(header: example.header, records: example.records, lines: example.lines)
        for blockSize in testBlockSizes {
            #expect(try read(example.text, blockSize: blockSize) == expected, "block size \(blockSize)")
        }
    }

    @Test("an explicit delimiter overrides detection")
    func explicitDelimiter() throws {
        let result = try read("a|b,c\n1|2,3\n", delimiter: UInt8(ascii: ","))
        #expect(result.header == ["a|b", "c"])
        #expect(result.records == [["1|2", "3"]])
    }

    @Test("a header-only file is accepted when allowed")
    func headerOnlyAllowed() throws {
        let result = try read(Array("a,b\n\n".utf8), allowHeaderOnly: true)
        #expect(result == ReadResult(header: ["a", "b"], records: [], lines: []))
    }

    @Test("columns are found ignoring case")
    func columnLookup() throws {
        let reader = try CSVReader(bytes: Array("ID,NHS_Number,dob\n1,2,3\n".utf8), name: "did.csv")
        #expect(reader.columnIndex("nhs_number") == 1)
        #expect(reader.columnIndex("DOB") == 2)
        #expect(reader.columnIndex("SEX") == nil)
        #expect(try reader.requireColumns(["dob", "id"]) == [2, 0])
    }

    @Test("requireColumns names every missing column and nothing from the header")
    func requireColumnsReportsAll() throws {
        let reader = try CSVReader(bytes: Array("ID,NHS_NUMBER,dob\n1,2,3\n".utf8), name: "did.csv")
        #expect(throws: InputError(
            file: "did.csv", line: 1,
            "missing required columns SEX, POSTCODE")) {
            try reader.requireColumns(["nhs_number", "SEX", "DOB", "POSTCODE"])
        }
        #expect(throws: InputError(file: "did.csv", line: 1, "missing required column SEX")) {
            try reader.requireColumns(["SEX"])
        }
        let headerless = try CSVReader(bytes: Array("D1,9434765919,1973-09-15,LS1 4AP\n".utf8), name: "did.csv", allowHeaderOnly: true)
        #expect(throws: InputError(file: "did.csv", line: 1, "missing required column NHS_NUMBER")) {
            try headerless.requireColumns(["NHS_NUMBER"])
        }
    }

    @Test("error(column:) locates a caller's problem without the value")
    func locatedError() throws {
        let reader = try CSVReader(bytes: Array("ID,NHS_NUMBER\n1,\"94\n34\"\n2,999\n".utf8), name: "did.csv")
        #expect(try reader.next())
        #expect(try reader.next())
        #expect(reader.error(column: 1, "is not 10 digits").description == "did.csv:4: NHS_NUMBER: is not 10 digits")
        #expect(reader.error("is a duplicate").description == "did.csv:4: is a duplicate")
    }

    @Test("withField lends the unquoted bytes")
    func withFieldBytes() throws {
        let reader = try CSVReader(bytes: Array("a,b\n\"x\"\"y\",z\n".utf8), name: "t.csv")
        #expect(try reader.next())
        #expect(reader.withField(0) { Array($0) } == Array("x\"y".utf8))
        #expect(reader.withField(1) { Array($0) } == Array("z".utf8))
    }

    @Test("reads a file in small blocks, carrying records across them")
    func readsFile() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("did.csv")
        var text = "ID,NOTE\r\n"
        var expected: [[String]] = []
        for index in 0..<500 {
            let note = index % 7 == 0 ? "line one\nline \"two\", end" : "plain \(index)"
            expected.append(["\(index)", note])
            let quoted = note.contains("\n") ? "\"" + note.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : note
            text += "\(index),\(quoted)\r\n"
        }
        try Data(text.utf8).write(to: url)
        for blockSize in [7, 100, 1 << 20] {
            let reader = try CSVReader(url: url, name: "did.csv", options: .init(blockSize: blockSize))
            let (records, lines) = try readAll(reader)
            #expect(records == expected)
            #expect(lines.first == 2)
            let twoLineNotesBefore = (0..<499).filter { $0 % 7 == 0 }.count
            let lastLine: Int = 2 + 499 + twoLineNotesBefore
            #expect(lines.last == lastLine)
        }
    }

    @Test("a missing file is an input error naming it")
    func missingFile() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(throws: InputError(file: "nope.csv", "cannot be opened (No such file or directory)")) {
            try CSVReader(url: folder.appendingPathComponent("nope.csv"), name: "nope.csv")
        }
    }
}
