import Fellegi
import Foundation
import Kernels
import LinkIO
import Pseudonyms
import Releases

/// `linkfit run`: link a release with a fitted model; write the link file, review queue and summary.
enum RunCommand: Command {
    static let spec = CommandSpec(
        name: "run",
        abstract: "Link a DID release to HES with a fitted model: links.csv, review.csv, summary.json.",
        discussion: """
            Every DID record gets at most one HESID: the best-scoring candidate, ranked by the score bands
            (by default the national match-rank ladder, thresholds derived from the model). Near ties (twins),
            conflicting evidence and weights between the review and link minimums go to review.csv (owner-only:
            it holds identifiers). links.csv has one row per DID record, in input order, without NHS_NUMBER,
            PERSON_BIRTH_DATE and POSTCODE. Links use the current HESID (--old-new resolves chains).
            With --decisions (a ledger from 'linkfit decisions add') reviewers' decisions are applied: a match links
            at --decision-rank (LINK_STATUS linked-clerical), a non-match removes that candidate, unsure stays in
            review, and a decision made on another version of the record goes to review as decision-stale.
            With --previous (the last release's output folder) changes.csv says, per DID record of either
            release, how its link changed.
            """,
        options: [
            .init(name: "did", value: "file", help: "The DID release to link (CSV).", required: true),
            HESInput.csvOption,
            HESInput.indexOption,
            .init(name: "model", value: "file", help: "A model file written by 'linkfit fit'.", required: true),
            .init(name: "file-version", value: "v", help: "The FILE_VERSION written on every row.", required: true),
            .init(name: "out", value: "dir", help: "Output folder (created if needed).", required: true),
            .init(name: "old-new", value: "file", help: "Old_New_HESID CSV (OLD_HESID,NEW_HESID)."),
            .init(name: "decisions", value: "file", help: "The clerical decisions ledger to apply (see 'linkfit decisions')."),
            .init(name: "decisions-key", value: "file", help: "With --decisions: the ledger's fingerprint key."),
            .init(name: "decision-rank", value: "rank", help: "With --decisions: MATCH_RANK of clerical matches (default C)."),
            .init(name: "previous", value: "dir", help: "The previous release's output folder: write changes.csv."),
            SharedOptions.threads,
            .init(name: "report", value: "file", help: "Also write an HTML report of the model and this run (as 'linkfit report')."),
            .init(name: ReportCommand.sampleOption.name, value: "n",
                  help: "With --report: review rows to draw as waterfalls, the first n by input order (default 5)."),
            SharedOptions.quiet,
        ])

    struct Options {
        var did: String
        var hes: HESInput
        var model: String
        var fileVersion: String
        var out: String
        var oldNew: String?
        var threads: Int
        var report: String?
        var reviewSample: Int
        var decisions: String?
        var decisionsKey: String?
        var decisionRank: String
        var previous: String?
        var quiet: Bool
    }

