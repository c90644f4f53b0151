import Testing

@testable import Fellegi

/// The one-to-one decision as a table: each case is a best (and maybe second) candidate with
/// weights and levels, and the decision the rules in `Assignment` give for it, worked by hand.
///
/// Comparisons: 0 nhs (levels 1 exact, 2 near, 3 else), 1 dob (1 exact … 4 else), 2 sex (1, 2 else),
/// 3 postcode (1 unit … 5 else). Rules: review from 0 bits, link minimum 5 bits, near tie 7 bits,
/// conflict nhs → dob. Bands: "1" needs weight ≥ 20 and every comparison at level 1; "2" needs
/// weight ≥ 10 and nhs and dob at level 1; "9" needs weight ≥ 5 and probability ≥ 0.98.
@Suite struct AssignmentTests {
    static let settings = LinkSettings.didToHES
    static let rules = AssignmentRules(
        reviewMinimumWeight: 0, nearTieMargin: 7, linkMinimumWeight: 5,
        conflicts: [.init(agrees: 0, disagrees: 1)], elseLevels: [3, 4, 2, 5],
        bands: [
            MatchBand(rank: "1", minimumWeight: 20, requires: ["nhs_number": [1], "dob": [1], "sex": [1], "postcode": [1]]),
            MatchBand(rank: "2", minimumWeight: 10, requires: ["nhs_number": [1], "dob": [1]]),
            MatchBand(rank: "9", minimumWeight: 5, minimumProbability: 0.98),
        ].map { ResolvedBand($0, settings: settings) })

    struct Case: CustomTestStringConvertible, Sendable {
        var id: String
        var best: (weight: Double, probability: Double, levels: [UInt8])?
        var second: (weight: Double, levels: [UInt8])?
        var expected: Assignment.Decision
        var testDescription: String { id }
    }

    static func candidate(_ entity: Int32, _ weight: Double, _ probability: Double, _ levels: [UInt8]) -> ScoredCandidate {
        ScoredCandidate(entity: entity, weight: weight, probability: probability, levels: levels[...])
    }

    static let cases: [Case] = [
        Case(id: "no candidate → unlinked", best: nil, second: nil, expected: .unlinked),
        Case(id: "best below the review minimum → unlinked", best: (-0.5, 0.0, [0, 4, 1, 5]), second: nil, expected: .unlinked),
        Case(id: "all four agree at 26 bits → rank 1", best: (26, 1, [1, 1, 1, 1]), second: nil, expected: .linked(band: 0)),
        Case(id: "postcode differs at 15 bits → rank 2", best: (15, 1, [1, 1, 1, 5]), second: nil, expected: .linked(band: 1)),
        Case(id: "no ladder step, probability 0.99 → rank 9", best: (8, 0.99, [0, 1, 1, 1]), second: nil, expected: .linked(band: 2)),
        Case(id: "no ladder step, probability 0.97 → review (score band)", best: (8, 0.97, [0, 1, 1, 1]), second: nil,
             expected: .review(.scoreBand)),
        Case(id: "twins 6.9 bits apart → review (near tie) though rank 1", best: (26, 0.5, [1, 1, 1, 1]),
             second: (19.1, [3, 1, 1, 1]), expected: .review(.nearTie)),
        Case(id: "second 7 bits behind → not a near tie", best: (26, 1, [1, 1, 1, 1]), second: (19, [3, 1, 1, 1]),
             expected: .linked(band: 0)),
        Case(id: "NHS number agrees, birth date at else → review (conflict)", best: (12, 1, [1, 4, 1, 1]), second: nil,
             expected: .review(.conflict)),
        Case(id: "NHS number agrees, birth date partial → no conflict, rank 9", best: (12, 1, [1, 2, 1, 1]), second: nil,
             expected: .linked(band: 2)),
        Case(id: "a twin's NHS number: other candidate stronger on sex, a match itself → conflict",
             best: (14, 1, [1, 1, 2, 1]), second: (6, [3, 1, 1, 1]), expected: .review(.conflict)),
        Case(id: "other candidate stronger but below the link minimum → linked", best: (14, 1, [1, 1, 2, 1]),
             second: (4.9, [3, 1, 1, 1]), expected: .linked(band: 1)),
        Case(id: "other candidate weaker on postcode → no domination → linked", best: (14, 1, [1, 1, 2, 1]),
             second: (6, [3, 1, 1, 2]), expected: .linked(band: 1)),
        Case(id: "other candidate null where best is present → no domination", best: (14, 1, [1, 1, 2, 1]),
             second: (6, [3, 1, 1, 0]), expected: .linked(band: 1)),
        Case(id: "other candidate equal elsewhere, not stronger → no domination", best: (14, 1, [1, 1, 1, 1]),
             second: (6, [3, 1, 1, 1]), expected: .linked(band: 1)),
    ]

