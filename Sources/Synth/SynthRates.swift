/// Every rate the generator uses, with its default. `docs/synth.md` holds the same table (a test
/// keeps the two identical); `linkfit synth --rates` prints it and `--rate name=value` overrides one.
///
/// Rates named after a defect label are the probability that a DID record carries that defect
/// (conditional rates say what they are conditional on). Within one field (NHS number, birth date,
/// sex, postcode) the defects are exclusive, so their rates must sum to at most 1; across fields they
/// are independent, which keeps severe multi-defect combinations rare.
public struct SynthRates: Sendable, Equatable {
    // Population (per person, written to hes.csv)
    public var twinPairs = 0.015
    public var twinSameSex = 0.65
    public var householdJoin = 0.45
    public var communal = 0.06
    public var personsPerCareHome = 2500.0
    public var addressHistory = 0.3
    public var historySameDistrict = 0.7
    public var hesNHSMissing = 0.01
    public var hesSexUnknown = 0.005
    public var hesPostcodeNormal = 0.3
    public var oldHESID = 0.01
    public var oldHESIDInHES = 0.5
    public var hesDuplicate = 0.005
    // DID records
    public var testsPerPatient = 2.5
    public var notInHES = 0.05
    public var nhsMissing = 0.04
    public var nhsTypo = 0.01
    public var nhsTypoSwap = 0.4
    public var nhsRelative = 0.003
    public var nhsSpaced = 0.15
    public var nhsDashed = 0.03
    public var dobMissing = 0.005
    public var dobDigit = 0.008
    public var dobYear = 0.004
    public var dobSwap = 0.003
    public var dobPlaceholder = 0.003
    public var dobPlaceholder1900 = 0.3
    public var dateDayMonthYear = 0.15
    public var dateCompact = 0.05
    public var sexMissing = 0.01
    public var sexWrong = 0.003
    public var sexLetter = 0.05
    public var postcodeMovedDistrict = 0.06
    public var postcodeMovedFar = 0.02
    public var postcodeEarlier = 0.1
    public var postcodeMissing = 0.02
    public var postcodeTypo = 0.01
    public var postcodePseudo = 0.005
    public var postcodeMessy = 0.1
    // Release series (`--series`)
    public var hesLate = 0.01
    public var duplicateMerged = 0.5
    public var didCorrected = 0.3
    public var didWithdrawn = 0.002

    public init() {}

    /// One row of the rates table.
    public struct Entry: Sendable {
        /// The name `--rate` takes, e.g. `nhs-missing`.
        public let name: String
        /// The defect label it produces in truth.csv, or empty for population shape and formats.
        public let label: String
        public let meaning: String
        /// The allowed values (most are probabilities).
        public let range: ClosedRange<Double>
        let keyPath: WritableKeyPath<SynthRates, Double> & Sendable

        init(_ name: String, _ keyPath: WritableKeyPath<SynthRates, Double> & Sendable, label: String = "",
             range: ClosedRange<Double> = 0...1, _ meaning: String) {
            self.name = name
            self.keyPath = keyPath
            self.label = label
            self.range = range
            self.meaning = meaning
        }

        /// This entry's default value.
        public var defaultValue: Double { SynthRates()[keyPath: keyPath] }
    }

