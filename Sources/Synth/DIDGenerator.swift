import Comparators

/// DID records: record r (0-based) is a pure function of (seed, r).
///
/// Records are in test-date order: record r's TEST_DATE is day ⌊r·D/M⌋ of the D-day release period,
/// so DID_ID order is date order and a month is a contiguous range of records. Record r picks one of
/// P = M / `tests-per-patient` patients at random (so a patient has a Poisson number of tests);
/// patient p is not in HES with probability `not-in-hes`, else is a random HES person. The record
/// starts from its person's true identifiers and then draws each field's defects independently
/// (exclusive within a field), then a writing style (date style, NHS number spacing, M/F, messy
/// postcode).
struct DIDGenerator: Sendable {
    let population: Population
    let records: Int
    let patients: Int
    let startDay: Int
    let periodDays: Int

    var rates: SynthRates { population.rates }
    var geography: Geography { population.geography }

    init(population: Population, records: Int, startDay: Int, periodDays: Int) {
        self.population = population
        self.records = records
        self.startDay = startDay
        self.periodDays = periodDays
        patients = max(1, Int((Double(records) / population.rates.testsPerPatient).rounded()))
    }

    /// The test date of record `r`.
    func testDay(_ r: Int) -> Int { startDay + r * periodDays / records }

    /// The first record whose test date is on or after `day`.
    func firstRecord(onOrAfter day: Int) -> Int {
        let offset = day - startDay
        guard offset > 0 else { return 0 }
        return min(records, (offset * records + periodDays - 1) / periodDays)
    }

    /// The person index of record `r`'s patient, and whether that person is outside HES.
    func patientIndex(_ r: Int) -> (index: Int, outside: Bool) {
        var rng = SplitMix64(seed: population.seed, purpose: .didRecord, index: r)
        let patient = rng.below(patients)
        var patientRNG = SplitMix64(seed: population.seed, purpose: .didPatient, index: patient)
        if population.hesCount == 0 || patientRNG.chance(rates.notInHES) {
            return (population.outsideBase + patient, true)
        }
        return (patientRNG.below(population.hesCount), false)
    }

