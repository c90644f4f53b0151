import Fellegi
import Foundation
import LinkIO
import Synth
import TestSupport

@testable import linkfit

/// Runs `linkfit` in-process and shares one synthetic data set and fitted model per test process.
enum CLITest {
    struct Outcome {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// A fresh empty folder under the test process's folder (`TestFolders`).
    static func folder(_ label: String) -> URL { TestFolders.make("linkfit-cli-tests-\(label)") }

    /// - Parameter stageHook: called at the command's test-hook stages (`CommandIO.holdIfAsked`).
    /// - Parameter stdin: the command's standard input.
    /// - Parameter environment: the command's environment (none of the process's).
    static func run(_ arguments: [String], in directory: URL, stdin: [UInt8] = [], environment: [String: String] = [:],
                    stageHook: (@Sendable (String) -> Void)? = nil) -> Outcome {
        var io = CommandIO.capturing(in: directory, environment: environment)
        io.stageHook = stageHook
        io.standardInput = .bytes(stdin)
        let status = CLI.main(arguments, io: io)
        return Outcome(status: status, stdout: io.stdout.text, stderr: io.stderr.text)
    }

    /// The default settings with 300,000 random pairs for u instead of 5,000,000, so a debug-build fit
    /// of the fixture takes about a second. Everything else is the built-in default.
    static var fastSettings: LinkSettings {
        var settings = LinkSettings.didToHES
        settings.training.uSamplePairs = 300_000
        return settings
    }

    static func write(_ text: String, to url: URL) throws {
        try text.write(to: url, atomically: true, encoding: .utf8)
    }

    static func write(_ lines: [String], to folder: URL, _ name: String) throws {
        try write(lines.joined(separator: "\n") + "\n", to: folder.appendingPathComponent(name))
    }

    static func text(_ url: URL) throws -> String { try String(contentsOf: url, encoding: .utf8) }

    /// Rows of a CSV without quoted fields (what synth and linkfit write), header first.
    static func rows(_ url: URL) throws -> [[String]] {
        try text(url).split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    }

    enum SetupError: Error { case failed(String) }

    /// `generate(.fixture)` (2,000 HES persons, 1,000 DID records, seed 1), `fast.json`, and
    /// `model.json` fitted from them; generated once per test process.
    static let fixture: Result<URL, any Error> = Result {
        let directory = folder("fixture")
        _ = try generate(.fixture, into: directory)
        try write(fastSettings.json.serialised(), to: directory.appendingPathComponent("fast.json"))
        let fit = run(["fit", "--did", "did.csv", "--hes", "hes.csv", "--model", "model.json", "--settings", "fast.json"], in: directory)
        guard fit.status == 0 else { throw SetupError.failed(fit.stderr) }
        return directory
    }
}