    /// The table, in the order `--rates` and docs/synth.md list it.
    public static let table: [Entry] = [
        Entry("twin-pairs", \.twinPairs, label: "twin",
              "Share of person pairs (2j, 2j+1) that are twins: same birth date and household postcode, different NHS numbers. Label on every DID record of a person whose twin is in HES."),
        Entry("twin-same-sex", \.twinSameSex, "Share of twin pairs of the same sex."),
        Entry("household-join", \.householdJoin,
              "Probability a person lives with the previous person (households within blocks of 8 persons; a relative is another member)."),
        Entry("communal", \.communal, label: "communal",
              "Share of people aged 75 or over living at a communal postcode (care home) shared with many others."),
        Entry("persons-per-care-home", \.personsPerCareHome, range: 1...1_000_000_000,
              "Persons per communal postcode in the population (about 40 residents each at the defaults)."),
        Entry("address-history", \.addressHistory,
              "Probability a HESID has an earlier postcode row in hes.csv (repeated for a second and third)."),
        Entry("history-same-district", \.historySameDistrict, "Share of earlier postcodes in the same district."),
        Entry("hes-nhs-missing", \.hesNHSMissing, label: "hes-nhs-missing", "HES persons with NEWNHSNO empty."),
        Entry("hes-sex-unknown", \.hesSexUnknown, label: "hes-sex-unknown", "HES persons with SEX 0 or 9 (the DID carries the true sex)."),
        Entry("hes-postcode-normal", \.hesPostcodeNormal,
              "HOMEADD written `M1 1AA` rather than the 8-character HES form `M1   1AA`."),
        Entry("old-hesid", \.oldHESID, "Persons who once held a second HESID, merged into the current one (old_new_hesid.csv)."),
        Entry("old-hesid-in-hes", \.oldHESIDInHES, label: "old-hesid",
              "Of those, share whose old HESID still has a row in hes.csv (truth is always the current HESID)."),
        Entry("hes-duplicate", \.hesDuplicate, label: "hes-duplicate",
              "HES persons held twice: a second live HESID (not in old_new_hesid.csv) with the same NHS number, birth date, sex and postcode; a link to either is right (truth.csv ALSO_HESID)."),
        Entry("tests-per-patient", \.testsPerPatient, range: 1...100,
              "Mean imaging tests per DID patient (Poisson: each record picks one of M / this many patients)."),
        Entry("not-in-hes", \.notInHES, label: "not-in-hes", "DID patients who are not in HES: the record must stay unlinked."),
        Entry("nhs-missing", \.nhsMissing, label: "nhs-missing", "DID NHS_NUMBER empty."),
        Entry("nhs-typo", \.nhsTypo, label: "nhs-typo",
              "DID NHS_NUMBER mistyped: one digit changed, or two different adjacent digits swapped (the check digit catches both)."),
        Entry("nhs-typo-swap", \.nhsTypoSwap, "Share of NHS typos that are adjacent swaps (the rest change one digit)."),
        Entry("nhs-relative", \.nhsRelative, label: "nhs-relative",
              "DID NHS_NUMBER is a relative's valid number (another household member, else the neighbouring person)."),
        Entry("nhs-spaced", \.nhsSpaced, "DID NHS_NUMBER written `943 476 5919`."),
        Entry("nhs-dashed", \.nhsDashed, "DID NHS_NUMBER written `943-476-5919`."),
        Entry("dob-missing", \.dobMissing, label: "dob-missing", "DID PERSON_BIRTH_DATE empty."),
        Entry("dob-digit", \.dobDigit, label: "dob-digit", "One digit of the birth date wrong (still a real date)."),
        Entry("dob-year", \.dobYear, label: "dob-year", "Birth year off by one."),
        Entry("dob-swap", \.dobSwap, label: "dob-swap", "Day and month swapped, of records whose birth day is 1–12 and differs from the month."),
        Entry("dob-placeholder", \.dobPlaceholder, label: "dob-placeholder", "Birth date replaced by a placeholder: 1 January of the true year, or 1900-01-01."),
        Entry("dob-placeholder-1900", \.dobPlaceholder1900, "Share of placeholders that are 1900-01-01."),
        Entry("date-dmy", \.dateDayMonthYear, "DID records whose dates are written `DD/MM/YYYY`."),
        Entry("date-compact", \.dateCompact, "DID records whose dates are written `YYYYMMDD` (the rest `YYYY-MM-DD`)."),
        Entry("sex-missing", \.sexMissing, label: "sex-missing", "DID GENDER 0, 9 or empty (U or empty in letters)."),
        Entry("sex-wrong", \.sexWrong, label: "sex-wrong", "DID GENDER the other sex."),
        Entry("sex-letter", \.sexLetter, label: "sex-letter", "DID GENDER written M/F/U instead of 1/2/0 (a format, not an error)."),
        Entry("postcode-moved-district", \.postcodeMovedDistrict, label: "postcode-moved-district",
              "Moved within the district: a new DID postcode in the same district, not in HES."),
        Entry("postcode-moved-far", \.postcodeMovedFar, label: "postcode-moved-far", "Moved to another district: a new DID postcode not in HES."),
        Entry("postcode-earlier", \.postcodeEarlier, label: "postcode-earlier",
              "DID postcode is one of the person's earlier HES postcodes, of records whose HESID has address history."),
        Entry("postcode-missing", \.postcodeMissing, label: "postcode-missing", "DID POSTCODE empty."),
        Entry("postcode-typo", \.postcodeTypo, label: "postcode-typo", "One character of the DID postcode wrong."),
        Entry("postcode-pseudo", \.postcodePseudo, label: "postcode-pseudo", "DID POSTCODE a `ZZ99` pseudo-postcode (`ZZ99 3VZ`, `ZZ99 3WZ`)."),
        Entry("postcode-messy", \.postcodeMessy, "DID postcodes in lower case, without the space, or with two spaces."),
        Entry("hes-late", \.hesLate,
              "Series only: HES persons who first appear in HES in month 2…K (before that their DID records are not in HES: truth empty, label `not-in-hes`)."),
        Entry("duplicate-merged", \.duplicateMerged,
              "Series only: of persons held twice (`hes-duplicate`), share whose second HESID is merged into the first in month 2…K (old_new_hesid.csv grows)."),
        Entry("did-corrected", \.didCorrected,
              "Series only: DID records whose NHS number has a defect resubmitted with the right number in the month after their test (same DID_ID)."),
        Entry("did-withdrawn", \.didWithdrawn,
              "Series only: DID records withdrawn by their provider in the month after their test (absent from later releases)."),
    ]

