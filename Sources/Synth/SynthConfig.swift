import Foundation

/// What to synthesise: sizes, seed, release period and rates. Same config → byte-identical files,
/// whatever `threads` is.
public struct SynthConfig: Sendable {
    /// HES persons (HESIDs). hes.csv has one row per person plus address-history and old-HESID rows.
    public var persons: Int
    /// DID records, over all releases.
    public var didRecords: Int
    public var seed: UInt64
    /// Monthly releases `did-01.csv`…; nil writes one `did.csv` covering twelve months.
    public var months: Int?
    /// A release series: one folder per month (`month-01/`…), each with that month's HES index and
    /// the DID history to date (`ReleaseMonth`), instead of one set of files.
    public var series = false
    /// First month of the release period (TEST_DATEs fall in it). Birth dates are before its first day.
    public var startYear: Int
    public var startMonth: Int
    public var rates: SynthRates
    /// Worker threads; nil for all cores. Never changes the output.
    public var threads: Int?
    /// Persons or records per unit of parallel work. Never changes the output.
    public var chunkSize: Int

    public init(persons: Int, didRecords: Int, seed: UInt64 = 1, months: Int? = nil,
                startYear: Int = 2025, startMonth: Int = 1, rates: SynthRates = SynthRates(),
                threads: Int? = nil, chunkSize: Int = 32_768) {
        self.persons = persons
        self.didRecords = didRecords
        self.seed = seed
        self.months = months
        self.startYear = startYear
        self.startMonth = startMonth
        self.rates = rates
        self.threads = threads
        self.chunkSize = chunkSize
    }

    /// The small standard fixture other modules' tests generate in-process (2,000 HES persons,
    /// 1,000 DID records, seed 1): `try generate(.fixture, into: folder)`.
    public static let fixture = SynthConfig(persons: 2_000, didRecords: 1_000, seed: 1)

    /// The months the releases cover (twelve without `months`).
    var periodMonths: Int { months ?? 12 }

    /// Day number of the first day of month `offset` after the period start.
    func monthStartDay(_ offset: Int) -> Int {
        let total = startYear * 12 + (startMonth - 1) + offset
        return CivilDate.day(year: total / 12, month: total % 12 + 1, day: 1)
    }

    /// The reference date for validity: the period's first day, `YYYY-MM-DD`. Every birth date is before it.
    public var referenceDate: String {
        String(format: "%04d-%02d-01", startYear, startMonth)
    }

    /// Every problem with this config, at once.
    public func problems() -> [String] {
        var problems: [String] = []
        if persons < 0 { problems.append("the number of HES persons must not be negative") }
        if didRecords < 0 { problems.append("the number of DID records must not be negative") }
        if let months, !(1...120).contains(months) { problems.append("months must be in 1...120") }
        if !(1900...2100).contains(startYear) || !(1...12).contains(startMonth) {
            problems.append("the period must start in a month of 1900...2100")
        }
        if threads.map({ $0 < 1 }) ?? false { problems.append("threads must be at least 1") }
        if chunkSize < 1 { problems.append("chunk size must be at least 1") }
        problems += rates.problems()
        if problems.isEmpty {
            let patients = Double(didRecords) / rates.testsPerPatient + 8
            if Double((max(persons, 0) + 7) / 8 * 8) + patients > Double(Identifiers.personCapacity) {
                problems.append("at most \(Identifiers.personCapacity) persons (HES persons + DID patients not in HES) have distinct NHS numbers")
            }
        }
        return problems
    }
}

/// What `generate` wrote.
public struct SynthSummary: Sendable, Equatable {
    public var hesPersons: Int
    public var hesRows: Int
    public var didRecords: Int
    /// DID records whose person is not in HES.
    public var didNotInHES: Int
    /// Rows of old_new_hesid.csv.
    public var mergedHESIDs: Int
    /// File names written, in the order written.
    public var files: [String]
}