    /// Writes record `r` to `did` (10 fields) and its truth to `truth` (3 fields).
    // Over 60 lines on purpose: it writes the record's fields in file column order, each with its defect draws, from one random stream whose draw order fixes the output; split, the order of draws would be spread over functions.
    /// In a release series, `month` is the release (persons late to HES, merged duplicates) and
    /// `corrected` says the record was resubmitted with its person's right NHS number.
    func emit(_ r: Int, did: inout FieldBuffer, truth: inout FieldBuffer, month: ReleaseMonth? = nil, corrected: Bool = false) {
        var rng = SplitMix64(seed: population.seed, purpose: .didRecord, index: r)
        _ = rng.next()  // the patient draw
        let (index, isOutside) = patientIndex(r)
        let person = population.person(index)
        let outside = isOutside || !(month?.isInHES(index) ?? true)
        let duplicate = month?.isMerged(index) ?? false ? nil : person.duplicateHESID

        var defects: Defects = []
        if outside {
            defects.insert(.notInHES)
        } else {
            if population.hasTwinInHES(person) { defects.insert(.twin) }
            if person.oldHESIDInHES { defects.insert(.oldHESID) }
            if duplicate != nil { defects.insert(.hesDuplicate) }
            if person.hesNHSMissing { defects.insert(.hesNHSMissing) }
            if person.hesSex != person.sex { defects.insert(.hesSexUnknown) }
        }
        if person.communal { defects.insert(.communal) }

        let dateStyle = randomDateStyle(&rng)

        // DID_ID
        did.append(UInt8(ascii: "D"))
        did.appendDecimal(UInt64(r + 1), width: 10)
        did.endField()

        // NHS_NUMBER
        var nhs: UInt64? = person.nhsNumber
        var nhsDigits: [UInt8]?
        var u = rng.nextUnit()
        if u < rates.nhsMissing {
            defects.insert(.nhsMissing)
            nhs = nil
        } else if (u - rates.nhsMissing) < rates.nhsTypo {
            defects.insert(.nhsTypo)
            nhsDigits = Self.mistyped(person.nhsNumber, swap: rng.chance(rates.nhsTypoSwap), &rng)
        } else if (u - rates.nhsMissing - rates.nhsTypo) < rates.nhsRelative {
            defects.insert(.nhsRelative)
            nhs = population.identifiers.nhsNumber(population.relative(of: index, &rng))
        }
        // A corrected record is drawn as before, so that the stream's later draws stay the same
        // (the separator is drawn only when the submitted number had digits), then put right.
        let submitted = nhsDigits ?? nhs.map(Self.digits)
        if corrected {
            defects.subtract([.nhsMissing, .nhsTypo, .nhsRelative])
            nhsDigits = nil
            nhs = person.nhsNumber
        }
        if let digits = nhsDigits ?? nhs.map(Self.digits) {
            u = submitted == nil ? 1 : rng.nextUnit()
            let separator: UInt8? = u < rates.nhsSpaced ? UInt8(ascii: " ") : (u - rates.nhsSpaced < rates.nhsDashed ? UInt8(ascii: "-") : nil)
            for (position, digit) in digits.enumerated() {
                if let separator, position == 3 || position == 6 { did.append(separator) }
                did.append(digit)
            }
        }
        did.endField()

        // PERSON_BIRTH_DATE
        if let birth = birthDate(person.birth, &rng, &defects) {
            Self.appendDate(birth, style: dateStyle, to: &did)
        }
        did.endField()

        // GENDER
        var sex: UInt8? = person.sex
        u = rng.nextUnit()
        if u < rates.sexMissing {
            defects.insert(.sexMissing)
            let which = rng.below(3)
            sex = which == 0 ? 0 : (which == 1 ? 9 : nil)
        } else if u - rates.sexMissing < rates.sexWrong {
            defects.insert(.sexWrong)
            sex = 3 - person.sex
        }
        let letters = rng.chance(rates.sexLetter)
        if letters { defects.insert(.sexLetter) }
        if let sex {
            if letters {
                did.append(sex == 1 ? UInt8(ascii: "M") : (sex == 2 ? UInt8(ascii: "F") : UInt8(ascii: "U")))
            } else {
                did.append(UInt8(ascii: "0") + sex)
            }
        }
        did.endField()

        // POSTCODE
        appendPostcode(person, &rng, &defects, to: &did)
        did.endField()

        // TEST_DATE
        Self.appendDate(testDay(r), style: dateStyle, to: &did)
        did.endField()

        // MODALITY, NICIP_CODE, PROVIDER_CODE, PATIENT_SOURCE_SETTING
        let (modality, nicip) = ImagingTests.randomTest(rng.nextUnit())
        did.append(modality)
        did.endField()
        did.append(nicip)
        did.endField()
        did.append(geography.providers[Int(person.postcode.district)])
        did.endField()
        did.append(ImagingTests.randomSetting(rng.nextUnit()))
        did.endField()

        // truth: DID_ID, HESID, DEFECTS, ALSO_HESID
        truth.append(UInt8(ascii: "D"))
        truth.appendDecimal(UInt64(r + 1), width: 10)
        truth.endField()
        if !outside { truth.appendDecimal(person.hesid) }
        truth.endField()
        defects.append(to: &truth)
        truth.endField()
        if !outside, let duplicate { truth.appendDecimal(duplicate) }
        truth.endField()
    }

    private func randomDateStyle(_ rng: inout SplitMix64) -> DateStyle {
        let u = rng.nextUnit()
        if u < rates.dateDayMonthYear { return .dayMonthYear }
        if u - rates.dateDayMonthYear < rates.dateCompact { return .compact }
        return .iso
    }

