import Foundation
import Testing

@testable import Fellegi

/// The derived ladder bands of a hand-built model (`Engine.handM`, `handU`, λ = 1e−4), with a
/// postcode term-frequency table of 400 HES entities of which 12 share one (communal) unit.
///
/// Level weights log2(m/u) and the prior are listed in `Engine`. Postcode term-frequency penalties,
/// log2(u_unit / p(v)) with u_unit = 0.001:
/// - most common value, p = 12/400: log2(0.001/0.03)  = −4.90689 (ranks 1–5, 7, 8)
/// - communal boundary,  p = 10/400: log2(0.001/0.025) = −4.64386 (rank 6)
/// The birth date has no table here, so no birth-date penalty.
@Suite struct MatchBandsTests {
    static let nhs = 0, dob = 1, sex = 2, postcode = 3

    /// 400 HES entities: 12 at LS1 4AP, 388 at distinct units.
    static func postcodeFrequencies() throws -> TermFrequencies {
        let letters = Array("ABDEFGHJLNPQRSTUWXYZ")
        var lines = [Engine.hesHeader]
        for i in 0..<12 { lines.append("C\(i),,,,LS1 4AP") }
        for i in 0..<388 {
            lines.append("P\(i),,,,LS\(2 + i % 8) \((i / 8) % 10)\(letters[i / 80])A")
        }
        let table = try Engine.table(lines, side: .right)
        return TermFrequencies(table: table, comparison: postcode)
    }

    /// log2(m/u) of a level straight from the hand tables (0 for null).
    static func w(_ k: Int, _ level: Int) -> Double {
        level == 0 ? 0 : log2(Engine.handM[k][level] / Engine.handU[k][level])
    }
    static let prior = log2(Engine.handLambda / (1 - Engine.handLambda))

    /// The weakest pattern each ladder step accepts ([nhs, dob, sex, postcode]) and its weight,
    /// worked from the tables: the lowest allowed level weight per comparison, exact postcode
    /// agreement carrying the step's penalty.
    static func expected() -> [(rank: String, levels: [Int], weight: Double)] {
        let common = log2(0.001 / (12.0 / 400)), communal = log2(0.001 / (10.0 / 400))
        let dobExactMin = min(w(dob, 1), w(dob, 2))  // exact or exact-placeholder: 5.32193
        let dobPartialMin = min(w(dob, 3), w(dob, 4))  // swapped or two-of-three: 1
        let dobAny = (0..<6).map { w(dob, $0) }.min()!  // else: −5.61176
        let sexAny = (0..<3).map { w(sex, $0) }.min()!  // disagree: −4.64386
        let postcodeAny = min((0..<6).map { w(postcode, $0) }.min()!, w(postcode, 1) + common)  // else: −2.54432
        let nhs1 = w(nhs, 1), sex1 = w(sex, 1), unit = w(postcode, 1)
        return [
            ("1", [1, 2, 1, 1], prior + nhs1 + dobExactMin + sex1 + unit + common),  // 10.76324
            ("2", [1, 2, 1, 5], prior + nhs1 + dobExactMin + sex1 + postcodeAny),  // 3.67460
            ("3", [1, 4, 1, 1], prior + nhs1 + dobPartialMin + sex1 + unit + common),  // 6.44131
            ("4", [1, 4, 1, 5], prior + nhs1 + dobPartialMin + sex1 + postcodeAny),  // −0.64733 → 0
            ("5", [1, 5, 2, 1], prior + nhs1 + dobAny + sexAny + unit + common),  // −5.78516 → 0
            ("6", [0, 1, 1, 1], prior + w(dob, 1) + sex1 + unit + communal),  // 2.30441
            ("7", [0, 1, 1, 1], prior + w(dob, 1) + sex1 + unit + common),  // 2.04138
            ("8", [1, 5, 2, 5], prior + nhs1 + dobAny + sexAny + postcodeAny),  // −11.87 → 0
            ("9", [3, 5, 2, 5], 0),  // score-only: weight ≥ the link minimum (0), record probability ≥ 0.98 (linking.scoreOnlyProbability)
        ]
    }

