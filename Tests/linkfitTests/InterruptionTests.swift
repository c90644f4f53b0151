import Foundation
import LinkIO
import Synth
import Testing

@testable import linkfit

/// `linkfit run` as a child process (the built binary), interrupted: SIGTERM and SIGINT remove what
/// the run started and exit 143 / 130 (issue 16 item 8); SIGKILL at any point leaves the output
/// folder as the previous complete release or the new complete one, and the next run clears what
/// the killed one left (the kill test).
@Suite(.serialized, .timeLimit(.minutes(2))) struct InterruptionTests {
    /// A child `linkfit` with its stderr read as it comes.
    final class Child: @unchecked Sendable {
        let process = Process()
        private let errors = Pipe()
        private let lock = NSLock()
        private var stderrText = ""

        init(_ arguments: [String], in folder: URL, environment: [String: String] = [:]) throws {
            let binary = try #require(NotebookRunner.binary(), "the linkfit binary was not built")
            process.executableURL = binary
            process.arguments = arguments
            process.currentDirectoryURL = folder
            process.environment = ["PATH": "/usr/bin:/bin", "LC_ALL": "C"].merging(environment) { $1 }
            process.standardOutput = FileHandle.nullDevice
            process.standardError = errors
            process.standardInput = FileHandle.nullDevice
            errors.fileHandleForReading.readabilityHandler = { [weak self] handle in
                let data = handle.availableData
                guard let self, !data.isEmpty else { return }
                self.lock.lock()
                self.stderrText += String(decoding: data, as: UTF8.self)
                self.lock.unlock()
            }
            try process.run()
        }

        var stderr: String {
            lock.lock()
            defer { lock.unlock() }
            return stderrText
        }

        /// Waits (up to a minute) until stderr contains `text`.
        func waitFor(_ text: String) -> Bool {
            for _ in 0..<6_000 {
                if stderr.contains(text) { return true }
                if !process.isRunning { return stderr.contains(text) }
                usleep(10_000)
            }
            return false
        }

        func signal(_ number: Int32) { kill(process.processIdentifier, number) }

        func wait() -> Int32 {
            process.waitUntilExit()
            errors.fileHandleForReading.readabilityHandler = nil
            if let rest = try? errors.fileHandleForReading.readToEnd() {
                lock.lock()
                stderrText += String(decoding: rest, as: UTF8.self)
                lock.unlock()
            }
            return process.terminationStatus
        }
    }

    static func runArguments(version: String, out: String = "out") -> [String] {
        ["run", "--did", "did.csv", "--hes", "hes.csv", "--model", "model.json", "--file-version", version, "--out", out]
    }

    /// Hidden entries (temporaries, staging folders) anywhere under `folder`.
    static func hidden(under folder: URL) -> [String] {
        let walker = FileManager.default.enumerator(atPath: folder.path)
        var found: [String] = []
        while let path = walker?.nextObject() as? String {
            if URL(fileURLWithPath: path).lastPathComponent.hasPrefix(".") { found.append(path) }
        }
        return found.sorted()
    }

    @Test(arguments: [(SIGTERM, Int32(143), "SIGTERM", "staged"), (SIGINT, Int32(130), "SIGINT", "writing")])
    func aSignalledRunRemovesWhatItStartedAndLeavesTheRelease(signal: Int32, status: Int32, name: String, stage: String) throws {
        let folder = try RunCommandTests.handFiles(oldNew: [])
        #expect(RunCommandTests.runHand(folder, []).status == 0)
        let out = folder.appendingPathComponent("out")
        let before = RunFolderSwitchTests.snapshot(out)
        let child = try Child(Self.runArguments(version: "v2"), in: folder, environment: ["LINKFIT_TEST_HOLD": stage])
        #expect(child.waitFor("holding at \(stage)"), "\(child.stderr)")
        // The run is stopped with its staging folder (and, while writing, its temporary files) present.
        #expect(Self.hidden(under: folder).contains { $0.hasPrefix(".out.") && $0.hasSuffix(".staging") })
        if stage == "writing" { #expect(Self.hidden(under: folder).contains { $0.hasSuffix(".tmp") }) }
        child.signal(signal)
        #expect(child.wait() == status)
        #expect(child.stderr.contains("linkfit: interrupted by \(name): removed "), "\(child.stderr)")
        #expect(Self.hidden(under: folder).isEmpty, "\(Self.hidden(under: folder))")
        #expect(RunFolderSwitchTests.snapshot(out) == before)
    }

    /// A data set large enough that a debug-build run takes about a second, with the fixture's model.
    static func killData() throws -> URL {
        let folder = CLITest.folder("kill")
        _ = try generate(SynthConfig(persons: 12_000, didRecords: 5_000, seed: 7), into: folder)
        let model = try CLITest.fixture.get().appendingPathComponent("model.json")
        try FileManager.default.copyItem(at: model, to: folder.appendingPathComponent("model.json"))
        return folder
    }

    /// The release files that do not change between runs of the same inputs (timings.json holds times).
    static func release(_ folder: URL) -> [String: Data] {
        RunFolderSwitchTests.snapshot(folder).filter { $0.key != "timings.json" }
    }

    @Test func aRunKilledAnywhereLeavesOneCompleteReleaseAndTheNextRunClearsTheRest() throws {
        let folder = try Self.killData()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("out")
        let started = Date()
        let reference = try Child(Self.runArguments(version: "v2", out: "reference"), in: folder)
        #expect(reference.wait() == 0, "\(reference.stderr)")
        let seconds = Date().timeIntervalSince(started)
        let new = Self.release(folder.appendingPathComponent("reference"))
        let first = try Child(Self.runArguments(version: "v1"), in: folder)
        #expect(first.wait() == 0, "\(first.stderr)")
        let previous = Self.release(out)
        #expect(previous.keys.sorted() == ["duplicates.csv", "links.csv", "quality.csv", "quality.json", "review.csv", "summary.json"])
        #expect(previous != new)

        // SIGKILL at fractions of a run's time, and once at the moment before the switch.
        var outcomes: [String] = []
        for fraction in [0.2, 0.5, 0.8, 0.95] {
            let child = try Child(Self.runArguments(version: "v2"), in: folder)
            usleep(UInt32(seconds * fraction * 1_000_000))
            child.signal(SIGKILL)
            _ = child.wait()
            let now = Self.release(out)
            #expect(now == previous || now == new, "after \(fraction) of a run: a mix of releases")
            #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("timings.json").path))
            outcomes.append(now == previous ? "previous" : "new")
        }
        let held = try Child(Self.runArguments(version: "v2"), in: folder, environment: ["LINKFIT_TEST_HOLD": "staged"])
        #expect(held.waitFor("holding at staged"))
        held.signal(SIGKILL)
        _ = held.wait()
        #expect(Self.release(out) == previous || Self.release(out) == new)
        #expect(!Self.hidden(under: folder).isEmpty, "a SIGKILL leaves its staging folder")

        let next = try Child(Self.runArguments(version: "v3"), in: folder)
        #expect(next.wait() == 0, "\(next.stderr)")
        #expect(Self.hidden(under: folder).isEmpty, "\(Self.hidden(under: folder)); kills gave \(outcomes)")
        let summary = try JSON.parse(Data(contentsOf: out.appendingPathComponent("summary.json")), file: "summary.json")
        #expect(summary["fileVersion"] == .string("v3"))
    }
}
