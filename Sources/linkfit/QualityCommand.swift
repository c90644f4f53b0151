import Fellegi
import Foundation
import LinkIO
import Pseudonyms
import Report

/// `linkfit quality`: the Data Matching Quality Report of a run folder, printed and written to its
/// quality.json and quality.csv (and, with `--html`, a page of its own).
enum QualityCommand: Command {
    static let spec = CommandSpec(
        name: "quality",
        abstract: "The Data Matching Quality Report of a run: match rates, identifier validity, subgroups, weights, error estimates, rules.",
        discussion: """
            Reads links.csv, summary.json and review.csv in --run, prints the tables and writes quality.json and quality.csv
            beside them: records in, matched (LINK_STATUS linked, linked-duplicate or linked-clerical) and the match rate;
            matches per rank with its ladder step in words; the same per provider and per test month (TEST_DATE's YYYY-MM);
            the weight distributions of linked, review and unlinked records; expected false links per rank, Σ (1 − p) over
            its links' MATCH_PROBABILITY, and expected missed links, each with a 95% interval; and the validation and
            derivation rules in words, from the settings used. With --did (the DID file the run linked), also the validity
            of the identifiers per provider and month (valid NHS number, plausible birth date, valid postcode,
            pseudo-postcodes) and the match rate by age band, sex and postcode area, groups of fewer than 10 records pooled.
            'linkfit run' writes the same files. --html writes the report as a self-contained page (docs/quality.md).
            """,
        options: [
            .init(name: "run", value: "dir", help: "A 'linkfit run' output folder (links.csv, summary.json, review.csv).", required: true),
            .init(name: "did", value: "file", help: "The DID file the run linked: identifier validity and subgroups."),
            .init(name: "model", value: "file", help: "The model the run used (its settings; default: the built-in settings)."),
            .init(name: "provider-column", value: "name", help: "The links.csv column of the provider (default: PROVIDER_CODE)."),
            .init(name: "html", value: "file", help: "Also write the report as a self-contained HTML page."),
            SharedOptions.json,
        ])

    struct Options {
        var run: String
        var did: String?
        var model: String?
        var providerColumn: String
        var html: String?
        var json: Bool
    }

    static func options(_ reader: inout OptionReader) -> Options {
        Options(run: reader.required("run"), did: reader.string("did"), model: reader.string("model"),
                providerColumn: reader.string("provider-column") ?? "PROVIDER_CODE", html: reader.string("html"), json: reader.flag("json"))
    }

    static func run(_ options: Options, _ io: CommandIO) throws {
        let folder = io.url(options.run)
        let settings = try options.model.map { try FittedModel.load(io.readJSON($0), file: $0).settings } ?? LinkSettings.didToHES
        try checkLineage(settings, run: options.run, fromModel: options.model != nil, io: io)
        var sources = QualitySources(run: folder, name: options.run)
        sources.providerColumn = options.providerColumn
        sources.settings = settings
        if let did = options.did {
            sources.left = RecordIdentifiers(table: try io.table(did, settings: settings, side: .left, allowEmpty: true, stages: StageLog()))
            sources.leftName = did
        }
        let report = try write(sources, runName: options.run, io: io)
        if let html = options.html { try writePage(report, runName: options.run, to: html, io: io) }
        if options.json {
            io.stdout.write(report.json.serialised())
        } else {
            io.print(report.text)
            io.print("\nwrote \(options.run)/quality.json, quality.csv")
            if let html = options.html { io.print("report written to \(html)") }
        }
    }

    /// Reads the report and writes quality.json and quality.csv into the run folder; `run` calls it
    /// too, with the DID file and the model's settings.
    static func write(_ sources: QualitySources, runName: String, io: CommandIO) throws -> QualityReport {
        let report = try QualityReport.read(sources)
        do {
            try AtomicFile.write(report.json.serialised(), to: sources.run.appendingPathComponent("quality.json"))
            try report.writeCSV(to: sources.run.appendingPathComponent("quality.csv"))
        } catch {
            throw CommandFailure("cannot write \(runName)/quality.json and quality.csv")
        }
        return report
    }

    /// What `run` writes: quality.json and quality.csv of its output folder, from the identifiers of
    /// the DID records it linked and its settings; a provider or record-date column links.csv lacks
    /// leaves that table empty.
    static func write(run folder: URL, name: String, settings: LinkSettings, left: RecordIdentifiers, did: String, io: CommandIO) throws -> QualityReport {
        var sources = QualitySources(run: folder, name: name)
        sources.settings = settings
        sources.left = left
        sources.leftName = did
        sources.optionalColumns = true
        return try write(sources, runName: name, io: io)
    }

    /// The report as a page of its own.
    static func writePage(_ report: QualityReport, runName: String, to path: String, io: CommandIO) throws {
        let page = QualityPage(report: report, runName: runName, version: CLI.version)
        do {
            try AtomicFile.write(page.html, to: io.url(path))
        } catch {
            throw CommandFailure("cannot write the report to \(path)")
        }
    }

    /// The rules are only right when the settings are the run's: summary.json's lineage holds the
    /// first 16 hex digits of SHA-256 of the settings the run used (as `RunCommand.lineage`). A
    /// model whose settings are not the run's is a usage error; without `--model`, other settings
    /// than the built-in ones get a note on stderr.
    static func checkLineage(_ settings: LinkSettings, run: String, fromModel: Bool, io: CommandIO) throws {
        let summaryName = run + "/summary.json"
        guard FileManager.default.fileExists(atPath: io.url(summaryName).path),
              let recorded = try io.readJSON(summaryName)["lineage"]?["settings"]?.string else { return }
        let fingerprint = String(SHA256.hash(Array(settings.json.serialised().utf8)).hex.prefix(16))
        guard fingerprint != recorded else { return }
        if fromModel {
            throw UsageError("the model's settings are not the ones \(run) was linked with (summary.json lineage): give the run's model")
        }
        io.printError("note: \(run) was linked with other settings than the built-in ones, which the rules and identifier checks use: give its model with '--model'")
    }
}
