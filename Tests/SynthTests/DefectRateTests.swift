import Foundation
import Testing
@testable import Synth

/// The defect rates measured on a generated file match the documented table within sampling error.
@Suite struct DefectRateTests {
    /// One measured rate: how many of `eligible` records carry the label, against `expected`.
    struct Measure: CustomStringConvertible {
        var label: String
        var expected: Double
        var eligible = 0
        var observed = 0
        /// Variance inflation for person-level labels: a patient has 1 + tests-per-patient records
        /// per record on average (Poisson), so counts cluster.
        var designEffect = 1.0

        var description: String {
            "\(label): \(observed)/\(eligible) = \(String(format: "%.5f", Double(observed) / Double(max(eligible, 1)))), expected \(expected)"
        }

        /// Within 5 binomial standard deviations (inflated by the design effect), plus one.
        var withinSamplingError: Bool {
            let mean = Double(eligible) * expected
            let sigma = (mean * (1 - expected) * designEffect).squareRoot()
            return abs(Double(observed) - mean) <= 5 * sigma + 1
        }
    }

    @Test func measuredRatesMatchTheTable() throws {
        let files = try Fixtures.large.get()
        let rates = files.config.rates
        let referenceDay = files.config.monthStartDay(0)
        var hesDOB: [String: (Int, Int, Int)] = [:]
        var hesRows: [String: Int] = [:]
        for row in try files.rows("hes.csv").dropFirst() {
            hesRows[row[0], default: 0] += 1
            if hesDOB[row[0]] == nil, let date = Fixtures.parseDate(row[2]) { hesDOB[row[0]] = date }
        }
        let cluster = 1 + rates.testsPerPatient
        var all: [Defects: Measure] = [
            .notInHES: Measure(label: "not-in-hes", expected: rates.notInHES, designEffect: cluster),
            .nhsMissing: Measure(label: "nhs-missing", expected: rates.nhsMissing),
            .nhsTypo: Measure(label: "nhs-typo", expected: rates.nhsTypo),
            .nhsRelative: Measure(label: "nhs-relative", expected: rates.nhsRelative),
            .dobMissing: Measure(label: "dob-missing", expected: rates.dobMissing),
            .dobDigit: Measure(label: "dob-digit", expected: rates.dobDigit),
            .dobYear: Measure(label: "dob-year", expected: rates.dobYear),
            .dobPlaceholder: Measure(label: "dob-placeholder", expected: rates.dobPlaceholder),
            .sexMissing: Measure(label: "sex-missing", expected: rates.sexMissing),
            .sexWrong: Measure(label: "sex-wrong", expected: rates.sexWrong),
            .sexLetter: Measure(label: "sex-letter", expected: rates.sexLetter),
            .postcodeMovedDistrict: Measure(label: "postcode-moved-district", expected: rates.postcodeMovedDistrict),
            .postcodeMovedFar: Measure(label: "postcode-moved-far", expected: rates.postcodeMovedFar),
            .postcodeMissing: Measure(label: "postcode-missing", expected: rates.postcodeMissing),
            .postcodeTypo: Measure(label: "postcode-typo", expected: rates.postcodeTypo),
            .postcodePseudo: Measure(label: "postcode-pseudo", expected: rates.postcodePseudo),
        ]
        // Labels about the HES person, measured over in-HES records.
        var inHES: [Defects: Measure] = [
            .twin: Measure(label: "twin", expected: rates.twinPairs, designEffect: cluster),
            .oldHESID: Measure(label: "old-hesid", expected: rates.oldHESID * rates.oldHESIDInHES, designEffect: cluster),
            .hesNHSMissing: Measure(label: "hes-nhs-missing", expected: rates.hesNHSMissing, designEffect: cluster),
            .hesSexUnknown: Measure(label: "hes-sex-unknown", expected: rates.hesSexUnknown, designEffect: cluster),
            .hesDuplicate: Measure(label: "hes-duplicate", expected: rates.hesDuplicate, designEffect: cluster),
        ]
        var swap = Measure(label: "dob-swap (of day 1-12, day != month)", expected: rates.dobSwap)
        var earlier = Measure(label: "postcode-earlier (of HESIDs with history)", expected: rates.postcodeEarlier)
        var communal = Measure(label: "communal (of people 75+)", expected: rates.communal, designEffect: cluster)

        for row in try files.rows("truth.csv").dropFirst() {
            let defects = try #require(Defects(labels: row[2]))
            for key in all.keys {
                all[key]?.eligible += 1
                if defects.contains(key) { all[key]?.observed += 1 }
            }
            guard !row[1].isEmpty else { continue }
            for key in inHES.keys {
                inHES[key]?.eligible += 1
                if defects.contains(key) { inHES[key]?.observed += 1 }
            }
            let dob = try #require(hesDOB[row[1]])
            if dob.2 <= 12, dob.2 != dob.1 {
                swap.eligible += 1
                if defects.contains(.dobSwap) { swap.observed += 1 }
            } else {
                #expect(!defects.contains(.dobSwap))
            }
            if (hesRows[row[1]] ?? 0) > 1 {
                earlier.eligible += 1
                if defects.contains(.postcodeEarlier) { earlier.observed += 1 }
            } else {
                #expect(!defects.contains(.postcodeEarlier))
            }
            let age = Double(referenceDay - CivilDate.day(year: dob.0, month: dob.1, day: dob.2))
            if age >= 75 * Population.daysPerYear {
                communal.eligible += 1
                if defects.contains(.communal) { communal.observed += 1 }
            } else {
                #expect(!defects.contains(.communal))
            }
        }
        let measures = Array(all.values) + Array(inHES.values) + [swap, earlier, communal]
        #expect(measures.count == Defects.all.count, "every label is measured")
        for measure in measures {
            #expect(measure.eligible > 1_000, "\(measure)")
            #expect(measure.withinSamplingError, "\(measure)")
        }
    }

