import Comparators
import Testing

@testable import Fellegi

/// A DID NHS number that fails the Modulus 11 check is compared with the candidate's valid number:
/// `near` when it is one substitution or one adjacent swap away (a typo), null otherwise — never
/// exact, never else. Every number's validity is checked here by an independent Modulus 11.
@Suite struct NHSNumberTypoTests {
    /// Modulus 11 as the NHS Data Dictionary states it, written out again for the test.
    static func passesModulus11(_ text: String) -> Bool {
        let digits = text.compactMap(\.wholeNumberValue)
        guard digits.count == 10, Set(digits).count > 1 else { return false }
        let sum = zip(digits.prefix(9), (2...10).reversed()).reduce(0) { $0 + $1.0 * $1.1 }
        let check = 11 - sum % 11
        return check != 10 && (check == 11 ? 0 : check) == digits[9]
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var id: String
        var did: String
        var hes: String
        var label: String
        var testDescription: String { id }
    }

    static let cases: [Case] = [
        Case(id: "one substitution (last digit)", did: "9434765918", hes: "9434765919", label: "near"),
        Case(id: "one substitution (first digit)", did: "1434765919", hes: "9434765919", label: "near"),
        Case(id: "one adjacent transposition", did: "9437465919", hes: "9434765919", label: "near"),
        Case(id: "adjacent transposition of the last two", did: "9434765991", hes: "9434765919", label: "near"),
        Case(id: "typo on the HES side", did: "9434765919", hes: "9434765918", label: "near"),
        Case(id: "two substitutions", did: "9434765818", hes: "9434765919", label: "null"),
        Case(id: "invalid against invalid, one edit apart", did: "9434765918", hes: "9434765818", label: "null"),
        Case(id: "wrong length (9 digits)", did: "943476591", hes: "9434765919", label: "null"),
        Case(id: "wrong length (11 digits)", did: "94347659191", hes: "9434765919", label: "null"),
        Case(id: "valid against valid, different", did: "9434765927", hes: "9434765919", label: "else"),
        Case(id: "the same valid number", did: "943 476 5919", hes: "9434765919", label: "exact"),
    ]

    @Test(arguments: cases)
    func level(_ c: Case) throws {
        // The premise of each case, by the independent rule.
        #expect(Self.passesModulus11(c.hes) == !["typo on the HES side", "invalid against invalid, one edit apart"].contains(c.id))
        if c.label == "near" || c.id.hasPrefix("two") { #expect(Self.passesModulus11(c.did) != Self.passesModulus11(c.hes)) }
        let settings = LinkSettings.didToHES
        let folder = Engine.folder("nhs-typo")
        let left = try Engine.table([Engine.didHeader, "D1,\(c.did),1980-05-06,1,LS1 4AP,2025-03-01,CT"], side: .left, settings: settings, in: folder)
        let right = try Engine.table([Engine.hesHeader, "H1,\(c.hes),1980-05-06,1,LS1 4AP"], side: .right, settings: settings, in: folder)
        let comparison = try FieldComparison(settings.comparisons[0])
        let level = comparison.level(0, left: left, leftRow: 0, right: right, entity: 0)
        #expect(comparison.levelLabels[level] == c.label)
    }

    /// The NHS-number blocking rule finds, for a number failing the check, exactly the valid numbers
    /// one substitution or adjacent swap away: compared with a brute force over all 99 edits.
    @Test func typoKeysAreTheValidNumbersOneEditAway() throws {
        let settings = LinkSettings.didToHES
        let rule = ResolvedRule(settings.blocking.rules[0], settings: settings)
        #expect(rule.matchesTypos)
        #expect(!ResolvedRule(settings.blocking.rules[1], settings: settings).matchesTypos)
        let typo = "9434765918"
        var expected = Set<UInt64>()
        let digits = Array(typo)
        for position in 0..<10 {
            for digit in "0123456789" where digit != digits[position] {
                var edited = digits
                edited[position] = digit
                if Self.passesModulus11(String(edited)) { expected.insert(ResolvedRule.key(of: UInt64(String(edited))!)) }
            }
            if position < 9, digits[position] != digits[position + 1] {
                var swapped = digits
                swapped.swapAt(position, position + 1)
                if Self.passesModulus11(String(swapped)) { expected.insert(ResolvedRule.key(of: UInt64(String(swapped))!)) }
            }
        }
        let folder = Engine.folder("nhs-typo-keys")
        let left = try Engine.table([Engine.didHeader, "D1,\(typo),1980-05-06,1,LS1 4AP,2025-03-01,CT", "D2,9434765919,,,,2025-03-01,CT"],
                                    side: .left, settings: settings, in: folder)
        var keys: [UInt64] = []
        rule.typoKeys(in: left, row: 0, into: &keys)
        #expect(Set(keys) == expected && keys.count == expected.count)
        #expect(expected.contains(ResolvedRule.key(of: 9_434_765_919)))
        rule.typoKeys(in: left, row: 1, into: &keys)
        #expect(keys.isEmpty)  // a valid number is blocked on as itself
    }
}
