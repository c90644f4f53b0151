import Comparators
import Testing

// Worked check digits (weights 10, 9, …, 2 on digits 1–9; check = 11 − sum mod 11, 11 → 0):
//   943 476 591: 9·10 + 4·9 + 3·8 + 4·7 + 7·6 + 6·5 + 5·4 + 9·3 + 1·2 = 90+36+24+28+42+30+20+27+2 = 299;
//                299 mod 11 = 2 (297 = 27·11); check 9 → 9434765919 is valid (the NHS's own example).
//   943 476 592: sum 299 − 2 + 4 = 301; 301 mod 11 = 4; check 7 → 9434765927 valid (a "twin").
//   943 476 596: sum 299 − 2 + 12 = 309; 309 mod 11 = 1; check 10 → never issued.
//   Typo 9434766919 (7th digit 5 → 6, weight 4): sum 303, mod 11 = 6, check 5 ≠ 9.
//   Swap 9437465919 (digits 4,5 = 4,7 → 7,4, weights 7,6): sum 299 + 3·7 − 3·6 = 302, mod 11 = 5, check 6 ≠ 9.
//   Repeated digit 1111111111: sum 1·54 = 54, mod 11 = 10, check 1: passes, but is a placeholder.
@Suite struct NHSNumberTests {
    @Test func checkDigitsWorkedByHand() {
        #expect(NHSNumber.checkDigit(forFirstNine: 943_476_591) == 9)
        #expect(NHSNumber.checkDigit(forFirstNine: 943_476_592) == 7)
        #expect(NHSNumber.checkDigit(forFirstNine: 943_476_596) == nil)
        #expect(NHSNumber.checkDigit(forFirstNine: 111_111_111) == 1)
        #expect(NHSNumber.isValid(9_434_765_919))
        #expect(!NHSNumber.isValid(1_111_111_111))
    }

    static let cases: [ParseCase<UInt64>] = [
        .init("plain ten digits", "9434765919", .value(9_434_765_919)),
        .init("3-3-4 with spaces", "943 476 5919", .value(9_434_765_919)),
        .init("3-3-4 with dashes", "943-476-5919", .value(9_434_765_919)),
        .init("surrounding whitespace", "  9434765919\t", .value(9_434_765_919)),
        .init("twin's valid number", "943 476 5927", .value(9_434_765_927)),
        .init("empty", "", .missing(.blank)),
        .init("only spaces", "   ", .missing(.blank)),
        .init("nine digits", "943476591", .missing(.malformed)),
        .init("eleven digits", "94347659190", .missing(.malformed)),
        .init("a letter", "943476591X", .missing(.malformed)),
        .init("dots", "943.476.5919", .missing(.malformed)),
        .init("only dashes", "---", .missing(.malformed)),
        .init("wrong check digit", "9434765918", .missing(.failedCheck)),
        .init("mistyped digit", "9434766919", .missing(.failedCheck)),
        .init("adjacent digits swapped", "9437465919", .missing(.failedCheck)),
        .init("check digit would be 10", "9434765960", .missing(.failedCheck)),
        .init("all zeros", "0000000000", .missing(.placeholder)),
        .init("all ones (passes the check)", "1111111111", .missing(.placeholder)),
        .init("all nines with spaces", "999 999 9999", .missing(.placeholder)),
    ]

    @Test(arguments: cases)
    func standardise(_ row: ParseCase<UInt64>) {
        #expect(NHSNumber.standardise(row.input.utf8) == row.expected)
    }

    @Test func formattedPadsToTenDigits() {
        #expect(NHSNumber.formatted(9_434_765_919) == "9434765919")
        #expect(NHSNumber.formatted(12_345) == "0000012345")
    }
}
