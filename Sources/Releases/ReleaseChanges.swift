import Fellegi
import Foundation
import LinkIO

/// What changed between the previous release's link file and this one's: changes.csv, one row per
/// left record present in either release — this release's records in its order, then the records
/// only the previous release had, in its order:
///
///     DID_ID,PREVIOUS_HESID,PREVIOUS_MATCH_RANK,PREVIOUS_LINK_STATUS,HESID,MATCH_RANK,LINK_STATUS,CHANGE,DECISION
///
/// (ids named as the settings name them). `CHANGE` is a `ChangeKind`; `DECISION` says how a clerical
/// decision shaped this release's outcome (`match`, `non-match`, `unsure`, `stale`), empty otherwise.
/// Ids and ranks only: no identifier.
package struct ReleaseChanges: Sendable, Equatable {
    package var counts: [ChangeKind: Int] = [:]
    /// Rows whose outcome a clerical decision shaped.
    package var byDecision = 0
    /// The previous link file's FILE_VERSION (of its first row), if it had rows.
    package var previousFileVersion: String?

    package static let fileName = "changes.csv"

    /// The columns of changes.csv for the id columns `record` and `entity`.
    package static func header(record: String, entity: String) -> [String] {
        [record, "PREVIOUS_\(entity)", "PREVIOUS_MATCH_RANK", "PREVIOUS_LINK_STATUS", entity, "MATCH_RANK", "LINK_STATUS", "CHANGE", "DECISION"]
    }

    /// Compares link file `previous` with `current` and writes changes.csv to `url` atomically.
    ///
    /// - Parameters:
    ///   - changes: old → current entity ids (a link under an old id that now reads as its current
    ///     id is `renamed`).
    ///   - effects: by row of `current`, how clerical decisions shaped it (`LinkResult.clerical`).
    /// - Throws: `InputError` located in either file when it lacks a link file's columns or repeats
    ///   a record id.
    /// - Complexity: O(rows of both files); memory: the previous file's ids, interned.
    package static func write(previous: URL, previousName: String, current: URL, currentName: String, settings: LinkSettings,
                              changes: IdentifierChanges, effects: [Int32: ClericalAssignment.Effect], to url: URL) throws -> ReleaseChanges {
        let record = settings.left.idColumn
        let entity = settings.right.idColumn
        let before = try PreviousLinks(url: previous, file: previousName, record: record, entity: entity)
        var result = ReleaseChanges(previousFileVersion: before.fileVersion)
        var seen = [Bool](repeating: false, count: before.count)
        let reader = try CSVReader(url: current, name: currentName, allowHeaderOnly: true)
        let columns = try reader.requireColumns([record, entity, "MATCH_RANK", "LINK_STATUS"])
        let writer = try CSVWriter(url: url, header: header(record: record, entity: entity))
        var row = 0
        while try reader.next() {
            let id = reader.string(columns[0])
            let now = Link(entity: reader.string(columns[1]), rank: reader.string(columns[2]), status: reader.string(columns[3]))
            let effect = effects[Int32(row)].map(label) ?? ""
            if let index = before.index(of: id) {
                seen[index] = true
                let then = before.link(index)
                let kind = ChangeKind.of(previous: then.linked, current: now.linked, currentOf: changes.current)
                try writer.writeRow([id, then.entity, then.rank, then.status, now.entity, now.rank, now.status, kind.rawValue, effect])
                result.counts[kind, default: 0] += 1
            } else {
                try writer.writeRow([id, "", "", "", now.entity, now.rank, now.status, ChangeKind.newRecord.rawValue, effect])
                result.counts[.newRecord, default: 0] += 1
            }
            if !effect.isEmpty { result.byDecision += 1 }
            row += 1
        }
        for index in 0..<before.count where !seen[index] {
            let then = before.link(index)
            try writer.writeRow([before.id(index), then.entity, then.rank, then.status, "", "", "", ChangeKind.droppedRecord.rawValue, ""])
            result.counts[.droppedRecord, default: 0] += 1
        }
        try writer.commit()
        return result
    }

    static func label(_ effect: ClericalAssignment.Effect) -> String {
        switch effect {
        case .matched: return ClericalDecisions.Verdict.match.label
        case .excluded: return ClericalDecisions.Verdict.nonMatch.label
        case .unsure: return ClericalDecisions.Verdict.unsure.label
        case .stale: return "stale"
        }
    }

    /// Counts per kind (every kind, zeros included), by decision, and the previous FILE_VERSION.
    package var json: JSON {
        var members: [String: JSON] = [:]
        for kind in ChangeKind.allCases { members[kind.rawValue] = .number(Double(counts[kind] ?? 0)) }
        return .object(["kinds": .object(members), "byDecision": .number(Double(byDecision)),
                        "previousFileVersion": previousFileVersion.map(JSON.string) ?? .null])
    }

    /// The console form: one line per kind that occurred.
    package var text: String {
        let total = counts.values.reduce(0, +)
        var lines = ["changes since \(previousFileVersion.map { "FILE_VERSION \($0)" } ?? "the previous release"): \(total) records"]
        for kind in ChangeKind.allCases where (counts[kind] ?? 0) > 0 {
            lines.append("  \(kind.rawValue.padded(15)) \(String(counts[kind] ?? 0).leftPadded(8))")
        }
        if byDecision > 0 { lines.append("  shaped by a clerical decision: \(byDecision)") }
        return lines.joined(separator: "\n")
    }
}

/// One record's link as a link file shows it.
struct Link {
    var entity: String
    var rank: String
    var status: String

    /// (id, rank) when the status is a linked one (`linked`, `linked-duplicate`, `linked-clerical`).
    var linked: (id: String, rank: String)? { status.hasPrefix("linked") && !entity.isEmpty ? (entity, rank) : nil }
}

/// The previous release's link file, held by record: ids interned, one small index per field.
struct PreviousLinks {
    private var records = StringInterner()
    private var values = StringInterner()
    private var fields: [Int32] = []
    private(set) var fileVersion: String?

    var count: Int { records.count }

    init(url: URL, file: String, record: String, entity: String) throws {
        let reader = try CSVReader(url: url, name: file, allowHeaderOnly: true)
        let columns = try reader.requireColumns([record, entity, "MATCH_RANK", "LINK_STATUS", "FILE_VERSION"])
        while try reader.next() {
            let isNew = reader.withField(columns[0]) { records.intern($0).isNew }
            guard isNew else { throw reader.error(column: columns[0], "repeats an earlier record id: not a link file") }
            for column in columns[1...3] { fields.append(Int32(reader.withField(column) { values.intern($0).index })) }
            if fileVersion == nil { fileVersion = reader.string(columns[4]) }
        }
    }

    func index(of id: String) -> Int? { records.index(of: id) }
    func id(_ index: Int) -> String { records[index] }
    func link(_ index: Int) -> Link {
        Link(entity: values[Int(fields[3 * index])], rank: values[Int(fields[3 * index + 1])], status: values[Int(fields[3 * index + 2])])
    }
}
