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

    /// The folder of series month `month` of `months` (`month-01`…).
    public static func monthFolder(_ month: Int, of months: Int) -> String {
        let width = max(2, String(months).count)
        return "month-" + String(repeating: "0", count: width - String(month).count) + "\(month)"
    }

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
/// `stages` times each file as it is written (a series: inside its month's folder), counting the
/// persons or records generated, for a progress display.
///
/// - Complexity: O(persons + didRecords) time.
/// - Throws: `SynthConfigError` listing every problem with `config`; `SynthOutputError` when the
///   folder cannot be made; `OutputError` when a file cannot be written.
// Over 60 lines on purpose: the files in the order they are written, each step a call.
public func generate(_ config: SynthConfig, into directory: URL, stages: StageLog = StageLog()) throws -> SynthSummary {
    let problems = config.problems()
    guard problems.isEmpty else { throw SynthConfigError(problems.joined(separator: "; ")) }
    try makeFolder(directory)
    let population = Population(seed: config.seed, rates: config.rates, hesCount: config.persons, referenceDay: config.monthStartDay(0))
    guard config.series else { return try writeRelease(config, population: population, month: nil, into: directory, stages: stages) }
    var summary = SynthSummary(hesPersons: 0, hesRows: 0, didRecords: 0, didNotInHES: 0, mergedHESIDs: 0, files: [])
    for month in 1...config.periodMonths {
        let folder = SynthFiles.monthFolder(month, of: config.periodMonths)
        try makeFolder(directory.appendingPathComponent(folder))
        let release = ReleaseMonth(month: month, months: config.periodMonths, seed: config.seed, rates: config.rates)
        var written = try stages.time(folder) {
            try writeRelease(config, population: population, month: release, into: directory.appendingPathComponent(folder), stages: stages)
        }
        written.files = summary.files + written.files.map { folder + "/" + $0 }
        summary = written
    }
    return summary
}

private func makeFolder(_ url: URL) throws {
    do {
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    } catch {
        throw SynthOutputError(path: url.path, reason: "cannot create the folder")
    }
}

/// Writes one release's files into `directory`: the whole period's (`month` nil), or a series
/// month's HES index and DID history to date (`ReleaseMonth`). The summary counts this release.
// Over 60 lines on purpose: the files in the order they are written, each step a call.
private func writeRelease(
    _ config: SynthConfig, population: Population, month: ReleaseMonth?, into directory: URL, stages: StageLog
) throws -> SynthSummary {
    let threads = config.threads ?? max(1, ProcessInfo.processInfo.activeProcessorCount)
    let startDay = config.monthStartDay(0)

    // HES index and merged HESIDs.
    let hesWriter = try CSVWriter(url: directory.appendingPathComponent("hes.csv"), header: SynthFiles.hes)
    let oldNewWriter = try CSVWriter(url: directory.appendingPathComponent("old_new_hesid.csv"), header: SynthFiles.oldNew)
    var hesPersons = 0
    var hesRows = 0
    var merged = 0
    let personChunk = config.chunkSize
    let personChunks = (config.persons + personChunk - 1) / personChunk
    try stages.time("hes.csv", counting: config.persons, of: .items("persons")) { personsDone in
        try runChunksInOrder(count: personChunks, threads: threads, produce: { chunk in
            let range = (chunk * personChunk)..<min(config.persons, (chunk + 1) * personChunk)
            return HESChunk(population: population, range: range, month: month)
        }, consume: { chunk in
            try chunk.hes.write(to: hesWriter)
            try chunk.oldNew.write(to: oldNewWriter)
            hesPersons += chunk.personCount
            hesRows += chunk.rowCount
            merged += chunk.mergedCount
            personsDone.add(chunk.range.count)
        })
    }

    // DID releases and truth.
    let periodDays = config.monthStartDay(config.periodMonths) - startDay
    let generator = DIDGenerator(population: population, records: config.didRecords, startDay: startDay, periodDays: periodDays)
    let monthStarts = (0...config.periodMonths).map { generator.firstRecord(onOrAfter: config.monthStartDay($0)) }
    let truthWriter = try CSVWriter(url: directory.appendingPathComponent("truth.csv"), header: SynthFiles.truth)
    let names = month == nil ? SynthFiles.didNames(months: config.months) : ["did.csv"]
    var didWriters: [CSVWriter] = []
    var records = 0
    var notInHES = 0
    for (release, name) in names.enumerated() {
        let writer = try CSVWriter(url: directory.appendingPathComponent(name), header: SynthFiles.did)
        didWriters.append(writer)
        let split = month == nil && config.months != nil
        let first = split ? monthStarts[release] : 0
        let end = split ? monthStarts[release + 1] : (month.map { monthStarts[$0.month] } ?? config.didRecords)
        let chunkSize = config.chunkSize
        let chunks = (end - first + chunkSize - 1) / chunkSize
        try stages.time(name, counting: end - first, of: .items("records")) { recordsDone in
            try runChunksInOrder(count: chunks, threads: threads, produce: { chunk in
                let range = (first + chunk * chunkSize)..<min(end, first + (chunk + 1) * chunkSize)
                return DIDChunk(generator: generator, range: range, month: month, monthStarts: monthStarts)
            }, consume: { chunk in
                try chunk.did.write(to: writer)
                try chunk.truth.write(to: truthWriter)
                records += chunk.recordCount
                notInHES += chunk.notInHESCount
                recordsDone.add(chunk.range.count)
            })
        }
    }

    try hesWriter.commit()
    try oldNewWriter.commit()
    for writer in didWriters { try writer.commit() }
    try truthWriter.commit()
    return SynthSummary(
        hesPersons: hesPersons, hesRows: hesRows, didRecords: records, didNotInHES: notInHES,
        mergedHESIDs: merged, files: ["hes.csv", "old_new_hesid.csv"] + names + ["truth.csv"])
}

