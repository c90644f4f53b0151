import Foundation
import Synth
import Testing

@testable import linkfit

/// `linkfit index` and `--hes-index`: the CSV path is the reference, byte for byte, and a stale or
/// damaged index is a located error before anything is written.
@Suite struct IndexCommandTests {
    /// Synthetic data with merged HESIDs (old_new_hesid.csv), plus two HES persons born after the DID
    /// release's latest test date (so that the index's birth dates must be re-read for this release),
    /// an index of it and a model fitted through the CSV path; once per test process.
    static let data: Result<URL, any Error> = Result {
        let directory = CLITest.folder("index")
        _ = try generate(SynthConfig(persons: 6_000, didRecords: 9_000, seed: 5), into: directory)
        let hes = directory.appendingPathComponent("hes.csv")
        let handle = try FileHandle(forWritingTo: hes)
        handle.seekToEndOfFile()
        handle.write(Data("LATE1,,2026-02-01,1,LS1 4AP\nLATE2,,2027-01-01,2,M1 1AA\n".utf8))
        try handle.close()
        try CLITest.write(CLITest.fastSettings.json.serialised(), to: directory.appendingPathComponent("fast.json"))
        try expectSuccess(["index", "--hes", "hes.csv", "--old-new", "old_new_hesid.csv", "--settings", "fast.json", "--out", "hes.lfx"], in: directory)
        try expectSuccess(["fit", "--did", "did.csv", "--hes", "hes.csv", "--old-new", "old_new_hesid.csv", "--settings", "fast.json",
                           "--model", "model.json"], in: directory)
        return directory
    }

    static func expectSuccess(_ arguments: [String], in directory: URL) throws {
        let outcome = CLITest.run(arguments, in: directory)
        guard outcome.status == 0 else { throw CLITest.SetupError.failed("\(arguments[0]): \(outcome.stderr)") }
    }

    static func bytes(_ directory: URL, _ name: String) throws -> Data { try Data(contentsOf: directory.appendingPathComponent(name)) }

    @Test func theIndexIsTheSameWhateverTheThreadsAndOwnerOnly() throws {
        let directory = try Self.data.get()
        try Self.expectSuccess(["index", "--hes", "hes.csv", "--old-new", "old_new_hesid.csv", "--settings", "fast.json", "--out", "one.lfx",
                                "--threads", "1"], in: directory)
        #expect(try Self.bytes(directory, "one.lfx") == Self.bytes(directory, "hes.lfx"))
        let mode = try FileManager.default.attributesOfItem(atPath: directory.appendingPathComponent("hes.lfx").path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    @Test func fittingWithTheIndexWritesTheSameModelFile() throws {
        let directory = try Self.data.get()
        for threads in [1, 2] {
            try Self.expectSuccess(["fit", "--did", "did.csv", "--hes-index", "hes.lfx", "--old-new", "old_new_hesid.csv", "--settings", "fast.json",
                                    "--model", "model-\(threads).json", "--threads", String(threads)], in: directory)
            #expect(try Self.bytes(directory, "model-\(threads).json") == Self.bytes(directory, "model.json"), "threads \(threads)")
        }
    }

    @Test func runningWithTheIndexWritesTheSameFiles() throws {
        let directory = try Self.data.get()
        try Self.expectSuccess(["run", "--did", "did.csv", "--hes", "hes.csv", "--old-new", "old_new_hesid.csv", "--model", "model.json",
                                "--file-version", "v1", "--out", "via-csv"], in: directory)
        for threads in [1, 2] {
            try Self.expectSuccess(["run", "--did", "did.csv", "--hes-index", "hes.lfx", "--old-new", "old_new_hesid.csv", "--model", "model.json",
                                    "--file-version", "v1", "--out", "via-index-\(threads)", "--threads", String(threads)], in: directory)
            for name in ["links.csv", "review.csv", "summary.json", "quality.json", "quality.csv", "duplicates.csv"] {
                let reference = try Self.bytes(directory, "via-csv/\(name)")
                #expect(reference.count > 50, "\(name)")
                #expect(try Self.bytes(directory, "via-index-\(threads)/\(name)") == reference, "\(name), threads \(threads)")
            }
        }
    }

    /// A copy of the index changed by `change`, run against; the outcome and whether an output appeared.
    static func runDamaged(_ label: String, arguments: [String] = [], _ change: (inout [UInt8]) -> Void = { _ in }) throws -> CLITest.Outcome {
        let directory = try data.get()
        var bytes = [UInt8](try Self.bytes(directory, "hes.lfx"))
        change(&bytes)
        try Data(bytes).write(to: directory.appendingPathComponent("\(label).lfx"))
        let outcome = CLITest.run(["run", "--did", "did.csv", "--hes-index", "\(label).lfx", "--model", "model.json", "--file-version", "v1",
                                   "--out", "out-\(label)"] + (arguments.isEmpty ? ["--old-new", "old_new_hesid.csv"] : arguments), in: directory)
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("out-\(label)").path), "\(label): nothing written")
        return outcome
    }

