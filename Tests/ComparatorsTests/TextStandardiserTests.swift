import Comparators
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

    @Test func appendsToTheCallersBytes() {
        var output = Array("AB|".utf8)
        #expect(TextStandardiser.standardise(Array("  de  la cruz ".utf8), appendingTo: &output) == .value(10))
        #expect(output == Array("AB|DE LA CRUZ".utf8))
        #expect(TextStandardiser.standardise(Array(" \t ".utf8), appendingTo: &output) == .missing(.blank))
        #expect(output == Array("AB|DE LA CRUZ".utf8))
    }
}
