import Fellegi
import Foundation
import LinkIO
import Pseudonyms

/// One organisation's pseudonymised extract of a `linkfit run` folder: what the customer receives.
///
/// - `extract.csv`: one row per row of the run's links.csv, in its order: the DID columns (all, or
///   those asked for, in the order asked), then `HESID` as the organisation's pseudonym (empty when
///   the record is not linked), `MATCH_RANK` and `FILE_VERSION`. The run's scores, agreement codes and
///   link statuses stay behind.
/// - `old_new_hesid.csv`: every old HESID of the Old_New_HESID file with its current HESID (chains
///   resolved), both pseudonymised, in order of the old pseudonym (so the order says nothing about
///   the HESIDs).
/// - `manifest.json`: organisation, file version, pseudonym definition, row counts and the key's
///   fingerprint; never the key.
///
/// Nothing is written until every input has been read and checked; each file is written to a
/// temporary file and renamed into place (the manifest last), so an error leaves no half-written file.
///
/// - Complexity: one pass over links.csv, two SHA-256 compressions per linked row; O(changes ·
///   log changes) for the Old_New_HESID file. Memory O(changes).
struct Extract {
    static let extractFile = "extract.csv"
    static let oldNewFile = "old_new_hesid.csv"
    static let manifestFile = "manifest.json"
    /// The columns after the DID columns.
    static let addedColumns = ["HESID", "MATCH_RANK", "FILE_VERSION"]

    /// The receiving organisation's code (`isOrganisationCode`).
    var organisation: String
    var pseudonymiser: Pseudonymiser
    /// The DID columns to keep, in order; nil keeps every one.
    var columns: [String]?
    var changes: IdentifierChanges

    /// What was written.
    struct Summary: Equatable {
        var fileVersion: String
        var columns: [String]
        var rows: Int
        var pseudonymised: Int
        var oldNewRows: Int
    }

