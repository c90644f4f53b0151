import Comparators
import Kernels
import Testing

@Suite struct TextStandardiserTests {
    static let cases: [ParseCase<String>] = [
        .init("already standard", "MARTHA", .value("MARTHA")),
        .init("lowercase", "martha", .value("MARTHA")),
        .init("trimmed", "  Martha\t", .value("MARTHA")),
        .init("internal runs collapsed", "Mary \t  Ann\nSmith", .value("MARY ANN SMITH")),
        .init("punctuation kept", "O'Brien-Smith", .value("O'BRIEN-SMITH")),
        .init("non-ASCII bytes unchanged", "zoë", .value("ZOë")),
        .init("empty", "", .missing(.blank)),
        .init("whitespace only", " \t\r\n ", .missing(.blank)),
    ]

    @Test(arguments: cases)
    func standardise(_ row: ParseCase<String>) {
        #expect(TextStandardiser.standardise(row.input) == row.expected)
    }

    @Test func writesIntoTheCallersBuffer() {
        let input = Array("  de  la cruz ".utf8)
        let output = RawArray<UInt8>(capacity: input.count)
        #expect(TextStandardiser.standardise(input, into: output.view) == .value(10))
        #expect(Array(output.view.slice(start: 0, count: 10)) == Array("DE LA CRUZ".utf8))
        #expect(TextStandardiser.standardise(Array(" \t ".utf8), into: output.view) == .missing(.blank))
    }
}
