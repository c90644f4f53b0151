import Fellegi
import Foundation
import LinkIO
import Releases

/// `linkfit decisions add`: append a reviewed queue's decisions to the decisions ledger.
enum DecisionsCommand: Command {
    static let spec = CommandSpec(
        name: "decisions",
        abstract: "Add the decisions a reviewer wrote into review.csv to the decisions ledger.",
        discussion: """
            linkfit decisions add --review <run>/review.csv --ledger decisions.csv --key ledger.key [--supersede]
            linkfit decisions new-key --key ledger.key

            A reviewer fills in DECISION (match, non-match or unsure; blank: undecided) and, optionally, REVIEWER
            and DECIDED_ON in a run's review.csv. 'add' appends one ledger row per decided pair: the record and
            entity ids, the decision, who and when, the run's FILE_VERSION and model, and a keyed fingerprint of
            the record's identifiers (HMAC-SHA-256 with --key of review.csv's RECORD_VERSION), so that a decision
            is never applied to a corrected record. The ledger holds no identifier. Re-adding a decision changes
            nothing; a different decision on a decided pair is refused unless --supersede, and then appended
            (earlier rows are never changed). 'linkfit run --decisions decisions.csv --decisions-key ledger.key'
            applies the ledger. 'new-key' makes an owner-only 32-byte key, never overwriting a file.
            """,
        positionals: [.init(name: "action", help: "add, or new-key.")],
        options: [
            .init(name: "review", value: "file", help: "A review.csv with DECISION filled in (summary.json beside it)."),
            .init(name: "ledger", value: "file", help: "The decisions ledger (created when it does not exist)."),
            .init(name: "key", value: "file", help: "The ledger's fingerprint key (32 bytes, owner-only).", required: true),
            .flag("supersede", "Replace decisions in force on the same pairs (appending: the ledger keeps both)."),
        ])

    enum Options {
        case newKey(String)
        case add(review: String, ledger: String, key: String, supersede: Bool)
    }

    static func options(_ reader: inout OptionReader) -> Options {
        let key = reader.required("key")
        switch reader.positional(0) {
        case "new-key":
            for name in ["review", "ledger"] where reader.string(name) != nil {
                reader.problem("'new-key' makes a key and takes no '--\(name)'")
            }
            if reader.flag("supersede") { reader.problem("'new-key' takes no '--supersede'") }
            return .newKey(key)
        case "add":
            return .add(review: reader.require("review"), ledger: reader.require("ledger"), key: key, supersede: reader.flag("supersede"))
        default:
            reader.problem("expected an action: 'add' or 'new-key'")
            return .newKey(key)
        }
    }

    static func run(_ options: Options, _ io: CommandIO) throws {
        switch options {
        case .newKey(let path):
            let fingerprint = try KeyFile.create(at: io.url(path), name: path)
            io.print("wrote a new \(KeyFile.byteCount)-byte key to \(path) (owner-only, mode 0600); key fingerprint \(fingerprint)")
        case .add(let reviewPath, let ledgerPath, let keyPath, let supersede):
            let fingerprint = try KeyFile.read(io.url(keyPath), name: keyPath) { RecordFingerprint(key: $0) }
            let reviewURL = io.url(reviewPath)
            let summaryName = (reviewPath as NSString).deletingLastPathComponent.isEmpty
                ? "summary.json" : (reviewPath as NSString).deletingLastPathComponent + "/summary.json"
            let run = try runOf(summary: io.readJSON(summaryName), file: summaryName)
            let read = try ReviewDecisions.read(url: reviewURL, file: reviewPath, run: run, fingerprint: fingerprint)
            let ledgerURL = io.url(ledgerPath)
            var ledger = FileManager.default.fileExists(atPath: ledgerURL.path)
                ? try DecisionLedger.read(url: ledgerURL, file: ledgerPath)
                : DecisionLedger(recordColumn: read.recordColumn, entityColumn: read.entityColumn)
            guard ledger.recordColumn == read.recordColumn, ledger.entityColumn == read.entityColumn else {
                throw InputError(file: reviewPath, line: 1, "names its ids as another linkage than the ledger's (\(ledger.recordColumn), \(ledger.entityColumn))")
            }
            let added = try ledger.add(read.entries, supersede: supersede, file: reviewPath)
            if added.appended > 0 { try ledger.write(to: ledgerURL) }
            io.print("\(read.entries.count) decisions in \(reviewPath): \(added.appended) added to \(ledgerPath)"
                + (added.superseded > 0 ? " (\(added.superseded) superseding earlier decisions)" : "")
                + ", \(added.unchanged) already there; the ledger holds \(ledger.entries.count) rows")
        }
    }

    /// The FILE_VERSION and model of the run whose summary.json this is.
    static func runOf(summary: JSON, file: String) throws -> ReviewDecisions.Run {
        guard let version = summary["fileVersion"]?.string else { throw InputError(file: file, column: "$.fileVersion", "is missing: not a run's summary.json") }
        guard let model = summary["lineage"]?["model"]?.string else { throw InputError(file: file, column: "$.lineage.model", "is missing: not a run's summary.json") }
        return ReviewDecisions.Run(fileVersion: version, model: model)
    }
}
