import Comparators

/// The synthetic population: person i is a pure function of (seed, i), so DID generation can
/// regenerate any person it samples and nothing about the population is ever stored.
///
/// Structure comes from the index:
/// - persons 2j and 2j+1 are twins when pair j's stream says so (same birth date and household,
///   often the same sex, different NHS numbers);
/// - households live inside blocks of 8 indices: person k joins person k−1's household with
///   probability `household-join` (always, for the second twin); the household's postcode is drawn
///   from its first member's stream;
/// - persons 0..<hesCount are in HES; DID patients not in HES use indices from `outsideBase` on,
///   a block boundary, so no household or twin pair straddles HES and non-HES.
///
/// - Complexity: `person(_:)` is O(1) (at most 8 household look-backs).
struct Population: Sendable {
    let seed: UInt64
    let rates: SynthRates
    let hesCount: Int
    /// First day of the release period; ages and birth dates are relative to it.
    let referenceDay: Int
    let identifiers: Identifiers
    let geography = Geography.shared
    let careHomes: Int

    /// First index of the persons who are not in HES.
    var outsideBase: Int { (hesCount + 7) / 8 * 8 }

    init(seed: UInt64, rates: SynthRates, hesCount: Int, referenceDay: Int) {
        self.seed = seed
        self.rates = rates
        self.hesCount = hesCount
        self.referenceDay = referenceDay
        identifiers = Identifiers(seed: seed)
        careHomes = max(1, Int((Double(hesCount) / rates.personsPerCareHome).rounded()))
    }

    /// Age in years by decade band, skewed old as imaging patients are: (lowest age, band width, weight).
    private static let ageBands: [(Double, Double, Double)] = [
        (0, 10, 0.04), (10, 10, 0.04), (20, 10, 0.06), (30, 10, 0.08), (40, 10, 0.10),
        (50, 10, 0.14), (60, 10, 0.17), (70, 10, 0.19), (80, 10, 0.14), (90, 14, 0.04),
    ]

    /// Days in a mean Gregorian year.
    static let daysPerYear = 365.2425

    /// Person `index` (0..<`Identifiers.personCapacity`).
    // Over 60 lines on purpose: person i is one pure function of (seed, i); its draws' order fixes every generated file.
    func person(_ index: Int) -> Person {
        var rng = SplitMix64(seed: seed, purpose: .person, index: index)
        let pairIndex = index >> 1
        var pair = SplitMix64(seed: seed, purpose: .pair, index: pairIndex)
        let isTwin = pair.chance(rates.twinPairs)
        let twinSameSex = pair.chance(rates.twinSameSex)
        let pairBirth = randomBirth(&pair)
        let pairFirstSex: UInt8 = pair.chance(0.5) ? 1 : 2
        let pairCommunal = pair.nextUnit()
        let pairHome = pair.below(careHomes)

        let birth: Int
        let sex: UInt8
        let communalDraw: Double
        let home: Int
        let ownBirth = randomBirth(&rng)
        let ownSex: UInt8 = rng.chance(0.5) ? 1 : 2
        let ownCommunal = rng.nextUnit()
        let ownHome = rng.below(careHomes)
        if isTwin {
            birth = pairBirth
            let second = index & 1 == 1
            sex = !second || twinSameSex ? pairFirstSex : 3 - pairFirstSex
            communalDraw = pairCommunal
            home = pairHome
        } else {
            birth = ownBirth
            sex = ownSex
            communalDraw = ownCommunal
            home = ownHome
        }

        let hesSex: UInt8 = rng.chance(rates.hesSexUnknown) ? (rng.chance(0.5) ? 0 : 9) : sex
        let hesNHSMissing = rng.chance(rates.hesNHSMissing)
        let hasOld = rng.chance(rates.oldHESID)
        let oldInHES = hasOld && rng.chance(rates.oldHESIDInHES)

        let elderly = Double(referenceDay - birth) >= 75 * Self.daysPerYear
        let communal = elderly && communalDraw < rates.communal
        let postcode = communal ? careHomePostcode(home) : householdPostcode(householdHead(index))

        var history = (postcode, postcode, postcode)
        var historyCount = 0
        var last = postcode
        while historyCount < 3, rng.chance(rates.addressHistory) {
            let earlier = rng.chance(rates.historySameDistrict)
                ? geography.movedWithinDistrict(last, &rng) : geography.movedFar(last, &rng)
            switch historyCount {
            case 0: history.0 = earlier
            case 1: history.1 = earlier
            default: history.2 = earlier
            }
            last = earlier
            historyCount += 1
        }

        // Its own stream, so that adding the rate changed no other draw.
        var duplicate = SplitMix64(seed: seed, purpose: .duplicate, index: index)
        let isDuplicated = index < hesCount && duplicate.chance(rates.hesDuplicate)
        return Person(
            index: index, nhsNumber: identifiers.nhsNumber(index), hesid: identifiers.currentHESID(index),
            birth: birth, sex: sex, hesSex: hesSex, hesNHSMissing: hesNHSMissing, postcode: postcode,
            history: history, historyCount: historyCount, isTwin: isTwin, communal: communal,
            oldHESID: hasOld ? identifiers.oldHESID(index) : nil, oldHESIDInHES: oldInHES,
            duplicateHESID: isDuplicated ? identifiers.duplicateHESID(index) : nil)
    }

