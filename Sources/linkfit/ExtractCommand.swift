import Fellegi
import Foundation
import LinkIO
import Pseudonyms

/// `linkfit extract`: one organisation's pseudonymised extract of a run, or a new key.
enum ExtractCommand: Command {
    static let spec = CommandSpec(
        name: "extract",
        abstract: "Write one organisation's pseudonymised extract of a run, or make a new key.",
        discussion: """
            linkfit extract --run <dir> --organisation <code> --key <file> --old-new <file> --out <dir> [--columns <list>]
            linkfit extract --new-key <file>

            The extract (in --out) is extract.csv: links.csv's DID columns (or those named by --columns), HESID as
            the organisation's pseudonym, MATCH_RANK and FILE_VERSION; old_new_hesid.csv: the Old_New_HESID file,
            chains resolved, both columns pseudonymised; and manifest.json: organisation, file version, row counts
            and the key's fingerprint. A pseudonym is base32 of the first 20 bytes of HMAC-SHA-256(key, HESID),
            32 characters: the same key gives the same pseudonym in every release. No NHS number, birth date,
            postcode or raw HESID is written, and never the key.
            --new-key makes a 32-byte key from the system's random source, owner-only (mode 0600), and never
            overwrites a file. An extract refuses a key file that group or others can read.
            """,
        options: [
            .init(name: "run", value: "dir", help: "A 'linkfit run' output folder (links.csv, summary.json)."),
            .init(name: "organisation", value: "code", help: "The receiving organisation: 3 to 10 capital letters or digits."),
            .init(name: "key", value: "file", help: "The organisation's key file (32 bytes, owner-only)."),
            .init(name: "old-new", value: "file", help: "The Old_New_HESID CSV the run was given (OLD_HESID,NEW_HESID)."),
            .init(name: "out", value: "dir", help: "Output folder (created if needed)."),
            .init(name: "columns", value: "list", help: "Only these DID columns, comma-separated, in this order."),
            .init(name: "new-key", value: "file", help: "Make a new key in this file instead of an extract."),
        ])

    enum Options {
        case newKey(String)
        case extract(run: String, organisation: String, key: String, oldNew: String, out: String, columns: [String]?)
    }

    static func options(_ reader: inout OptionReader) -> Options {
        if let keyPath = reader.string("new-key") {
            if let other = spec.options.first(where: { $0.name != "new-key" && reader.string($0.name) != nil }) {
                reader.problem("option '--new-key' makes a key and takes no '--\(other.name)'")
            }
            return .newKey(keyPath)
        }
        let run = reader.require("run")
        let organisation = reader.require("organisation")
        let key = reader.require("key")
        let oldNew = reader.require("old-new")
        let out = reader.require("out")
        if !organisation.isEmpty, !Extract.isOrganisationCode(organisation) {
            reader.problem("option '--organisation' expects 3 to 10 capital letters or digits (an ODS code such as RDE)")
        }
        var columns: [String]?
        if let text = reader.string("columns") {
            do { columns = try columnList(text) } catch let error as UsageError {
                error.messages.forEach { reader.problem($0) }
            } catch { reader.problem("\(error)") }
        }
        return .extract(run: run, organisation: organisation, key: key, oldNew: oldNew, out: out, columns: columns)
    }

    static func run(_ options: Options, _ io: CommandIO) throws {
        switch options {
        case .newKey(let keyPath):
            let fingerprint = try KeyFile.create(at: io.url(keyPath), name: keyPath)
            io.print("wrote a new \(KeyFile.byteCount)-byte key to \(keyPath) (owner-only, mode 0600); key fingerprint \(fingerprint)")
            io.print("keep it secret and keep it: the same key gives the same pseudonyms in every release")
        case let .extract(runPath, organisation, keyPath, oldNewPath, outPath, columns):
            let pseudonymiser = try KeyFile.read(io.url(keyPath), name: keyPath)
            let changes = try IdentifierChanges.read(url: io.url(oldNewPath), file: oldNewPath, idColumn: LinkSettings.didToHES.right.idColumn)
            let run = io.url(runPath)
            guard FileManager.default.fileExists(atPath: run.path) else { throw InputError(file: runPath, "does not exist") }
            let extract = Extract(organisation: organisation, pseudonymiser: pseudonymiser, columns: columns, changes: changes)
            // The three files appear together: written into a staging folder, switched in at the end.
            let staging = try StagedFolder(target: io.url(outPath), name: outPath,
                                           replaceable: [Extract.extractFile, Extract.oldNewFile, Extract.manifestFile].contains)
            defer { staging.abandon() }
            let summary = try extract.write(run: run, runName: runPath, to: staging.url)
            try staging.commit()
            io.print("extract for \(organisation), file version \(summary.fileVersion), key fingerprint \(pseudonymiser.keyFingerprint)")
            io.print("  \(Extract.extractFile):        \(summary.rows) rows, \(summary.pseudonymised) with a pseudonymised HESID")
            io.print("    columns: \(summary.columns.joined(separator: ", "))")
            io.print("  \(Extract.oldNewFile):  \(summary.oldNewRows) rows (chains resolved)")
            io.print("wrote \(outPath)/\(Extract.extractFile), \(Extract.oldNewFile), \(Extract.manifestFile)")
        }
    }

    /// `A,B,C` as names: none empty, none twice.
    static func columnList(_ text: String) throws -> [String] {
        let names = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard !names.contains(where: \.isEmpty) else {
            throw UsageError("option '--columns' expects column names separated by commas")
        }
        var seen: Set<String> = []
        for name in names where !seen.insert(name.lowercased()).inserted {
            throw UsageError("option '--columns' names \(name) twice")
        }
        return names
    }
}
