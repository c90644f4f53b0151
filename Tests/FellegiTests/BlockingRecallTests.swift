import Comparators
import Testing

@testable import Fellegi

/// The blocking recall r = Σ_γ P(γ | match) · P(some rule holds | γ), against sums worked by hand.
@Suite struct BlockingRecallTests {
    /// Two comparisons: a birth date without the placeholder level (null, exact, day-month-swapped,
    /// two-of-three, else) and a postcode (null, unit, sector, district, area, else).
    static func settings(_ rules: [BlockingRule]) -> LinkSettings {
        LinkSettings(
            left: .init(name: "L", idColumn: "id"), right: .init(name: "R", idColumn: "id"),
            comparisons: [
                ComparisonSettings(name: "dob", kind: .date, left: "dob", right: "dob", placeholderLevel: false),
                ComparisonSettings(name: "postcode", kind: .postcode, left: "pc", right: "pc"),
            ],
            blocking: BlockingSettings(rules: rules))
    }

    static func levels(_ settings: LinkSettings) throws -> [[ComparisonLevel]] {
        try settings.comparisons.map { try FieldComparison($0).levels }
    }

    /// m per level (index 0 unused): dob exact .8, swapped .05, two-of-three .1, else .05; postcode
    /// unit .6, then .1 each. Null rates .1 and .2, so P(level) = (1 − null) · m:
    /// dob exact .72, swapped .045, two-of-three .09, else .045; postcode unit .48, the others .08.
    static let m: [[Double]] = [[0, 0.8, 0.05, 0.1, 0.05], [0, 0.6, 0.1, 0.1, 0.1, 0.1]]
    static let nullRates = [0.1, 0.2]

    static func recall(_ rules: [BlockingRule], levels: [[ComparisonLevel]]? = nil,
                       m: [[Double]] = m, nullRates: [Double] = nullRates) throws -> Double {
        let settings = Self.settings(rules)
        return BlockingRecall.estimate(settings: settings, levels: try levels ?? Self.levels(settings), m: m, nullRates: nullRates)
    }

    static let dobOrUnitAndYear = [BlockingRule([BlockingKey("dob")]),
                                   BlockingRule([BlockingKey("postcode", .unit), BlockingKey("dob", .year)])]

    /// `dob` or `postcode.unit + dob.year`. An exact birth date is blocked by the first rule: .72.
    /// Otherwise only the second can hold: the unit agrees (.48) and the year does, with probability
    /// 1 when day and month are swapped and 2/3 when two of three components agree:
    /// .045 · .48 · 1 + .09 · .48 · 2/3 = .0216 + .0288. r = .72 + .0216 + .0288 = .7704.
    @Test func aUnionOfRulesWithPartsWorkedByHand() throws {
        #expect(abs(try Self.recall(Self.dobOrUnitAndYear) - 0.7704) < 1e-12)
    }

    /// One key part at a time: what each level implies for it, weighted by P(level).
    @Test(arguments: [
        // Exact only: .72.
        (BlockingKey("dob"), 0.72),
        // Exact, swapped, 2/3 of two-of-three: .72 + .045 + .09 · 2/3 = .825.
        (BlockingKey("dob", .year), 0.825),
        // Exact and 1/3 of two-of-three: .72 + .09 / 3 = .75.
        (BlockingKey("dob", .monthDay), 0.75),
        // The whole postcode is its unit: .48.
        (BlockingKey("postcode"), 0.48),
        (BlockingKey("postcode", .unit), 0.48),
        // Unit or sector: .48 + .08 = .56; down to the district .64; down to the area .72.
        (BlockingKey("postcode", .sector), 0.56),
        (BlockingKey("postcode", .district), 0.64),
        (BlockingKey("postcode", .area), 0.72),
    ])
    func eachPartOnItsOwn(_ key: BlockingKey, _ expected: Double) throws {
        #expect(abs(try Self.recall([BlockingRule([key])]) - expected) < 1e-12)
    }

    /// The default DID→HES rules (`nhs_number`; `dob + postcode.district`; `postcode.unit + dob.year`)
    /// with the engine tests' hand-built m (`Engine.handM`) and no nulls. NHS numbers agree in .95 of
    /// matches; for the other .05 (independently), birth date × postcode:
    /// - exact or placeholder date (.9 + .02) with the postcode down to the district (.7 + .05 + .05): .92 · .8 = .736;
    /// - swapped (.02) or placeholder-year (.01), each agreeing on the year, with the unit (.7): .021;
    ///   two-of-three (.03) with the unit, 2/3: .03 · .7 · 2/3 = .014.
    /// r = .95 + .05 · (.736 + .021 + .014) = .95 + .05 · .771 = .98855.
    @Test func theDefaultRulesWithTheHandBuiltModel() throws {
        let settings = LinkSettings.didToHES
        let levels = try settings.comparisons.map { try FieldComparison($0).levels }
        let recall = BlockingRecall.estimate(settings: settings, levels: levels, m: Engine.handM, nullRates: [0, 0, 0, 0])
        #expect(abs(recall - (0.95 + 0.05 * (0.736 + 0.03 * 0.7 + 0.03 * 0.7 * 2 / 3))) < 1e-12)
    }