    /// A person HES holds twice: truth's ALSO_HESID has its own rows in hes.csv with the same NHS
    /// number, birth date and sex as the true HESID, is not merged by old_new_hesid.csv, and is
    /// labelled `hes-duplicate` exactly then.
    @Test func duplicateHESIDsAreLivePersonsWithTheSameIdentifiers() throws {
        let files = try Fixtures.large.get()
        var hes: [String: [String]] = [:]
        for row in try files.rows("hes.csv").dropFirst() where hes[row[0]] == nil { hes[row[0]] = row }
        let merged = Set(try files.rows("old_new_hesid.csv").dropFirst().flatMap { $0 })
        var duplicated = 0
        for row in try files.rows("truth.csv").dropFirst() {
            let defects = try #require(Defects(labels: row[2]))
            #expect(defects.contains(.hesDuplicate) == !row[3].isEmpty, "\(row[0])")
            guard !row[3].isEmpty else { continue }
            duplicated += 1
            let primary = try #require(hes[row[1]])
            let duplicate = try #require(hes[row[3]])
            #expect(duplicate[1] == primary[1] && duplicate[2] == primary[2] && duplicate[3] == primary[3])
            #expect(!merged.contains(row[3]) && row[3] != row[1])
        }
        #expect(duplicated > 100)
    }

    @Test func populationSharesMatchTheTable() throws {
        // Measured directly on persons (no DID clustering): twins, history, communal, merged HESIDs.
        let rates = SynthRates()
        let population = Population(seed: 9, rates: rates, hesCount: 200_000, referenceDay: CivilDate.day(year: 2025, month: 1, day: 1))
        var twins = 0
        var withHistory = 0
        var merged = 0
        var elderly = 0
        var communal = 0
        let n = 100_000
        for index in 0..<n {
            let person = population.person(index)
            if person.isTwin { twins += 1 }
            if person.historyCount > 0 { withHistory += 1 }
            if person.oldHESID != nil { merged += 1 }
            if Double(population.referenceDay - person.birth) >= 75 * Population.daysPerYear {
                elderly += 1
                if person.communal { communal += 1 }
            }
        }
        func within(_ observed: Int, _ trials: Int, _ p: Double, inflation: Double = 1) -> Bool {
            abs(Double(observed) - Double(trials) * p) <= 5 * (Double(trials) * p * (1 - p) * inflation).squareRoot() + 1
        }
        #expect(within(twins, n, rates.twinPairs, inflation: 2), "twins \(twins)")  // both of a pair
        #expect(within(withHistory, n, rates.addressHistory), "history \(withHistory)")
        #expect(within(merged, n, rates.oldHESID), "merged \(merged)")
        #expect(within(communal, elderly, rates.communal, inflation: 2), "communal \(communal)/\(elderly)")
        #expect(Double(elderly) / Double(n) > 0.2, "skewed old")
    }
}