    static func ladder(linkMinimumWeight: Double = 0) throws -> (bands: [MatchBand], settings: LinkSettings) {
        var settings = LinkSettings.didToHES
        settings.linking.linkMinimumWeight = linkMinimumWeight
        let model = try Engine.model(settings: settings)
        let bands = MatchBands.bands(for: model, termFrequencies: [nil, nil, nil, try postcodeFrequencies()])
        return (bands, settings)
    }

    @Test func theFrequencyFixtureIsAsDescribed() throws {
        let tf = try Self.postcodeFrequencies()
        #expect(tf.summary.distinct == 389 && tf.summary.largest == 12 && tf.summary.entities == 400)
    }

    @Test func thresholdsAreTheWeakestAcceptedPatternsWeight() throws {
        let (bands, _) = try Self.ladder()
        let expected = Self.expected()
        #expect(bands.map(\.rank) == expected.map(\.rank))
        for (band, step) in zip(bands, expected) {
            #expect(abs(band.minimumWeight - max(step.weight, 0)) < 1e-9, "rank \(band.rank)")
        }
        // Spot checks against the hand-worked numbers.
        #expect(abs(bands[0].minimumWeight - 10.76324) < 1e-4)
        #expect(abs(bands[5].minimumWeight - 2.30441) < 1e-4)
        #expect(abs(bands[6].minimumWeight - 2.04138) < 1e-4)
        #expect(bands[3].minimumWeight == 0 && bands[4].minimumWeight == 0 && bands[7].minimumWeight == 0)
        // The score-only rank: at the link minimum weight, with a record-level probability of 0.98.
        #expect(bands[8].minimumWeight == 0 && bands[8].minimumProbability == 0.98)
    }

    @Test func noThresholdIsBelowTheLinkMinimum() throws {
        let (bands, _) = try Self.ladder(linkMinimumWeight: 4)
        #expect(bands.map(\.minimumWeight).allSatisfy { $0 >= 4 })
        #expect(abs(bands[0].minimumWeight - 10.76324) < 1e-4)  // above 4: unchanged
        #expect(bands[1].minimumWeight == 4)  // 3.67 raised
    }