    /// True when `person` has a twin who is in HES (the `twin` label).
    func hasTwinInHES(_ person: Person) -> Bool {
        person.isTwin && (person.index ^ 1) < hesCount && person.index < hesCount
    }

    /// A relative of person `index`: another member of the household, else the neighbouring person.
    func relative(of index: Int, _ rng: inout SplitMix64) -> Int {
        let head = householdHead(index)
        var end = index + 1
        while end & 7 != 0, joinsPrevious(end) { end += 1 }
        let size = end - head
        guard size > 1 else { return index ^ 1 }
        let pick = head + rng.below(size - 1)
        return pick >= index ? pick + 1 : pick
    }

    /// Whether person k lives with person k − 1 (never across a block of 8).
    func joinsPrevious(_ k: Int) -> Bool {
        guard k & 7 != 0 else { return false }
        if k & 1 == 1 {
            var pair = SplitMix64(seed: seed, purpose: .pair, index: k >> 1)
            if pair.chance(rates.twinPairs) { return true }
        }
        var draw = SplitMix64(seed: seed, purpose: .household, index: k)
        return draw.chance(rates.householdJoin)
    }

    /// The first member of person `index`'s household.
    func householdHead(_ index: Int) -> Int {
        var head = index
        while joinsPrevious(head) { head -= 1 }
        return head
    }

    /// The postcode of the household whose first member is `head`.
    func householdPostcode(_ head: Int) -> Postcode {
        var rng = SplitMix64(seed: seed, purpose: .household, index: head)
        _ = rng.next()  // the draw `joinsPrevious` used
        return geography.randomPostcode(&rng)
    }

    /// The postcode of care home `home`.
    func careHomePostcode(_ home: Int) -> Postcode {
        var rng = SplitMix64(seed: seed, purpose: .careHome, index: home)
        return geography.randomPostcode(&rng)
    }

    /// A birth date: an age from the skewed bands, uniform within its band, before `referenceDay`.
    private func randomBirth(_ rng: inout SplitMix64) -> Int {
        var u = rng.nextUnit()
        var band = Self.ageBands[Self.ageBands.count - 1]
        for candidate in Self.ageBands {
            if u < candidate.2 {
                band = candidate
                break
            }
            u -= candidate.2
        }
        let age = band.0 + rng.nextUnit() * band.1
        return referenceDay - 1 - Int(age * Self.daysPerYear)
    }
}
