import Comparators
import Foundation
import Testing
@testable import Synth

@Suite struct PopulationTests {
    static let reference = CivilDate.day(year: 2025, month: 1, day: 1)

    @Test func nhsNumbersAreValidAndNeverShared() {
        let identifiers = Identifiers(seed: 3)
        var seen = Set<UInt64>()
        let indices = Array(0..<100_000) + Array((Identifiers.personCapacity - 1_000)..<Identifiers.personCapacity)
        for index in indices {
            let number = identifiers.nhsNumber(index)
            #expect(NHSNumber.isValid(number))
            #expect(seen.insert(number).inserted)
            let leading = number / 1_000_000_000
            #expect([4, 6, 7].contains(leading))
        }
    }

    @Test func hesidsAreTenDigitsAndOldOnesNeverClashWithCurrentOnes() {
        let identifiers = Identifiers(seed: 3)
        var seen = Set<UInt64>()
        for index in 0..<50_000 {
            for hesid in [identifiers.currentHESID(index), identifiers.oldHESID(index)] {
                #expect((1_000_000_000...9_999_999_999).contains(hesid))
                #expect(seen.insert(hesid).inserted)
            }
        }
    }

    @Test func aPersonIsAPureFunctionOfSeedAndIndex() {
        let a = Population(seed: 11, rates: SynthRates(), hesCount: 1_000, referenceDay: Self.reference)
        let b = Population(seed: 11, rates: SynthRates(), hesCount: 1_000, referenceDay: Self.reference)
        for index in [0, 1, 17, 999, 123_456] {
            let x = a.person(index)
            let y = b.person(index)
            #expect(x.nhsNumber == y.nhsNumber && x.birth == y.birth && x.postcode == y.postcode && x.hesid == y.hesid)
        }
    }

    @Test func twinsShareBirthDateAndPostcodeButNotNHSNumber() {
        let population = Population(seed: 4, rates: SynthRates(), hesCount: 100_000, referenceDay: Self.reference)
        var pairs = 0
        var sameSex = 0
        for pair in 0..<50_000 {
            let first = population.person(2 * pair)
            guard first.isTwin else { continue }
            let second = population.person(2 * pair + 1)
            pairs += 1
            #expect(second.isTwin)
            #expect(first.birth == second.birth)
            #expect(first.postcode == second.postcode)
            #expect(first.nhsNumber != second.nhsNumber)
            if first.sex == second.sex { sameSex += 1 }
        }
        #expect(pairs > 500)
        #expect(Double(sameSex) / Double(pairs) > 0.55 && Double(sameSex) / Double(pairs) < 0.75)
    }

    @Test func householdsShareAPostcodeAndCareHomesAreShared() {
        let population = Population(seed: 4, rates: SynthRates(), hesCount: 100_000, referenceDay: Self.reference)
        var shared = 0
        var communalPostcodes: [UInt32: Int] = [:]
        for index in 0..<100_000 {
            let person = population.person(index)
            if person.communal {
                let key = UInt32(person.postcode.district) << 16 | UInt32(person.postcode.sector) << 9 | UInt32(person.postcode.unit)
                communalPostcodes[key, default: 0] += 1
                #expect(Double(Self.reference - person.birth) >= 75 * Population.daysPerYear)
            } else if population.joinsPrevious(index) {
                let previous = population.person(index - 1)
                if !previous.communal {
                    #expect(previous.postcode == person.postcode)
                    shared += 1
                }
            }
        }
        #expect(shared > 30_000)
        let residents = communalPostcodes.values.sorted()
        #expect(residents.count > 10)
        #expect(residents[residents.count / 2] >= 15, "a communal postcode holds many people")
    }

    @Test func aRelativeIsAnotherPerson() {
        let population = Population(seed: 4, rates: SynthRates(), hesCount: 10_000, referenceDay: Self.reference)
        var rng = SplitMix64(seed: 1)
        for index in 0..<5_000 {
            let relative = population.relative(of: index, &rng)
            #expect(relative != index)
            #expect(relative / 8 == index / 8, "same household block")
        }
    }

    @Test func geographyIsUKShaped() {
        let geography = Geography.shared
        #expect((2_500...3_500).contains(geography.districts.count))
        #expect(Set(geography.districts).count == geography.districts.count)
        for outward in geography.districts {
            let text = String(decoding: outward, as: UTF8.self)
            #expect(text.range(of: #"^[A-Z]{1,2}[0-9]{1,2}[A-Z]?$"#, options: .regularExpression) != nil, "\(text)")
        }
        #expect(geography.districts.contains(Array("SW1A".utf8)))
        var rng = SplitMix64(seed: 1)
        var counts = [Int](repeating: 0, count: geography.districts.count)
        for _ in 0..<200_000 { counts[geography.randomDistrict(&rng)] += 1 }
        let sorted = counts.sorted()
        #expect(sorted[sorted.count - 1] > 10 * max(sorted[sorted.count / 2], 1), "skewed district populations")
    }

    @Test(arguments: [
        (2025, 1, 1), (2024, 2, 29), (1900, 1, 1), (1970, 1, 1), (1999, 12, 31), (2000, 2, 29),
    ])
    func civilDatesRoundTrip(date: (Int, Int, Int)) {
        let day = CivilDate.day(year: date.0, month: date.1, day: date.2)
        let back = CivilDate.civil(day)
        #expect(back == date)
        #expect(CivilDate.isValid(year: date.0, month: date.1, day: date.2))
    }

    @Test func invalidCalendarDatesAreRejected() {
        #expect(!CivilDate.isValid(year: 2023, month: 2, day: 29))
        #expect(!CivilDate.isValid(year: 2025, month: 13, day: 1))
        #expect(!CivilDate.isValid(year: 2025, month: 4, day: 31))
        #expect(CivilDate.day(year: 1970, month: 1, day: 1) == 0)
    }

    @Test func mistypedNHSNumbersAlwaysFailTheCheck() {
        let identifiers = Identifiers(seed: 8)
        var rng = SplitMix64(seed: 2)
        for index in 0..<20_000 {
            let number = identifiers.nhsNumber(index)
            let typed = DIDGenerator.mistyped(number, swap: index % 2 == 0, &rng)
            let value = UInt64(String(decoding: typed, as: UTF8.self)) ?? 0
            #expect(value != number)
            #expect(!NHSNumber.isValid(value))
        }
    }
}