    /// 3 to 10 capital letters or digits (an ODS code such as `RDE` or `X26`).
    static func isOrganisationCode(_ code: String) -> Bool {
        (3...10).contains(code.utf8.count)
            && code.utf8.allSatisfy { (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
    }

    /// Reads `run` (named `runName` in messages) and writes the extract into `folder`.
    ///
    /// - Throws: `InputError` when the folder is not a run's (no summary, links.csv not ending in the
    ///   columns `run` writes, a row count or FILE_VERSION that disagrees with the summary), when a
    ///   DID column is a patient identifier, or when `columns` names a column links.csv's DID part does
    ///   not have; `OutputError` when `folder` cannot be written.
    func write(run: URL, runName: String, to folder: URL) throws -> Summary {
        let summaryName = "\(runName)/summary.json"
        guard let data = FileManager.default.contents(atPath: run.appendingPathComponent("summary.json").path) else {
            throw InputError(file: summaryName, "cannot be read (is \(runName) a 'linkfit run' output folder?)")
        }
        let summary = try JSON.parse(data, file: summaryName)
        guard let fileVersion = summary["fileVersion"]?.string, let recordsOut = summary["records"]?["out"]?.number else {
            throw InputError(file: summaryName, "has no 'fileVersion' or 'records.out' (not a run summary)")
        }

        let linksName = "\(runName)/links.csv"
        let reader = try CSVReader(url: run.appendingPathComponent("links.csv"), name: linksName, allowHeaderOnly: true)
        let header = reader.header
        let added = [LinkSettings.didToHES.right.idColumn] + LinkOutput.resultColumns
        let didCount = header.count - added.count
        guard didCount >= 0, Array(header[didCount...]) == added else {
            throw InputError(file: linksName, line: reader.columns.line,
                             "does not end with the columns 'linkfit run' writes (\(added.joined(separator: ", ")))")
        }
        let identifiers = Set(LinkSettings.didToHES.linking.dropColumns.map { $0.lowercased() })
        if let identifier = header[..<didCount].first(where: { identifiers.contains($0.lowercased()) }) {
            throw InputError(file: linksName, line: reader.columns.line, column: identifier,
                             "is a patient identifier column; an extract never carries one")
        }
        let kept = try keptColumns(header: header, didCount: didCount, file: linksName, line: reader.columns.line)
        let hesidColumn = didCount, rankColumn = didCount + 1, versionColumn = didCount + 2
        let outputColumns = kept.map { header[$0] } + Self.addedColumns

        let extract = try CSVWriter(url: folder.appendingPathComponent(Self.extractFile), header: outputColumns)
        let versionBytes = Array(fileVersion.utf8)
        var rows = 0
        var pseudonymised = 0
        var pseudonym = [UInt8](repeating: 0, count: Pseudonymiser.length)
        while try reader.next() {
            for column in kept { reader.withField(column) { extract.field(bytes: $0) } }
            let linked = reader.withField(hesidColumn) { id in
                guard !id.isEmpty else { return false }
                pseudonymiser.pseudonym(of: UnsafeRawBufferPointer(id), into: &pseudonym)
                return true
            }
            if linked {
                pseudonym.withUnsafeBufferPointer { extract.field(bytes: $0) }
                pseudonymised += 1
            } else {
                extract.field("")
            }
            reader.withField(rankColumn) { extract.field(bytes: $0) }
            guard reader.withField(versionColumn, { $0.elementsEqual(versionBytes) }) else {
                throw reader.error(column: versionColumn, "differs from the fileVersion in summary.json")
            }
            extract.field(fileVersion)
            try extract.endRow()
            rows += 1
        }
        guard Double(rows) == recordsOut else {
            throw InputError(file: linksName, "has \(rows) rows but summary.json says \(Int(recordsOut)) records out")
        }

        let pairs = changes.resolved.map { (old: pseudonymiser.pseudonym(of: $0.old), new: pseudonymiser.pseudonym(of: $0.current)) }
            .sorted { $0.old < $1.old }
        let oldNew = try CSVWriter(url: folder.appendingPathComponent(Self.oldNewFile), header: ["OLD_HESID", "NEW_HESID"])
        for pair in pairs { try oldNew.writeRow([pair.old, pair.new]) }

        let written = Summary(fileVersion: fileVersion, columns: outputColumns, rows: rows, pseudonymised: pseudonymised,
                              oldNewRows: pairs.count)
        try extract.commit()
        try oldNew.commit()
        try AtomicFile.write(manifest(written).serialised(), to: folder.appendingPathComponent(Self.manifestFile))
        return written
    }

    /// The indices of the DID columns to keep: all, or `columns` in their order.
    private func keptColumns(header: [String], didCount: Int, file: String, line: Int) throws -> [Int] {
        guard let columns else { return Array(0..<didCount) }
        let didColumns = Array(header[..<didCount])
        return try columns.map { name in
            guard let index = didColumns.firstIndex(where: { $0.lowercased() == name.lowercased() }) else {
                throw InputError(file: file, line: line,
                                 "has no DID column '\(name)' (asked for by --columns; its DID columns are \(didColumns.joined(separator: ", ")))")
            }
            return index
        }
    }

    /// The manifest: what the extract is and how its pseudonyms were made, never the key.
    func manifest(_ summary: Summary) -> JSON {
        .object([
            "schemaVersion": .number(1),
            "organisation": .string(organisation),
            "fileVersion": .string(summary.fileVersion),
            "keyFingerprint": .string(pseudonymiser.keyFingerprint),
            "pseudonym": .object([
                "definition": .string("base32(first 20 bytes of HMAC-SHA-256(key, HESID)), RFC 4648 alphabet, lower case, no padding"),
                "length": .number(Double(Pseudonymiser.length)),
            ]),
            "files": .object([
                Self.extractFile: .object([
                    "rows": .number(Double(summary.rows)),
                    "pseudonymisedHESIDs": .number(Double(summary.pseudonymised)),
                    "columns": .array(summary.columns.map(JSON.string)),
                ]),
                Self.oldNewFile: .object(["rows": .number(Double(summary.oldNewRows))]),
            ]),
            "linkfitVersion": .string(CLI.version),
        ])
    }
}