    /// The entry named `name`, if any.
    public static func entry(named name: String) -> Entry? { table.first { $0.name == name } }

    /// Sets the rate named `name`.
    ///
    /// - Throws: `SynthConfigError` for an unknown name or a value outside the entry's range.
    public mutating func set(_ name: String, to value: Double) throws {
        guard let entry = Self.entry(named: name) else {
            throw SynthConfigError("unknown rate '\(name)'; valid names: " + Self.table.map(\.name).joined(separator: ", "))
        }
        guard value.isFinite, entry.range.contains(value) else {
            throw SynthConfigError("rate '\(name)' must be in \(Self.format(entry.range.lowerBound))...\(Self.format(entry.range.upperBound))")
        }
        self[keyPath: entry.keyPath] = value
    }

    /// Every problem with these rates: exclusive defects of one field must sum to at most 1.
    public func problems() -> [String] {
        var problems: [String] = []
        for entry in Self.table where !entry.range.contains(self[keyPath: entry.keyPath]) || !self[keyPath: entry.keyPath].isFinite {
            problems.append("rate '\(entry.name)' must be in \(Self.format(entry.range.lowerBound))...\(Self.format(entry.range.upperBound))")
        }
        let groups: [(String, Double)] = [
            ("nhs-missing + nhs-typo + nhs-relative", nhsMissing + nhsTypo + nhsRelative),
            ("nhs-spaced + nhs-dashed", nhsSpaced + nhsDashed),
            ("dob-missing + dob-digit + dob-year + dob-swap + dob-placeholder", dobMissing + dobDigit + dobYear + dobSwap + dobPlaceholder),
            ("date-dmy + date-compact", dateDayMonthYear + dateCompact),
            ("sex-missing + sex-wrong", sexMissing + sexWrong),
            ("postcode-moved-district + postcode-moved-far + postcode-earlier + postcode-missing + postcode-typo + postcode-pseudo",
             postcodeMovedDistrict + postcodeMovedFar + postcodeEarlier + postcodeMissing + postcodeTypo + postcodePseudo),
        ]
        for (names, sum) in groups where sum > 1 {
            problems.append("\(names) must sum to at most 1")
        }
        return problems
    }

    /// A rate as the table prints it: the shortest decimal that reads back the same.
    public static func format(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        return "\(value)"
    }
}

/// A synthesis setting is wrong (a rate out of range, an unknown name, a size too large).
public struct SynthConfigError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
