import Foundation
import Testing
@testable import Synth

@Suite struct DeterminismTests {
    static let files = ["hes.csv", "old_new_hesid.csv", "did.csv", "truth.csv"]

    @Test func sameSeedGivesByteIdenticalFilesWhateverTheThreadsAndChunks() throws {
        let base = SynthConfig(persons: 5_000, didRecords: 3_000, seed: 42)
        var oneThread = base
        oneThread.threads = 1
        oneThread.chunkSize = 97
        var threeThreads = base
        threeThreads.threads = 3
        threeThreads.chunkSize = 256
        let a = try Fixtures.generate(base, label: "det-a")
        let b = try Fixtures.generate(oneThread, label: "det-b")
        let c = try Fixtures.generate(threeThreads, label: "det-c")
        for name in Self.files {
            let reference = try a.bytes(name)
            #expect(reference.count > 100, "\(name) is not empty")
            #expect(try b.bytes(name) == reference, "\(name) differs with 1 thread")
            #expect(try c.bytes(name) == reference, "\(name) differs with 3 threads")
        }
        #expect(a.summary == b.summary)
    }

    @Test func differentSeedGivesDifferentFiles() throws {
        let a = try Fixtures.generate(SynthConfig(persons: 2_000, didRecords: 1_000, seed: 1), label: "seed-1")
        let b = try Fixtures.generate(SynthConfig(persons: 2_000, didRecords: 1_000, seed: 2), label: "seed-2")
        for name in Self.files { #expect(try a.bytes(name) != b.bytes(name), "\(name) is the same for seeds 1 and 2") }
    }

    @Test func monthlyReleasesAreTheSameRecordsSplitInDateOrder() throws {
        var config = SynthConfig(persons: 3_000, didRecords: 3_000, seed: 5, months: 3)
        let split = try Fixtures.generate(config, label: "months")
        #expect(split.summary.files == ["hes.csv", "old_new_hesid.csv", "did-01.csv", "did-02.csv", "did-03.csv", "truth.csv"])
        var all: [[String]] = []
        var previous = (0, 0, 0)
        for (month, name) in ["did-01.csv", "did-02.csv", "did-03.csv"].enumerated() {
            let rows = try split.rows(name)
            #expect(rows.first == SynthFiles.did)
            #expect(rows.count > 900)
            for row in rows.dropFirst() {
                let date = try #require(Fixtures.parseDate(row[5]))
                #expect(date.0 == 2025 && date.1 == month + 1, "TEST_DATE in the release's month")
                #expect(date >= previous, "dates in order")
                previous = date
            }
            all += rows.dropFirst()
        }
        #expect(all.count == 3_000)
        let truth = try split.rows("truth.csv").dropFirst()
        #expect(truth.map { $0[0] } == all.map { $0[0] }, "truth follows the releases' record order")
        #expect(!FileManager.default.fileExists(atPath: split.directory.appendingPathComponent("did.csv").path))

        // The same records as one twelve-month file, except that test dates are spread over 3 months.
        config.months = nil
        config.rates = SynthRates()
        let whole = try Fixtures.generate(config, label: "months-whole")
        #expect(try whole.bytes("truth.csv") == split.bytes("truth.csv"))
        #expect(try whole.bytes("hes.csv") == split.bytes("hes.csv"))
    }

    @Test func aBadConfigIsRejectedWithEveryProblem() throws {
        var config = SynthConfig(persons: -1, didRecords: 10, months: 0)
        config.rates.nhsMissing = 0.7
        config.rates.nhsTypo = 0.5
        #expect(throws: SynthConfigError.self) { _ = try generate(config, into: Fixtures.temporaryFolder("bad")) }
        let problems = config.problems()
        #expect(problems.count == 3)
        #expect(problems.contains("nhs-missing + nhs-typo + nhs-relative must sum to at most 1"))
        #expect(SynthConfig(persons: 239_000_000, didRecords: 4_000_000).problems().count == 1)
        #expect(SynthConfig(persons: 100_000_000, didRecords: 4_000_000).problems().isEmpty)
    }
}

@Suite struct FixtureTests {
    @Test func theStandardFixtureIsSmallAndStable() throws {
        let a = try Fixtures.generate(.fixture, label: "fixture-a")
        let b = try Fixtures.generate(.fixture, label: "fixture-b")
        #expect(a.summary.hesPersons == 2_000 && a.summary.didRecords == 1_000)
        #expect(try a.bytes("truth.csv") == b.bytes("truth.csv"))
        #expect(a.summary.didNotInHES > 0 && a.summary.mergedHESIDs > 0)
    }
}