/// The hes.csv and old_new_hesid.csv rows of a range of persons.
struct HESChunk: Sendable {
    var hes: FieldBuffer
    var oldNew = FieldBuffer()
    /// The persons generated (in HES or not).
    var range: Range<Int>
    var personCount = 0
    var rowCount = 0
    var mergedCount = 0

    /// `month`: a series month's index (persons not yet in HES left out, duplicates merged by then
    /// mapped in old_new_hesid.csv).
    init(population: Population, range: Range<Int>, month: ReleaseMonth? = nil) {
        hes = FieldBuffer(reservingBytes: range.count * 64)
        self.range = range
        let geography = population.geography
        for index in range {
            if let month, !month.isInHES(index) { continue }
            personCount += 1
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
                if month?.isMerged(index) ?? false {
                    oldNew.appendDecimal(duplicate)
                    oldNew.endField()
                    oldNew.appendDecimal(person.hesid)
                    oldNew.endField()
                    mergedCount += 1
                }
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
    /// The records generated (withdrawn ones too).
    var range: Range<Int>
    var recordCount = 0
    var notInHESCount = 0

    /// `month`: a series month (withdrawn records left out, corrections applied); `monthStarts[m]` is
    /// the first record tested in month m + 1 (0-based m).
    init(generator: DIDGenerator, range: Range<Int>, month: ReleaseMonth? = nil, monthStarts: [Int] = []) {
        did = FieldBuffer(reservingBytes: range.count * 96)
        self.range = range
        truth = FieldBuffer(reservingBytes: range.count * 32)
        for record in range {
            var corrected = false
            if let month {
                let tested = monthStarts.lastIndex(where: { $0 <= record }).map { $0 + 1 } ?? 1
                guard let state = month.record(record, testedIn: tested) else { continue }
                corrected = state
            }
            generator.emit(record, did: &did, truth: &truth, month: month, corrected: corrected)
            recordCount += 1
            let (index, outside) = generator.patientIndex(record)
            if outside || !(month?.isInHES(index) ?? true) { notInHESCount += 1 }
        }
    }
}

/// The output folder could not be created. Exits 1 (not bad input).
public struct SynthOutputError: Error, Equatable, Sendable, CustomStringConvertible {
    public var path: String
    public var reason: String
    public var description: String { "\(path): \(reason)" }
}
