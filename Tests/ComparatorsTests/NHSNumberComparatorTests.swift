import Comparators
import Testing

// Numbers worked in NHSNumberTests: 9434765919 and 9434765927 are both valid (twins in one family);
// 9434765918 / 9437465919 are one substitution / one adjacent swap from 9434765919 and fail the check.
@Suite struct NHSNumberComparatorTests {
    static func standardised(_ text: String) -> Standardised<UInt64> { NHSNumber.standardise(text.utf8) }

    static let levels: [LevelCase] = [
        .init("same number, different spacing", "943 476 5919", "9434765919", 1, "exact"),
        .init("twins: two valid numbers", "9434765919", "9434765927", 3, "else"),
        .init("unrelated valid numbers", "9434765919", "4010232137", 3, "else"),
        .init("missing on the left", "", "9434765919", 0, "null"),
        .init("typo fails the check: null, not else", "9434765918", "9434765919", 0, "null"),
        .init("swapped digits fail the check: null", "9437465919", "9434765919", 0, "null"),
        .init("placeholder on the right", "9434765919", "0000000000", 0, "null"),
        .init("both missing", "", "  ", 0, "null"),
    ]

    @Test(arguments: levels)
    func standardisedLevels(_ row: LevelCase) throws {
        let comparator = try NHSNumberComparator()
        let level = comparator.level(Self.standardised(row.left), Self.standardised(row.right))
        #expect(level == row.level)
        #expect(comparator.levelLabels[level] == row.label)
    }

    struct Raw: Sendable, CustomTestStringConvertible {
        var id: String, a: UInt64, b: UInt64, level: Int
        var testDescription: String { id }
    }

    // Unvalidated numbers: the edit rules themselves.
    static let raw: [Raw] = [
        .init(id: "identical", a: 9_434_765_919, b: 9_434_765_919, level: 1),
        .init(id: "last digit substituted", a: 9_434_765_919, b: 9_434_765_918, level: 2),
        .init(id: "first digit substituted", a: 9_434_765_919, b: 1_434_765_919, level: 2),
        .init(id: "adjacent swap (digits 4, 5)", a: 9_434_765_919, b: 9_437_465_919, level: 2),
        .init(id: "adjacent swap of the last two", a: 9_434_765_919, b: 9_434_765_991, level: 2),
        .init(id: "non-adjacent swap", a: 9_434_765_919, b: 9_734_465_919, level: 3),
        .init(id: "two substitutions", a: 9_434_765_919, b: 9_434_765_900, level: 3),
        .init(id: "adjacent, not a swap", a: 9_434_765_919, b: 9_434_765_988, level: 3),
        .init(id: "leading zero substituted", a: 12_345, b: 12_346, level: 2),
    ]

    @Test(arguments: raw)
    func editRules(_ row: Raw) throws {
        #expect(try NHSNumberComparator().level(row.a, row.b) == row.level)
        #expect(try NHSNumberComparator().level(row.b, row.a) == row.level)
    }

    /// The claim in the doc comment: Modulus 11 catches every single substitution and adjacent swap,
    /// so no two valid numbers are one edit apart. Checked exhaustively around several valid numbers.
    @Test(arguments: [UInt64(9_434_765_919), 9_434_765_927, 4_010_232_137, 1_234_567_881])
    func validNumbersAreNeverOneEditApart(_ number: UInt64) {
        #expect(NHSNumber.isValid(number))
        var power: UInt64 = 1
        for position in 0..<10 {
            let digit = number / power % 10
            for replacement in UInt64(0)...9 where replacement != digit {
                #expect(!NHSNumber.isValid(number - digit * power + replacement * power), "position \(position)")
            }
            if position < 9 {
                let next = number / (power * 10) % 10
                if next != digit {
                    let swapped = number - digit * power - next * power * 10 + next * power + digit * power * 10
                    #expect(!NHSNumber.isValid(swapped), "swap at \(position)")
                }
            }
            power *= 10
        }
    }

    // 9434765919 vs 9434765900 (both valid): window 4; the first eight digits match in place; the
    // last two of the first (1, 9) find no free 1 or 9 within 4 positions of the second, so c = 8, t = 0:
    // jaro = (8/10 + 8/10 + 1)/3 = 2.6/3 = 13/15; ℓ = 4 → jw = 13/15 + 0.4·(2/15) = 13.8/15 = 0.92.
    @Test func similarityOptionMakesCloseValidNumbersNear() throws {
        #expect(NHSNumber.isValid(9_434_765_900))
        let plain = try NHSNumberComparator()
        let similar = try NHSNumberComparator(similarityThreshold: 0.9)
        #expect(abs(similar.similarity(9_434_765_919, 9_434_765_900) - 13.8 / 15) < 1e-12)
        #expect(plain.level(9_434_765_919, 9_434_765_900) == 3)
        #expect(similar.level(9_434_765_919, 9_434_765_900) == 2)
        #expect(try NHSNumberComparator(similarityThreshold: 0.95).level(9_434_765_919, 9_434_765_900) == 3)
    }

    @Test func similarityPadsWithZeros() throws {
        #expect(try NHSNumberComparator().similarity(12_345, 12_345) == 1)
    }

    @Test func rejectsBadThreshold() {
        #expect(throws: ParameterProblems([ParameterProblem(path: "similarityThreshold", "must be in (0, 1]")])) {
            _ = try NHSNumberComparator(similarityThreshold: 1.2)
        }
    }

    @Test func labels() throws {
        #expect(try NHSNumberComparator().levelLabels == ["null", "exact", "near", "else"])
    }
}