    @Test(arguments: cases)
    func decision(_ c: Case) {
        let best = c.best.map { Self.candidate(1, $0.weight, $0.probability, $0.levels) }
        let second = c.second.map { Self.candidate(2, $0.weight, 0, $0.levels) }
        #expect(Assignment.decide(best: best, second: second, rules: Self.rules) == c.expected)
    }

    @Test func dominationIgnoresTheConflictComparisonOnlyWhenTheOtherDisagreesOnIt() {
        // The other candidate agrees on the NHS number too: never "a twin's number".
        #expect(!Assignment.dominates([1, 1, 1, 1][...], [1, 1, 2, 1][...], except: 0))
        #expect(Assignment.dominates([3, 1, 1, 1][...], [1, 1, 2, 1][...], except: 0))
        // Slices with a non-zero start index (rows of a flat level array) read the right elements.
        let flat: [UInt8] = [9, 9, 9, 9, 3, 1, 1, 1]
        #expect(Assignment.dominates(flat[4..<8], [1, 1, 2, 1][...], except: 0))
    }
}

/// λ from the deterministic rule, against hand arithmetic.
@Suite struct LambdaEstimateTests {
    @Test func ruleCountDividedByRecallOverAllPairs() {
        // 900 agreeing records at recall 0.9 → 1,000 expected matches among 2,000 × 50,000 pairs.
        let estimate = LambdaEstimate(agreeingRecords: 900, recall: 0.9, firstSession: nil, leftRecords: 2_000, rightEntities: 50_000)
        #expect(abs(estimate.expectedMatches - 1_000) < 1e-9)
        #expect(abs(estimate.lambda - 1e-5) < 1e-18)
        #expect(abs(estimate.matchShare(leftRecords: 2_000) - 0.5) < 1e-12)
    }

    @Test func expectedMatchesClampedToOneAndToTheLeftRecords() {
        let none = LambdaEstimate(agreeingRecords: 0, recall: 0.9, firstSession: nil, leftRecords: 10, rightEntities: 10)
        #expect(none.expectedMatches == 1)
        #expect(abs(none.lambda - 0.01) < 1e-15)
        let all = LambdaEstimate(agreeingRecords: 10, recall: 0.5, firstSession: nil, leftRecords: 10, rightEntities: 10)
        #expect(all.expectedMatches == 10)
        // 10 matches in 1 × 1 pairs would be λ = 10: capped at 0.5.
        let capped = LambdaEstimate(agreeingRecords: 10, recall: 1, firstSession: nil, leftRecords: 1, rightEntities: 1)
        #expect(capped.lambda == 0.5)
    }

    @Test func withoutARuleTheFirstSessionStandsIn() {
        // Session λ 0.2 over 500 pairs → 100 expected matches; 1,000 × 1,000 pairs → λ = 10⁻⁴.
        let estimate = LambdaEstimate(agreeingRecords: nil, recall: 0.9, firstSession: (lambda: 0.2, pairs: 500), leftRecords: 1_000, rightEntities: 1_000)
        #expect(abs(estimate.expectedMatches - 100) < 1e-9)
        #expect(abs(estimate.lambda - 1e-4) < 1e-15)
    }
}
