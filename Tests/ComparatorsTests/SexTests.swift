import Comparators
import Testing

@Suite struct SexTests {
    static let cases: [ParseCase<UInt8>] = [
        .init("code 1", "1", .value(1)),
        .init("code 2", "2", .value(2)),
        .init("M", "M", .value(1)),
        .init("f lowercase", "f", .value(2)),
        .init("MALE", "MALE", .value(1)),
        .init("Female mixed case", "Female", .value(2)),
        .init("padded", " 2 ", .value(2)),
        .init("empty", "", .missing(.blank)),
        .init("spaces", "  ", .missing(.blank)),
        .init("0 not known", "0", .missing(.notKnown)),
        .init("9 not specified", "9", .missing(.notKnown)),
        .init("U unknown", "U", .missing(.notKnown)),
        .init("i indeterminate", "i", .missing(.notKnown)),
        .init("3", "3", .missing(.malformed)),
        .init("X", "X", .missing(.malformed)),
        .init("MAL", "MAL", .missing(.malformed)),
        .init("MALES", "MALES", .missing(.malformed)),
        .init("FEMALES (too long)", "FEMALES", .missing(.malformed)),
        .init("two codes", "1 2", .missing(.malformed)),
        .init("12", "12", .missing(.malformed)),
        .init("NUL then 1", "\u{0}1", .missing(.malformed)),
    ]

    @Test(arguments: cases)
    func standardise(_ row: ParseCase<UInt8>) {
        #expect(Sex.standardise(row.input.utf8) == row.expected)
    }
}
