import Foundation
import Testing
@testable import Synth

/// `SynthConfig.series`: month folders whose HES index grows and whose DID history is corrected.
@Suite struct ReleaseSeriesTests {
    static func series(threads: Int? = nil, label: String) throws -> GeneratedFiles {
        var rates = SynthRates()
        rates.hesLate = 0.1
        rates.didCorrected = 0.9
        rates.didWithdrawn = 0.05
        rates.hesDuplicate = 0.05
        var config = SynthConfig(persons: 4_000, didRecords: 3_000, seed: 9, months: 3, rates: rates)
        config.series = true
        config.threads = threads
        return try Fixtures.generate(config, label: label)
    }

    // Over 60 lines on purpose: each month against the one before it, every change the series promises.
    @Test func eachMonthIsTheHistoryToDateWithCorrectionsMergesAndNewPersons() throws {
        let files = try Self.series(label: "series")
        #expect(files.summary.files.first == "month-01/hes.csv")
        var previousDID: [String: [String]] = [:]
        var previousOldNew: Set<String> = []
        var previousHES: Set<String> = []
        var corrections = 0, withdrawn = 0, joined = 0, merged = 0
        for month in ["month-01", "month-02", "month-03"] {
            let did = try files.rows("\(month)/did.csv").dropFirst()
            let truth = try files.rows("\(month)/truth.csv").dropFirst()
            #expect(did.map { $0[0] } == truth.map { $0[0] }, "truth has one row per record, in order")
            // DID_IDs ascend (date order); a record seen before keeps its id and every field but the NHS number.
            #expect(did.map { $0[0] } == did.map { $0[0] }.sorted())
            let byID = Dictionary(uniqueKeysWithValues: did.map { ($0[0], $0) })
            for (id, before) in previousDID {
                guard let now = byID[id] else { withdrawn += 1; continue }
                #expect(Array(now[2...]) == Array(before[2...]), "\(id) changed beyond its NHS number")
                if now[1] != before[1] {
                    corrections += 1
                    #expect(!now[1].isEmpty)
                }
            }
            // Old_New_HESID only grows; so does the set of HESIDs.
            let oldNew = Set(try files.rows("\(month)/old_new_hesid.csv").dropFirst().map { $0.joined(separator: ",") })
            #expect(oldNew.isSuperset(of: previousOldNew))
            merged += oldNew.count - previousOldNew.count
            let hes = Set(try files.rows("\(month)/hes.csv").dropFirst().map { $0[0] })
            #expect(hes.isSuperset(of: previousHES))
            if !previousHES.isEmpty { joined += hes.count - previousHES.count }
            // The truth names only current HESIDs: never an old one.
            let old = Set(oldNew.map { String($0.split(separator: ",")[0]) })
            #expect(truth.allSatisfy { !old.contains($0[1]) && !old.contains($0[3]) })
            previousDID = byID
            previousOldNew = oldNew
            previousHES = hes
        }
        #expect(corrections > 10 && withdrawn > 10 && joined > 10 && merged > 3, "\(corrections) \(withdrawn) \(joined) \(merged)")
        // The same series with one thread: the same bytes.
        let single = try Self.series(threads: 1, label: "series-1")
        for name in files.summary.files { #expect(try single.bytes(name) == files.bytes(name), "\(name)") }
    }

    @Test func aSeriesOfOneMonthIsTheUsualFilesInAFolder() throws {
        var config = SynthConfig(persons: 2_000, didRecords: 1_000, seed: 1, months: 1)
        let flat = try Fixtures.generate(config, label: "flat")
        config.series = true
        let series = try Fixtures.generate(config, label: "one-month")
        for name in ["hes.csv", "old_new_hesid.csv", "truth.csv"] { #expect(try series.bytes("month-01/\(name)") == flat.bytes(name), "\(name)") }
        #expect(try series.bytes("month-01/did.csv") == flat.bytes("did-01.csv"))
    }
}