    static func options(_ reader: inout OptionReader) -> Options {
        let options = Options(
            did: reader.required("did"), hes: HESInput.read(&reader), model: reader.required("model"),
            fileVersion: reader.required("file-version"), out: reader.required("out"), oldNew: reader.string("old-new"),
            threads: reader.threads(), report: reader.string("report"),
            reviewSample: ReportCommand.reviewSample(&reader), decisions: reader.string("decisions"),
            decisionsKey: reader.string("decisions-key"), decisionRank: reader.string("decision-rank") ?? "C", previous: reader.string("previous"),
            quiet: reader.flag("quiet"))
        if (options.decisions == nil) != (options.decisionsKey == nil) {
            reader.problem("options '--decisions' and '--decisions-key' go together")
        }
        if options.decisions == nil, reader.string("decision-rank") != nil {
            reader.problem("option '--decision-rank' applies only with '--decisions'")
        }
        if options.decisionRank.isEmpty || options.decisionRank.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) {
            reader.problem("option '--decision-rank' expects a rank such as C (no comma, quote or line break)")
        }
        if let previous = options.previous, URL(fileURLWithPath: previous).standardizedFileURL == URL(fileURLWithPath: options.out).standardizedFileURL {
            reader.problem("option '--previous' must name another folder than '--out' (the previous release is read, not replaced)")
        }
        if options.report == nil, reader.string(ReportCommand.sampleOption.name) != nil {
            reader.problem("option '--\(ReportCommand.sampleOption.name)' applies only with '--report'")
        }
        return options
    }

    /// The names a run folder holds: what `run` writes (changes.csv with --previous), `quality.json` (`linkfit quality`) and HTML
    /// reports. An existing `--out` folder holding anything else is refused (`StagedFolder`).
    static func isRunOutput(_ name: String) -> Bool {
        LinkOutput.fileNames.contains(name) || name == ReleaseChanges.fileName || name == "quality.json" || name == "quality.csv" || (name.hasSuffix(".html") && !name.hasPrefix("."))
    }

    static func run(_ options: Options, _ io: CommandIO) throws {
        let threads = options.threads
        let stages = try io.stageLog(command: spec.name, quiet: options.quiet)
        defer { stages.finish() }
        // Every output goes into a staging folder beside --out, switched in as a unit at the end.
        let staging = try StagedFolder(target: io.url(options.out), name: options.out, replaceable: isRunOutput)
        defer { staging.abandon() }
        let folder = staging.url
        let modelPath = options.model
        let model = try stages.time("read model") { try FittedModel.load(io.readJSON(modelPath), file: modelPath) }
        let settings = model.settings
        let didPath = options.did
        let fileVersion = options.fileVersion
        // An index has the Old_New_HESID changes applied already (and checks it was built with this
        // file): they are read only for what else uses them, decisions and changes.csv.
        let needsChanges = !options.hes.isIndex || options.decisions != nil || options.previous != nil
        let changes = try io.changes(options.oldNew, settings: settings, needed: needsChanges, stages: stages)
        let chunkRecords = try Self.chunkRecords(io)
        // The ledger is read before the release: the first pass looks for its records, so that every
        // chunk's bands have the clerical rank when the release has decisions.
        let ledger = try options.decisions == nil ? nil : stages.time("read decisions") { try Self.ledger(options, io: io) }
        let decisionsInForce = ledger?.ledger.current ?? []
        let didURL = io.url(didPath)
        guard FileManager.default.fileExists(atPath: didURL.path) else { throw InputError(file: didPath, "does not exist") }
        let scan = try stages.time("read \(settings.left.name)") {
            try ReleaseScan.scan(url: didURL, file: didPath, settings: settings, chunkRecords: chunkRecords, threads: threads,
                                 watching: Set(decisionsInForce.map { Array($0.record.utf8) }), stages: stages)
        }
        // A left column named like one links.csv adds is an error before any output is written.
        _ = try LinkOutput.keptColumns(scan.partition.columns, settings: settings)
        let (right, index) = try io.hes(options.hes, settings: settings, changes: changes, oldNew: options.oldNew,
                                        latestRecordDate: scan.latestRecordDate, threads: threads, stages: stages)
        io.holdIfAsked("linked")
        let linker = Linker(model: model, threads: threads)
        let writer = try LinkWriter(settings: settings, fileVersion: fileVersion, columns: scan.partition.columns, leftName: didPath, folder: folder)
        var identifiers = RecordIdentifiers(settings: settings.comparisons)
        var decisionCounts = ledger.map { _ in DecisionResolution.Counts() }
        // The previous release's settings (its summary's lineage), then its links.
        let previousSettings = try options.previous.map { try io.readJSON($0 + "/summary.json")["lineage"]?["settings"] }
        let changesWriter = try options.previous.map { previous in
            try stages.time("read previous") {
                try ReleaseChanges.Writer(previous: io.url(previous).appendingPathComponent("links.csv"), previousName: previous + "/links.csv",
                                          settings: settings, changes: changes, to: folder.appendingPathComponent(ReleaseChanges.fileName))
            }
        }
        let bands = try stages.time("link", counting: scan.records, of: .items("records")) { recordsDone -> [MatchBand] in
            let prepared = try linker.prepare(right: right, index: index, stages: stages)
            var seconds = (read: 0.0, decisions: 0.0, link: 0.0, write: 0.0, changes: 0.0)
            var bands: [MatchBand] = []
            for chunk in scan.chunks {
                let records = try CSVPartition(chunk: chunk, of: scan.partition, parts: threads > 1 ? threads * 4 : 1)
                let left = try Self.timed(&seconds.read) {
                    try RecordTable.load(records, settings: settings, side: .left, threads: threads)
                }
                let resolution = try ledger.map { ledger in
                    try Self.timed(&seconds.decisions) {
                        try DecisionResolution(ledger: ledger.ledger, file: ledger.file, left: left, right: right, changes: changes,
                                               fingerprint: ledger.fingerprint)
                    }
                }
                if let resolution { decisionCounts?.add(resolution.counts) }
                let result = try Self.timed(&seconds.link) {
                    try linker.link(left: left, prepared: prepared, decisions: resolution?.decisions ?? ClericalDecisions(),
                                    clericalRank: options.decisionRank, clericalBand: ledger.map { _ in scan.hasWatchedID })
                }
                if result.clericalBand != nil, result.bands.contains(where: { !$0.isClerical && $0.rank == options.decisionRank }) {
                    throw UsageError("option '--decision-rank' names a rank the model's bands use (\(options.decisionRank)); nothing was written")
                }
                try Self.timed(&seconds.write) {
                    try writer.write(LinkOutput(model: model, left: left, right: right, result: result, fileVersion: fileVersion),
                                     records: records, threads: threads)
                }
                if let changesWriter {
                    try Self.timed(&seconds.changes) { try changesWriter.add(CurrentLinks(result: result, left: left, right: right)) }
                }
                identifiers.append(left)
                bands = result.bands
                recordsDone.add(left.rowCount)
            }
            stages.add("read \(settings.left.name) chunks", seconds: seconds.read, done: scan.partition.dataBytes, of: .bytes)
            if ledger != nil { stages.add("decisions", seconds: seconds.decisions) }
            stages.add("block, compare, score", seconds: seconds.link, done: scan.records, of: .items("records"))
            stages.add("write rows", seconds: seconds.write)
            if changesWriter != nil { stages.add("changes", seconds: seconds.changes) }
            return bands
        }
        decisionCounts?.absentRecords(inChunks: scan.chunks.count, of: decisionsInForce.count)
        guard writer.fingerprint == scan.fingerprint, identifiers.rowCount == scan.records else {
            throw InputError(file: didPath, "changed while linkfit was reading it (the records differ from those linked; nothing was written)")
        }
        let (summary, releaseChanges) = try stages.time("write") {
            let summary = try writer.finish(right: right) { io.holdIfAsked("writing") }
            guard summary.recordsOut == summary.recordsIn, summary.recordsIn == scan.records else {
                throw CommandFailure("records in (\(scan.records)) ≠ records out (\(summary.recordsOut))")
            }
            let releaseChanges = try changesWriter?.finish()
            if let previous = options.previous, let previousSettings, previousSettings != lineage(model)["settings"] {
                io.printError("note: \(previous) was linked with other settings (another lineage): its changes may come from the settings")
            }
            var json = summaryJSON(summary, bands: bands, settings: settings, rowLimit: right.rowLimit)
            if case .object(var members) = json {
                members["lineage"] = lineage(model)
                if let decisionCounts { members["decisions"] = decisionCounts.json }
                if let releaseChanges { members["changes"] = releaseChanges.json }
                json = .object(members)
            }
            try AtomicFile.write(json.serialised(), to: folder.appendingPathComponent("summary.json"))
            return (summary, releaseChanges)
        }
        _ = try stages.time("quality") {
            try QualityCommand.write(run: folder, name: options.out, settings: settings, left: identifiers, did: didPath, io: io)
        }
        try AtomicFile.write(stages.json.serialised(), to: folder.appendingPathComponent("timings.json"))
        // A report inside --out is part of the release: written into the staging folder too.
        let reportInside = options.report.map { io.url($0).standardizedFileURL.deletingLastPathComponent().resolvingSymlinksInPath() }
            == staging.target
        var reportLine: String?
        if let reportPath = options.report, reportInside {
            reportLine = try ReportCommand.write(model: model, modelName: modelPath, runFolder: options.out, runURL: folder,
                                                 sample: options.reviewSample, to: reportPath,
                                                 url: folder.appendingPathComponent(io.url(reportPath).lastPathComponent),
                                                 announce: false, io: io)
        }
        io.holdIfAsked("staged")
        try staging.commit()
        stages.finish(succeeded: true)
        io.print(summary.text)
        if let counts = decisionCounts {
            io.print("decisions applied: \(counts.match) match, \(counts.nonMatch) non-match, \(counts.unsure) unsure; "
                + "\(counts.stale + counts.absentEntities) stale (record or id changed), \(counts.absentRecords) on records not in this release")
        }
        if let releaseChanges { io.print(releaseChanges.text) }
        io.print("")
        io.print("wrote \(options.out)/links.csv, review.csv (\(summary.reviewRows) rows)\(releaseChanges == nil ? "" : ", changes.csv"), summary.json, quality.json, quality.csv")
        if let reportLine { io.print(reportLine) }
        if let reportPath = options.report, !reportInside {
            try ReportCommand.write(model: model, modelName: modelPath, runFolder: options.out,
                                    sample: options.reviewSample, to: reportPath, io: io)
        }
        io.print("time: \(stages.line)")
    }

    /// Left records per chunk of a streamed run: the DID side holds one chunk's table and result at a
    /// time (about 200 bytes per record). A constant, never derived from the thread count (outputs
    /// are the same for any chunk size; `LINKFIT_RUN_CHUNK_RECORDS` sets another for tests).
    static let defaultChunkRecords = 1 << 20

    /// The chunk size: `LINKFIT_RUN_CHUNK_RECORDS` when set (a positive integer), else `defaultChunkRecords`.
    static func chunkRecords(_ io: CommandIO) throws -> Int {
        guard let text = io.environment["LINKFIT_RUN_CHUNK_RECORDS"] else { return defaultChunkRecords }
        guard let records = Int(text), records > 0 else { throw UsageError("LINKFIT_RUN_CHUNK_RECORDS must be a positive integer") }
        return records
    }

    /// Runs `body`, adding its wall time to `seconds`.
    static func timed<T>(_ seconds: inout Double, _ body: () throws -> T) rethrows -> T {
        let start = DispatchTime.now().uptimeNanoseconds
        defer { seconds += Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }
        return try body()
    }

    /// The clerical decisions ledger and the key of its fingerprints, when `--decisions` was given.
    static func ledger(_ options: Options, io: CommandIO) throws -> (ledger: DecisionLedger, file: String, fingerprint: RecordFingerprint)? {
        guard let ledgerPath = options.decisions, let keyPath = options.decisionsKey else { return nil }
        let fingerprint = try KeyFile.read(io.url(keyPath), name: keyPath) { RecordFingerprint(key: $0) }
        return (try DecisionLedger.read(url: io.url(ledgerPath), file: ledgerPath), ledgerPath, fingerprint)
    }

    /// Which model and settings made a release: the first 16 hex digits of SHA-256 of each, as the
    /// model file serialises them. Releases with the same settings fingerprint are one lineage.
    static func lineage(_ model: FittedModel) -> JSON {
        func fingerprint(_ json: JSON) -> JSON { .string(String(SHA256.hash(Array(json.serialised().utf8)).hex.prefix(16))) }
        return .object(["model": fingerprint(model.json), "settings": fingerprint(model.settings.json)])
    }

    /// summary.json: the run summary, the bands used, the linking thresholds and the right side's row
    /// limit (`rowLimit`: the limit, the ids over it and the rows left out).
    static func summaryJSON(_ summary: RunSummary, bands: [MatchBand], settings: LinkSettings, rowLimit: RowLimit) -> JSON {
        guard case .object(var members) = summary.json else { return summary.json }
        members["bands"] = .array(bands.map { band in
            .object(["rank": .string(band.rank), "minimumWeight": .number((band.minimumWeight * 1000).rounded() / 1000),
                     "requires": .object(band.requires.mapValues { .array($0.map { .number(Double($0)) }) }),
                     "meaning": .string(band.meaning)])
        })
        members["linking"] = .object([
            "linkMinimumWeight": .number(settings.linking.linkMinimumWeight),
            "reviewMinimumWeight": .number(settings.linking.reviewMinimumWeight),
            "nearTieMargin": .number(settings.linking.nearTieMargin),
        ])
        members["rowLimit"] = .object([
            "maxEntityRows": .number(Double(settings.blocking.maxEntityRows)),
            "idsOverLimit": .number(Double(rowLimit.entities)),
            "rowsLeftOut": .number(Double(rowLimit.rowsLeftOut)),
        ])
        return .object(members)
    }
}