    /// The birth date the record shows (nil when missing), recording the defect drawn.
    private func birthDate(_ birth: Int, _ rng: inout SplitMix64, _ defects: inout Defects) -> Int? {
        let (year, month, day) = CivilDate.civil(birth)
        var u = rng.nextUnit()
        if u < rates.dobMissing {
            defects.insert(.dobMissing)
            return nil
        }
        u -= rates.dobMissing
        if u < rates.dobDigit {
            if let changed = oneDigitChanged(year, month, day, &rng) {
                defects.insert(.dobDigit)
                return changed
            }
            defects.insert(.dobYear)
            return yearOff(year, month, day, &rng)
        }
        u -= rates.dobDigit
        if u < rates.dobYear {
            defects.insert(.dobYear)
            return yearOff(year, month, day, &rng)
        }
        u -= rates.dobYear
        if u < rates.dobSwap {
            if day <= 12, day != month {
                defects.insert(.dobSwap)
                return CivilDate.day(year: year, month: day, day: month)
            }
            return birth
        }
        u -= rates.dobSwap
        if u < rates.dobPlaceholder {
            defects.insert(.dobPlaceholder)
            return rng.chance(rates.dobPlaceholder1900)
                ? CivilDate.day(year: 1900, month: 1, day: 1) : CivilDate.day(year: year, month: 1, day: 1)
        }
        return birth
    }

    /// The birth date with one of its last six digits (YY MM DD of YYYYMMDD) changed to another
    /// digit, still a real date before the period; nil if twenty tries find none.
    private func oneDigitChanged(_ year: Int, _ month: Int, _ day: Int, _ rng: inout SplitMix64) -> Int? {
        for _ in 0..<20 {
            var parts = [year / 10 % 10, year % 10, month / 10, month % 10, day / 10, day % 10]
            let position = rng.below(6)
            parts[position] = (parts[position] + 1 + rng.below(9)) % 10
            let newYear = year / 100 * 100 + parts[0] * 10 + parts[1]
            let newMonth = parts[2] * 10 + parts[3]
            let newDay = parts[4] * 10 + parts[5]
            guard CivilDate.isValid(year: newYear, month: newMonth, day: newDay) else { continue }
            let changed = CivilDate.day(year: newYear, month: newMonth, day: newDay)
            if changed < startDay { return changed }
        }
        return nil
    }

    /// The birth year one earlier or later (later only when still before the period); 29 February
    /// becomes 28 February.
    private func yearOff(_ year: Int, _ month: Int, _ day: Int, _ rng: inout SplitMix64) -> Int {
        var newYear = rng.chance(0.5) ? year + 1 : year - 1
        var newDay = day
        if !CivilDate.isValid(year: newYear, month: month, day: newDay) { newDay = 28 }
        if CivilDate.day(year: newYear, month: month, day: newDay) >= startDay { newYear = year - 1 }
        if !CivilDate.isValid(year: newYear, month: month, day: newDay) { newDay = 28 }
        return CivilDate.day(year: newYear, month: month, day: newDay)
    }

    private func appendPostcode(_ person: Person, _ rng: inout SplitMix64, _ defects: inout Defects, to did: inout FieldBuffer) {
        var postcode = person.postcode
        var u = rng.nextUnit()
        var typo = false
        var pseudo = false
        if u < rates.postcodeMovedDistrict {
            defects.insert(.postcodeMovedDistrict)
            postcode = geography.movedWithinDistrict(postcode, &rng)
        } else if (u - rates.postcodeMovedDistrict) < rates.postcodeMovedFar {
            defects.insert(.postcodeMovedFar)
            postcode = geography.movedFar(postcode, &rng)
        } else {
            u -= rates.postcodeMovedDistrict + rates.postcodeMovedFar
            if u < rates.postcodeEarlier {
                if person.historyCount > 0 {
                    defects.insert(.postcodeEarlier)
                    postcode = person.earlier(rng.below(person.historyCount))
                }
            } else if u - rates.postcodeEarlier < rates.postcodeMissing {
                defects.insert(.postcodeMissing)
                return
            } else if u - rates.postcodeEarlier - rates.postcodeMissing < rates.postcodeTypo {
                defects.insert(.postcodeTypo)
                typo = true
            } else if u - rates.postcodeEarlier - rates.postcodeMissing - rates.postcodeTypo < rates.postcodePseudo {
                defects.insert(.postcodePseudo)
                pseudo = true
            }
        }
        var bytes: [UInt8]
        if pseudo {
            bytes = Array((rng.chance(0.5) ? "ZZ99 3VZ" : "ZZ99 3WZ").utf8)
        } else {
            bytes = geography.bytes(postcode)
        }
        if typo { Self.mistype(&bytes, &rng) }
        if rng.chance(rates.postcodeMessy) {
            switch rng.below(3) {
            case 0: bytes = bytes.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
            case 1: bytes.removeAll { $0 == UInt8(ascii: " ") }
            default:
                if let space = bytes.firstIndex(of: UInt8(ascii: " ")) { bytes.insert(UInt8(ascii: " "), at: space) }
            }
        }
        did.append(bytes)
    }