    @Test func theLadderRequirementsReadLikeTheNationalScheme() throws {
        let (bands, _) = try Self.ladder()
        #expect(bands.map(\.requires) == [
            ["nhs_number": [1], "dob": [1, 2], "sex": [1], "postcode": [1]],
            ["nhs_number": [1], "dob": [1, 2], "sex": [1]],
            ["nhs_number": [1], "dob": [3, 4, 5], "sex": [1], "postcode": [1]],
            ["nhs_number": [1], "dob": [3, 4, 5], "sex": [1]],
            ["nhs_number": [1], "postcode": [1]],
            ["nhs_number": [0, 2], "dob": [1], "sex": [1], "postcode": [1]],  // missing, or a typo of the valid number (near)
            ["nhs_number": [0, 2], "dob": [1], "sex": [1], "postcode": [1]],  // missing, or a typo of the valid number (near)
            ["nhs_number": [1]],
            [:],
        ])
    }

    @Test func withoutAPlaceholderLevelRank1RequiresLevel1OfAllFour() throws {
        var settings = LinkSettings.didToHES
        settings.comparisons[1].placeholderLevel = false
        var m = Engine.handM, u = Engine.handU
        m[1] = [0, 0.92, 0.02, 0.04, 0.02]
        u[1] = [0, 0.0015, 0.0005, 0.02, 0.978]
        let model = try Engine.model(settings: settings, m: m, u: u)
        let bands = MatchBands.bands(for: model, termFrequencies: [nil, nil, nil, nil])
        #expect(bands[0].requires == ["nhs_number": [1], "dob": [1], "sex": [1], "postcode": [1]])
        #expect(bands[2].requires["dob"] == [2, 3])  // partial: swapped, two-of-three
        // No term frequencies: rank 1 = prior + log2(9500) + log2(0.92/0.0015) + log2(1.96) + log2(700).
        let rank1 = log2(1e-4 / 0.9999) + log2(9500) + log2(0.92 / 0.0015) + log2(1.96) + log2(700)
        #expect(abs(bands[0].minimumWeight - rank1) < 1e-9)
    }

    struct Boundary: Sendable, CustomTestStringConvertible {
        var index: Int
        var testDescription: String { "rank \(index + 1)" }
    }

    /// Each band's weakest pattern exactly at the band's minimum weight gets the band; one ulp
    /// below, it does not.
    @Test(arguments: (0..<9).map(Boundary.init))
    func bandBoundaries(_ boundary: Boundary) throws {
        let (bands, settings) = try Self.ladder()
        let resolved = bands.map { ResolvedBand($0, settings: settings) }
        let step = Self.expected()[boundary.index]
        let levels = ArraySlice(step.levels.map(UInt8.init))
        let minimum = bands[boundary.index].minimumWeight
        #expect(MatchBands.band(for: levels, weight: minimum, probability: 1, bands: resolved) == boundary.index)
        #expect(MatchBands.band(for: levels, weight: minimum.nextDown, probability: 1, bands: resolved) != boundary.index)
    }

    /// The score-only rank also needs a record-level match probability of 0.98 by default: exactly 0.98 gets it,
    /// just below does not (and no other band takes a pattern no ladder step accepts).
    @Test func scoreOnlyRankNeedsRecordProbability() throws {
        let (bands, settings) = try Self.ladder()
        let resolved = bands.map { ResolvedBand($0, settings: settings) }
        let levels: ArraySlice<UInt8> = [3, 5, 2, 5]
        #expect(bands[8].minimumProbability == 0.98)
        #expect(MatchBands.band(for: levels, weight: 20, probability: 0.98, bands: resolved) == 8)
        #expect(MatchBands.band(for: levels, weight: 20, probability: 0.98.nextDown, bands: resolved) == nil)
    }

    @Test func justBelowRank6IsRank7AndBelowThatNothing() throws {
        let (bands, settings) = try Self.ladder()
        let resolved = bands.map { ResolvedBand($0, settings: settings) }
        let levels: ArraySlice<UInt8> = [0, 1, 1, 1]
        #expect(MatchBands.band(for: levels, weight: bands[5].minimumWeight.nextDown, probability: 0.5, bands: resolved) == 6)
        #expect(MatchBands.band(for: levels, weight: bands[6].minimumWeight.nextDown, probability: 0.5, bands: resolved) == nil)
    }

    @Test func explicitBandsAreUsedVerbatim() throws {
        var settings = LinkSettings.didToHES
        settings.linking.bands = [
            MatchBand(rank: "A", minimumWeight: 20, requires: ["nhs_number": [1]], meaning: "strong"),
            MatchBand(rank: "B", minimumWeight: -3),
        ]
        let model = try Engine.model(settings: settings)
        #expect(MatchBands.bands(for: model, termFrequencies: [nil, nil, nil, try Self.postcodeFrequencies()]) == settings.linking.bands)
    }

    @Test func settingsWithoutTheFourKindsGetASingleBand() throws {
        // FEBRL: jaro-winkler (5 levels) ×2, exact (3 levels) ×2.
        var settings = LinkSettings.febrlExample
        settings.linking.linkMinimumWeight = 1.5
        let jw = [0, 0.8, 0.1, 0.05, 0.05], jwU = [0, 0.01, 0.01, 0.03, 0.95]
        let exact = [0, 0.9, 0.1], exactU = [0, 0.01, 0.99]
        let model = try Engine.model(settings: settings, lambda: 0.01, m: [jw, jw, exact, exact], u: [jwU, jwU, exactU, exactU])
        #expect(MatchBands.bands(for: model, termFrequencies: [nil, nil, nil, nil])
            == [MatchBand(rank: "1", minimumWeight: 1.5, meaning: "match weight at least the link minimum")])

        // DID→HES without the sex comparison: three of the four kinds is not the ladder either.
        var threeKinds = LinkSettings.didToHES
        threeKinds.comparisons.remove(at: 2)
        threeKinds.blocking.rules.removeLast()
        let three = try Engine.model(settings: threeKinds, m: [Engine.handM[0], Engine.handM[1], Engine.handM[3]],
                                     u: [Engine.handU[0], Engine.handU[1], Engine.handU[3]])
        #expect(MatchBands.bands(for: three, termFrequencies: [nil, nil, nil]).map(\.rank) == ["1"])
    }
}
