import Comparators
import Foundation
import LinkIO

/// Column headers of the files `generate` writes.
public enum SynthFiles {
    public static let hes = ["HESID", "NEWNHSNO", "DOB", "SEX", "HOMEADD"]
    public static let did = ["DID_ID", "NHS_NUMBER", "PERSON_BIRTH_DATE", "GENDER", "POSTCODE", "TEST_DATE",
                             "MODALITY", "NICIP_CODE", "PROVIDER_CODE", "PATIENT_SOURCE_SETTING"]
    public static let truth = ["DID_ID", "HESID", "DEFECTS", "ALSO_HESID"]
    public static let oldNew = ["OLD_HESID", "NEW_HESID"]

    /// The DID release file names for `months` (nil: the single `did.csv`).
    public static func didNames(months: Int?) -> [String] {
        guard let months else { return ["did.csv"] }
        let width = max(2, String(months).count)
        return (1...months).map { "did-" + String(repeating: "0", count: width - String($0).count) + "\($0).csv" }
    }
}

/// Writes hes.csv, old_new_hesid.csv, the DID release(s) and truth.csv into `directory` (created if
/// needed). Every file is written atomically and committed only when all are complete.
///
/// Persons are generated in chunks on all cores and written in chunk order; DID records likewise,
/// each regenerating its person from (seed, index). Memory is a batch of chunks, independent of the
/// number of persons and records.
///
/// - Complexity: O(persons + didRecords) time.
/// - Throws: `SynthConfigError` listing every problem with `config`; `SynthOutputError` when the
///   folder cannot be made; `OutputError` when a file cannot be written.
// Over 60 lines on purpose: the files in the order they are written, each step a call.
public func generate(_ config: SynthConfig, into directory: URL) throws -> SynthSummary {
    let problems = config.problems()
    guard problems.isEmpty else { throw SynthConfigError(problems.joined(separator: "; ")) }
    do {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    } catch {
        throw SynthOutputError(path: directory.path, reason: "cannot create the folder")
    }
    let threads = config.threads ?? max(1, ProcessInfo.processInfo.activeProcessorCount)
    let startDay = config.monthStartDay(0)
    let population = Population(seed: config.seed, rates: config.rates, hesCount: config.persons, referenceDay: startDay)

    // HES index and merged HESIDs.
    let hesWriter = try CSVWriter(url: directory.appendingPathComponent("hes.csv"), header: SynthFiles.hes)
    let oldNewWriter = try CSVWriter(url: directory.appendingPathComponent("old_new_hesid.csv"), header: SynthFiles.oldNew)
    var hesRows = 0
    var merged = 0
    let personChunk = config.chunkSize
    let personChunks = (config.persons + personChunk - 1) / personChunk
    try runChunksInOrder(count: personChunks, threads: threads, produce: { chunk in
        let range = (chunk * personChunk)..<min(config.persons, (chunk + 1) * personChunk)
        return HESChunk(population: population, range: range)
    }, consume: { chunk in
        try chunk.hes.write(to: hesWriter)
        try chunk.oldNew.write(to: oldNewWriter)
        hesRows += chunk.rowCount
        merged += chunk.mergedCount
    })

    // DID releases and truth.
    let periodDays = config.monthStartDay(config.periodMonths) - startDay
    let generator = DIDGenerator(population: population, records: config.didRecords, startDay: startDay, periodDays: periodDays)
    let truthWriter = try CSVWriter(url: directory.appendingPathComponent("truth.csv"), header: SynthFiles.truth)
    let names = SynthFiles.didNames(months: config.months)
    var didWriters: [CSVWriter] = []
    var notInHES = 0
    for (release, name) in names.enumerated() {
        let writer = try CSVWriter(url: directory.appendingPathComponent(name), header: SynthFiles.did)
        didWriters.append(writer)
        let first = config.months == nil ? 0 : generator.firstRecord(onOrAfter: config.monthStartDay(release))
        let end = config.months == nil ? config.didRecords : generator.firstRecord(onOrAfter: config.monthStartDay(release + 1))
        let chunkSize = config.chunkSize
        let chunks = (end - first + chunkSize - 1) / chunkSize
        try runChunksInOrder(count: chunks, threads: threads, produce: { chunk in
            let range = (first + chunk * chunkSize)..<min(end, first + (chunk + 1) * chunkSize)
            return DIDChunk(generator: generator, range: range)
        }, consume: { chunk in
            try chunk.did.write(to: writer)
            try chunk.truth.write(to: truthWriter)
            notInHES += chunk.notInHESCount
        })
    }

    try hesWriter.commit()
    try oldNewWriter.commit()
    for writer in didWriters { try writer.commit() }
    try truthWriter.commit()
    return SynthSummary(
        hesPersons: config.persons, hesRows: hesRows, didRecords: config.didRecords, didNotInHES: notInHES,
        mergedHESIDs: merged, files: ["hes.csv", "old_new_hesid.csv"] + names + ["truth.csv"])
}

/// The hes.csv and old_new_hesid.csv rows of a range of persons.
struct HESChunk: Sendable {
    var hes: FieldBuffer
    var oldNew = FieldBuffer()
    var rowCount = 0
    var mergedCount = 0

    init(population: Population, range: Range<Int>) {
        hes = FieldBuffer(reservingBytes: range.count * 64)
        let geography = population.geography
        for index in range {
            let person = population.person(index)
            var style = SplitMix64(seed: population.seed, purpose: .hesRow, index: index)
            let normalForm = population.rates.hesPostcodeNormal
            func row(_ hesid: UInt64, _ postcode: Postcode, _ hes: inout FieldBuffer) {
                hes.appendDecimal(hesid)
                hes.endField()
                if !person.hesNHSMissing { hes.appendDecimal(person.nhsNumber, width: 10) }
                hes.endField()
                DIDGenerator.appendDate(person.birth, style: .iso, to: &hes)
                hes.endField()
                hes.append(UInt8(ascii: "0") + person.hesSex)
                hes.endField()
                geography.append(postcode, to: &hes, hesForm: !style.chance(normalForm))
                hes.endField()
            }
            row(person.hesid, person.postcode, &hes)
            for k in 0..<person.historyCount { row(person.hesid, person.earlier(k), &hes) }
            rowCount += 1 + person.historyCount
            if let duplicate = person.duplicateHESID {
                row(duplicate, person.postcode, &hes)
                rowCount += 1
            }
            if let old = person.oldHESID {
                if person.oldHESIDInHES {
                    // The old HESID's row holds the address the person had when it was issued.
                    row(old, person.historyCount > 0 ? person.earlier(person.historyCount - 1) : person.postcode, &hes)
                    rowCount += 1
                }
                oldNew.appendDecimal(old)
                oldNew.endField()
                oldNew.appendDecimal(person.hesid)
                oldNew.endField()
                mergedCount += 1
            }
        }
    }
}

/// The DID and truth rows of a range of records.
struct DIDChunk: Sendable {
    var did: FieldBuffer
    var truth: FieldBuffer
    var notInHESCount = 0

    init(generator: DIDGenerator, range: Range<Int>) {
        did = FieldBuffer(reservingBytes: range.count * 96)
        truth = FieldBuffer(reservingBytes: range.count * 32)
        for record in range {
            generator.emit(record, did: &did, truth: &truth)
            if generator.patientIndex(record).outside { notInHESCount += 1 }
        }
    }
}

/// The output folder could not be created. Exits 1 (not bad input).
public struct SynthOutputError: Error, Equatable, Sendable, CustomStringConvertible {
    public var path: String
    public var reason: String
    public var description: String { "\(path): \(reason)" }
}
