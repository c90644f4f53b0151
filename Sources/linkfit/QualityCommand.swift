import Fellegi
import Foundation
import LinkIO

/// `linkfit quality`: the Data Matching Quality Report of a run folder, printed and written to its quality.json.
enum QualityCommand: Command {
    static let spec = CommandSpec(
        name: "quality",
        abstract: "The Data Matching Quality Report of a run: match rate per rank, provider and month; label-free error estimates.",
        discussion: """
            Reads links.csv, summary.json and review.csv in --run, prints the tables and writes quality.json beside them:
            records in, matched (LINK_STATUS linked, linked-duplicate or linked-clerical) and the match rate; matches per rank with its
            ladder step in words; the same per provider and per test month (TEST_DATE's YYYY-MM); expected false links
            per rank, Σ (1 − p) over its links' MATCH_PROBABILITY, and expected missed links, Σ p over review records'
            first candidates and unlinked records with a probability, each with a 95% interval (docs/quality.md).
            """,
        options: [
            .init(name: "run", value: "dir", help: "A 'linkfit run' output folder (links.csv, summary.json, review.csv).", required: true),
            .init(name: "provider-column", value: "name", help: "The links.csv column of the provider (default: PROVIDER_CODE)."),
            SharedOptions.json,
        ])

    struct Options {
        var run: String
        var providerColumn: String
        var json: Bool
    }

    static func options(_ reader: inout OptionReader) -> Options {
        Options(run: reader.required("run"), providerColumn: reader.string("provider-column") ?? "PROVIDER_CODE", json: reader.flag("json"))
    }

    static func run(_ options: Options, _ io: CommandIO) throws {
        let folder = io.url(options.run)
        let report = try QualityReport.read(run: folder, name: options.run, providerColumn: options.providerColumn)
        let json = report.json.serialised()
        let path = (options.run as NSString).appendingPathComponent("quality.json")
        do {
            try AtomicFile.write(json, to: folder.appendingPathComponent("quality.json"))
        } catch {
            throw CommandFailure("cannot write \(path)")
        }
        if options.json {
            io.stdout.write(json)
        } else {
            io.print(report.text)
            io.print("\nwrote \(path)")
        }
    }
}