    /// The labels are for people: renamed, every level keeps its meaning and r does not move.
    @Test func renamingTheLevelLabelsDoesNotChangeTheRecall() throws {
        let settings = Self.settings(Self.dobOrUnitAndYear)
        let levels = try Self.levels(settings)
        let renamed = levels.map { comparison in
            comparison.enumerated().map { index, level in ComparisonLevel("level \(index)", agreeing: level.agreement) }
        }
        #expect(renamed[0].map(\.label) != levels[0].map(\.label))
        #expect(try Self.recall(Self.dobOrUnitAndYear, levels: renamed) == Self.recall(Self.dobOrUnitAndYear))
        // The other way round: the same labels with another meaning change it. With day-month-swapped
        // taken to say nothing about the year, the .0216 term goes: .7704 − .0216 = .7488.
        var changed = levels
        changed[0][2] = ComparisonLevel(levels[0][2].label)
        #expect(abs(try Self.recall(Self.dobOrUnitAndYear, levels: changed) - 0.7488) < 1e-12)
    }

    /// Null keys never block: with birth dates always missing no rule can hold (each uses dob).
    @Test func aKeyOnAMissingValueNeverBlocks() throws {
        #expect(try Self.recall(Self.dobOrUnitAndYear, nullRates: [1, 0.2]) == 0)
        // With postcodes always missing, only the `dob` rule blocks: .9 · .8 = .72.
        #expect(abs(try Self.recall(Self.dobOrUnitAndYear, nullRates: [0.1, 1]) - 0.72) < 1e-12)
    }

    /// Only exact agreement credits a text's first three bytes; the Jaro–Winkler levels give none.
    @Test func firstThreeBytesOfAText() throws {
        let settings = LinkSettings(
            left: .init(name: "L", idColumn: "id"), right: .init(name: "R", idColumn: "id"),
            comparisons: [ComparisonSettings(name: "surname", kind: .jaroWinkler, left: "s", right: "s", thresholds: [0.92, 0.88])],
            blocking: BlockingSettings(rules: [BlockingRule([BlockingKey("surname", .first3)])]))
        let levels = try Self.levels(settings)
        // Levels: null, exact, ≥ 0.92, ≥ 0.88, else. m exact .7; null rate .25: .75 · .7 = .525.
        let recall = BlockingRecall.estimate(settings: settings, levels: levels, m: [[0, 0.7, 0.2, 0.05, 0.05]], nullRates: [0.25])
        #expect(abs(recall - 0.525) < 1e-12)
    }

    /// Beyond a million patterns there is no credit (r = 0), rather than a long enumeration.
    @Test func tooManyPatternsGiveNoCredit() throws {
        var settings = Self.settings([BlockingRule([BlockingKey("c0")])])
        settings.comparisons = (0..<8).map { ComparisonSettings(name: "c\($0)", kind: .postcode, left: "p\($0)", right: "p\($0)") }
        let levels = try Self.levels(settings)  // 6^8 = 1,679,616 patterns
        let m = levels.map { [0] + Array(repeating: 0.2, count: $0.count - 1) }
        #expect(BlockingRecall.estimate(settings: settings, levels: levels, m: m, nullRates: Array(repeating: 0, count: 8)) == 0)
        // Seven comparisons (279,936 patterns) are enumerated: the c0 unit agrees in .2 of matches.
        settings.comparisons.removeLast()
        let seven = Array(levels.dropLast())
        #expect(abs(BlockingRecall.estimate(settings: settings, levels: seven, m: Array(m.dropLast()),
                                            nullRates: Array(repeating: 0, count: 7)) - 0.2) < 1e-9)
    }

    /// r per left-missing mask. A left record missing the birth date is found only by rules without
    /// it: with `dob or postcode.unit + dob.year`, none, r = 0; missing the postcode, only `dob`:
    /// P(dob exact | match) with the right side's dob null rate .1: .9 · .8 = .72. And mixing the
    /// masks with left null rates l (independently per comparison) gives the overall r at combined
    /// null rates 1 − (1 − l)(1 − right null rate), as it must: patterns are products.
    @Test func recallPerLeftMissingMaskMixesToTheOverallRecall() throws {
        let settings = Self.settings(Self.dobOrUnitAndYear)
        let levels = try Self.levels(settings)
        let right = [0.1, 0.05]
        let masks = BlockingRecall.byLeftMissing(settings: settings, levels: levels, m: Self.m, rightNullRates: right)
        #expect(masks.count == 4)
        #expect(masks[0b01] == 0)
        #expect(abs(masks[0b10] - 0.72) < 1e-12)
        #expect(masks[0b11] == 0)
        let left = [0.2, 0.3]
        var mixed = 0.0
        for mask in 0..<4 {
            let weight = (0..<2).reduce(1.0) { $0 * (mask & (1 << $1) != 0 ? left[$1] : 1 - left[$1]) }
            mixed += weight * masks[mask]
        }
        let overall = BlockingRecall.estimate(
            settings: settings, levels: levels, m: Self.m, nullRates: (0..<2).map { 1 - (1 - left[$0]) * (1 - right[$0]) })
        #expect(abs(mixed - overall) < 1e-12)
    }
}