    /// Changes one letter or digit of a postcode to another of its kind.
    static func mistype(_ bytes: inout [UInt8], _ rng: inout SplitMix64) {
        let positions = bytes.indices.filter { bytes[$0] != UInt8(ascii: " ") }
        let position = positions[rng.below(positions.count)]
        let old = bytes[position]
        if old >= UInt8(ascii: "0"), old <= UInt8(ascii: "9") {
            bytes[position] = UInt8(ascii: "0") + UInt8((Int(old - UInt8(ascii: "0")) + 1 + rng.below(9)) % 10)
        } else {
            bytes[position] = UInt8(ascii: "A") + UInt8((Int(old - UInt8(ascii: "A")) + 1 + rng.below(25)) % 26)
        }
    }

    /// The ten ASCII digits of an NHS number.
    static func digits(_ number: UInt64) -> [UInt8] {
        var digits = [UInt8](repeating: UInt8(ascii: "0"), count: 10)
        var rest = number
        for position in stride(from: 9, through: 0, by: -1) {
            digits[position] = UInt8(ascii: "0") + UInt8(rest % 10)
            rest /= 10
        }
        return digits
    }

    /// The number with one digit changed, or two different adjacent digits swapped. Modulus 11
    /// catches both, so the result is never a valid NHS number.
    static func mistyped(_ number: UInt64, swap: Bool, _ rng: inout SplitMix64) -> [UInt8] {
        var digits = digits(number)
        if swap {
            let start = rng.below(9)
            for step in 0..<9 {
                let position = (start + step) % 9
                if digits[position] != digits[position + 1] {
                    digits.swapAt(position, position + 1)
                    return digits
                }
            }
        }
        let position = rng.below(10)
        let old = Int(digits[position] - UInt8(ascii: "0"))
        digits[position] = UInt8(ascii: "0") + UInt8((old + 1 + rng.below(9)) % 10)
        return digits
    }

    /// Appends a date in `style`.
    static func appendDate(_ dayNumber: Int, style: DateStyle, to buffer: inout FieldBuffer) {
        let (year, month, day) = CivilDate.civil(dayNumber)
        switch style {
        case .iso:
            buffer.appendDecimal(UInt64(year), width: 4)
            buffer.append(UInt8(ascii: "-"))
            buffer.appendDecimal(UInt64(month), width: 2)
            buffer.append(UInt8(ascii: "-"))
            buffer.appendDecimal(UInt64(day), width: 2)
        case .dayMonthYear:
            buffer.appendDecimal(UInt64(day), width: 2)
            buffer.append(UInt8(ascii: "/"))
            buffer.appendDecimal(UInt64(month), width: 2)
            buffer.append(UInt8(ascii: "/"))
            buffer.appendDecimal(UInt64(year), width: 4)
        case .compact:
            buffer.appendDecimal(UInt64(year), width: 4)
            buffer.appendDecimal(UInt64(month), width: 2)
            buffer.appendDecimal(UInt64(day), width: 2)
        }
    }
}