    @Test(arguments: [
        ("truncated", "is truncated"),
        ("version", "is format version 9; this linkfit reads version 1"),
        ("byte-order", "other byte order"),
        ("header", "damaged header or directory"),
        ("section", "fails its checksum"),
    ])
    func aDamagedIndexIsALocatedErrorAndNothingIsWritten(label: String, expected: String) throws {
        let outcome = try Self.runDamaged(label) { bytes in
            switch label {
            case "truncated": bytes.removeLast(bytes.count / 3)
            case "version": bytes[12] = 9
            case "byte-order": bytes[8..<12].reverse()
            case "header": bytes[bytes.count - 30] ^= 0x04
            default: bytes[bytes.count / 2] ^= 0x01
            }
        }
        #expect(outcome.status != 0)
        #expect(outcome.stderr.contains("\(label).lfx"), "\(outcome.stderr)")
        #expect(outcome.stderr.contains(expected), "\(outcome.stderr)")
        #expect(outcome.stderr.contains("linkfit index"), "says how to rebuild: \(outcome.stderr)")
    }

    @Test func anIndexForOtherSettingsOrAnotherOldNewFileIsRefused() throws {
        let directory = try Self.data.get()
        var other = CLITest.fastSettings
        other.blocking.maxBlockSize = 4_000
        try CLITest.write(other.json.serialised(), to: directory.appendingPathComponent("other.json"))
        try Self.expectSuccess(["index", "--hes", "hes.csv", "--old-new", "old_new_hesid.csv", "--settings", "other.json", "--out", "other.lfx"],
                               in: directory)
        let settings = CLITest.run(["run", "--did", "did.csv", "--hes-index", "other.lfx", "--old-new", "old_new_hesid.csv", "--model", "model.json",
                                    "--file-version", "v1", "--out", "out-other"], in: directory)
        #expect(settings.status != 0)
        #expect(settings.stderr.contains("other.lfx: was built for other settings (the blocking rules or limits differ)"), "\(settings.stderr)")
        let withoutOldNew = try Self.runDamaged("no-old-new", arguments: ["--threads", "1"])
        #expect(withoutOldNew.status != 0)
        #expect(withoutOldNew.stderr.contains("was built with the Old_New_HESID file old_new_hesid.csv: give it with --old-new"), "\(withoutOldNew.stderr)")
    }

    @Test func hesAndHesIndexAreAlternatives() throws {
        let directory = try Self.data.get()
        let both = CLITest.run(["run", "--did", "did.csv", "--hes", "hes.csv", "--hes-index", "hes.lfx", "--model", "model.json",
                                "--file-version", "v1", "--out", "out-both"], in: directory)
        #expect(both.status == 64)
        #expect(both.stderr.contains("options '--hes' and '--hes-index' are alternatives: give one"))
        let neither = CLITest.run(["fit", "--did", "did.csv", "--model", "m.json"], in: directory)
        #expect(neither.status == 64)
        #expect(neither.stderr.contains("missing required option '--hes'"))
        let overHES = CLITest.run(["index", "--hes", "hes.csv", "--out", "./hes.csv"], in: directory)
        #expect(overHES.status == 64)
        #expect(overHES.stderr.contains("option '--out' must name another file than '--hes'"))
    }
}
