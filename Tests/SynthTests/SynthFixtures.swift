import Foundation
import TestSupport

@testable import Synth

/// A generated data set read back as rows of fields (the generator never writes quotes or commas
/// inside a field, so splitting on commas is exact).
struct GeneratedFiles: Sendable {
    let directory: URL
    let config: SynthConfig
    let summary: SynthSummary

    func rows(_ name: String) throws -> [[String]] {
        let text = try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
        return text.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
            .map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    }

    func bytes(_ name: String) throws -> Data {
        try Data(contentsOf: directory.appendingPathComponent(name))
    }
}

enum Fixtures {
    /// A fresh empty folder under the test process's folder (`TestFolders`).
    static func temporaryFolder(_ label: String) -> URL { TestFolders.make("synth-tests-\(label)") }

    static func generate(_ config: SynthConfig, label: String) throws -> GeneratedFiles {
        let directory = temporaryFolder(label)
        let summary = try Synth.generate(config, into: directory)
        return GeneratedFiles(directory: directory, config: config, summary: summary)
    }

    /// The ~50k-record data set the rate and content tests share (generated once per test process).
    static let large: Result<GeneratedFiles, any Error> = Result {
        try generate(SynthConfig(persons: 200_000, didRecords: 50_000, seed: 20_250_101), label: "large")
    }

    /// Normalised NHS number: digits only.
    static func digits(_ text: String) -> String { text.filter { $0 != " " && $0 != "-" } }

    /// A date in any of the three DID styles, as (year, month, day).
    static func parseDate(_ text: String) -> (Int, Int, Int)? {
        let parts: [Int]
        if text.count == 10, text.contains("-") {
            parts = text.split(separator: "-").compactMap { Int($0) }
        } else if text.count == 10, text.contains("/") {
            parts = text.split(separator: "/").compactMap { Int($0) }.reversed()
        } else if text.count == 8, let _ = Int(text) {
            parts = [Int(text.prefix(4)), Int(text.dropFirst(4).prefix(2)), Int(text.suffix(2))].compactMap { $0 }
        } else {
            return nil
        }
        guard parts.count == 3 else { return nil }
        return (parts[0], parts[1], parts[2])
    }

    /// Postcode normalised: upper case, alphanumerics only.
    static func postcode(_ text: String) -> String {
        String(text.uppercased().filter { $0.isLetter || $0.isNumber })
    }

    /// Outward code of a normalised postcode (all but the last three characters).
    static func outward(_ normalised: String) -> String { String(normalised.dropLast(3)) }
}
