import Comparators
import Fellegi
import Foundation
import Kernels
import LinkIO

/// Options shared by the commands that read inputs.
enum SharedOptions {
    static let settings = CommandSpec.Option(
        name: "settings", value: "file", help: "Settings JSON (default: the built-in DID→HES settings; see 'linkfit settings --default').")
    static let threads = CommandSpec.Option(
        name: "threads", value: "n", help: "Worker threads (default: all cores). Results are identical for any count.")
    static let json = CommandSpec.Option.flag("json", "Print JSON instead of a text table.")
}

extension CommandIO {
    /// The settings file at `path`, or the built-in default when there is none.
    func settings(_ path: String?) throws -> LinkSettings {
        guard let path else { return .didToHES }
        return try LinkSettings.load(readJSON(path), file: path)
    }

    /// Reads and parses a JSON file named by the user.
    func readJSON(_ path: String) throws -> JSON {
        let url = self.url(path)
        let data: Data
        do { data = try RegularFile.read(url.path) } catch {
            if case .cannotOpen(ENOENT) = error { throw InputError(file: path, "cannot be read (does it exist?)") }
            throw error.inputError(file: path)
        }
        return try JSON.parse(data, file: path)
    }

    /// Loads one side of the linkage, timing it.
    /// `latestRecordDate`: the left side's latest record date, the right side's birth-date reference.
    func table(_ path: String, settings: LinkSettings, side: LinkSide, changes: IdentifierChanges = IdentifierChanges(),
               allowEmpty: Bool = false, latestRecordDate: CalendarDate? = nil, threads: Int = ParallelChunks.defaultThreads,
               stages: StageLog) throws -> RecordTable {
        let url = self.url(path)
        guard FileManager.default.fileExists(atPath: url.path) else { throw InputError(file: path, "does not exist") }
        let table = try stages.time("read \(side == .left ? settings.left.name : settings.right.name)") {
            try RecordTable.load(url: url, file: path, settings: settings, side: side, changes: changes, allowEmpty: allowEmpty,
                                 latestBirthDate: latestRecordDate, threads: threads, stages: stages)
        }
        if let warning = Self.rowLimitWarning(table, file: path, settings: settings) { printError(warning) }
        return table
    }

    /// The warning for right ids over `blocking.maxEntityRows` (counts only: never an id).
    static func rowLimitWarning(_ table: RecordTable, file: String, settings: LinkSettings) -> String? {
        guard table.rowLimit.entities > 0, let limit = table.rowLimit.maximum else { return nil }
        let ids = table.rowLimit.entities == 1 ? "1 \(settings.right.idColumn) has" : "\(table.rowLimit.entities) \(settings.right.idColumn)s have"
        return "linkfit: warning: \(file): \(ids) more than \(limit) rows (blocking.maxEntityRows): the first \(limit) of each, "
            + "in file order, are used and \(table.rowLimit.rowsLeftOut) rows are left out"
    }

    /// The size in bytes of the file at `path` (0 when it cannot be read): a progress total.
    func fileSize(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: url(path).path))?[.size] as? NSNumber)?.intValue ?? 0
    }

    /// Makes the output folder (and parents) if needed.
    func outputFolder(_ path: String) throws -> URL {
        let url = self.url(path)
        do {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        } catch {
            throw CommandFailure("cannot create the output folder \(path)")
        }
        return url
    }
}

/// Where a command reads the HES side: the patient index CSV (`--hes`) or an index file built from
/// it by 'linkfit index' (`--hes-index`), memory-mapped; exactly one of the two.
enum HESInput {
    case csv(String)
    case index(String)

    static let csvOption = CommandSpec.Option(
        name: "hes", value: "file", help: "The index to link to (HES patient index CSV).", required: true, alternative: "hes-index")
    static let indexOption = CommandSpec.Option(
        name: "hes-index", value: "file", help: "In place of --hes: the HES side prepared by 'linkfit index' (same results).")

    static func read(_ reader: inout OptionReader) -> HESInput {
        switch (reader.string("hes"), reader.string("hes-index")) {
        case (let csv?, nil): return .csv(csv)
        case (nil, let index?): return .index(index)
        case (nil, nil):  // reported by the reader as a missing required option
            break
        case (_?, _?):
            reader.problem("options '--hes' and '--hes-index' are alternatives: give one")
        }
        return .csv("")
    }

    var isIndex: Bool {
        if case .index = self { return true }
        return false
    }

    /// The path given.
    var path: String {
        switch self {
        case .csv(let path), .index(let path): return path
        }
    }
}

extension CommandIO {
    /// Loads the HES side, from the CSV file or the index (`HESIndex`, checked against `settings` and
    /// the Old_New_HESID file `oldNew`), as the CSV path reads it for a left side whose latest record
    /// date is `latestRecordDate`.
    func hes(_ input: HESInput, settings: LinkSettings, changes: IdentifierChanges, oldNew: String?, latestRecordDate: CalendarDate?,
             threads: Int, stages: StageLog) throws -> (table: RecordTable, index: HESIndex?) {
        guard case .index(let path) = input else {
            return (try table(input.path, settings: settings, side: .right, changes: changes, latestRecordDate: latestRecordDate,
                              threads: threads, stages: stages), nil)
        }
        let oldNewSource = try oldNew.map { try self.source($0) }
        let index = try stages.time("read \(settings.right.name) index") {
            try HESIndex.load(url: url(path), name: path, settings: settings, oldNew: oldNewSource, threads: threads, stages: stages)
                .matching(latestRecordDate: latestRecordDate, settings: settings, threads: threads)
        }
        if let warning = Self.rowLimitWarning(index.table, file: path, settings: settings) { printError(warning) }
        return (index.table, index)
    }

    /// The Old_New_HESID changes in the file at `path` (none without a file, or when not `needed`),
    /// read as a stage.
    func changes(_ path: String?, settings: LinkSettings, needed: Bool = true, stages: StageLog = StageLog()) throws -> IdentifierChanges {
        guard let path, needed else { return IdentifierChanges() }
        return try stages.time("read Old_New_HESID") {
            try IdentifierChanges.read(url: url(path), file: path, idColumn: settings.right.idColumn)
        }
    }

    /// The name (no folder) and content fingerprint of the file at `path`, which must exist.
    func source(_ path: String, progress: WorkCounter? = nil) throws -> HESIndex.SourceFile {
        guard let fingerprint = FileFingerprint.of(url(path), progress: progress) else { throw InputError(file: path, "cannot be read (does it exist?)") }
        return HESIndex.SourceFile(name: (path as NSString).lastPathComponent, fingerprint: fingerprint)
    }
}
