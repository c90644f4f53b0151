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

    /// Compares link file `previous` with this run's links (`current`, in its row order: the order
    /// links.csv has) and writes changes.csv to `url` atomically.
    ///
    /// - Parameters:
    ///   - changes: old → current entity ids (a link under an old id that now reads as its current
    ///     id is `renamed`).
    /// - Throws: `InputError` located in the previous file when it lacks a link file's columns or
    ///   repeats a record id.
    /// - Complexity: O(rows of both releases); memory: the previous file's ids, interned.
    package static func write(previous: URL, previousName: String, current: CurrentLinks, settings: LinkSettings,
                              changes: IdentifierChanges, to url: URL) throws -> ReleaseChanges {
        let record = settings.left.idColumn
        let entity = settings.right.idColumn
        let before = try PreviousLinks(url: previous, file: previousName, record: record, entity: entity)
        var result = ReleaseChanges(previousFileVersion: before.fileVersion)
        var seen = [Bool](repeating: false, count: before.count)
        let writer = try CSVWriter(url: url, header: header(record: record, entity: entity))
        for row in 0..<current.count {
            // Bytes, not Strings, on the common path: most records are unchanged.
            let effect = current.effect(row).map(label) ?? ""
            let index = current.withID(row) { id in
                writer.field(bytes: id)
                return before.index(of: id)
            }
            let kind: ChangeKind
            if let index {
                seen[index] = true
                for field in before.fields(index) { before.withValue(field) { writer.field(bytes: $0) } }
                kind = current.withLink(row) { entity, rank, linked in
                    before.sameLink(index, entity: before.value(of: entity), rank: before.rank(of: rank), linked: linked)
                } ?? ChangeKind.of(previous: before.link(index).linked, current: current.link(row), currentOf: changes.current)
            } else {
                for _ in 0..<3 { writer.field("") }
                kind = .newRecord
            }
            current.withLink(row) { entity, rank, _ in
                writer.field(bytes: entity)
                writer.field(bytes: rank)
            }
            writer.field(current.status(row))
            writer.field(kind.rawValue)
            writer.field(effect)
            try writer.endRow()
            result.counts[kind, default: 0] += 1
            if !effect.isEmpty { result.byDecision += 1 }
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

    init(entity: String, rank: String, status: String) {
        self.entity = entity
        self.rank = rank
        self.status = status
    }

    /// True for the linked statuses (`linked`, `linked-duplicate`, `linked-clerical`).
    static func isLinked(status: UnsafeBufferPointer<UInt8>) -> Bool { status.starts(with: "linked".utf8) }

    /// (id, rank) when the status is a linked one (`linked`, `linked-duplicate`, `linked-clerical`).
    var linked: (id: String, rank: String)? { status.hasPrefix("linked") && !entity.isEmpty ? (entity, rank) : nil }
}

/// The previous release's link file, held by record: ids interned, one small index per field.
struct PreviousLinks {
    private var records = StringInterner()
    /// Entity ids; ranks and statuses (a handful of values) apart, so their lookups stay in cache.
    private var values = StringInterner()
    private var labels = StringInterner()
    /// Per record: entity (in `values`), rank and status (in `labels`).
    private var fields: [Int32] = []
    private(set) var fileVersion: String?

    var count: Int { records.count }

    init(url: URL, file: String, record: String, entity: String) throws {
        let reader = try CSVReader(url: url, name: file, allowHeaderOnly: true)
        let columns = try reader.requireColumns([record, entity, "MATCH_RANK", "LINK_STATUS", "FILE_VERSION"])
        while try reader.next() {
            let isNew = reader.withField(columns[0]) { records.intern($0).isNew }
            guard isNew else { throw reader.error(column: columns[0], "repeats an earlier record id: not a link file") }
            fields.append(Int32(reader.withField(columns[1]) { values.intern($0).index }))
            for column in columns[2...3] { fields.append(Int32(reader.withField(column) { labels.intern($0).index })) }
            if fileVersion == nil { fileVersion = reader.string(columns[4]) }
        }
    }

    func index(of id: UnsafeBufferPointer<UInt8>) -> Int? { records.index(of: id) }
    func id(_ index: Int) -> String { records[index] }

    /// Record `index`'s fields as `Field`s: its entity id, rank and status.
    func fields(_ index: Int) -> [Field] {
        [.entity(fields[3 * index]), .label(fields[3 * index + 1]), .label(fields[3 * index + 2])]
    }

    enum Field {
        case entity(Int32), label(Int32)
    }

    /// The entity id `bytes` as interned here, if the previous file holds it anywhere.
    func value(of bytes: UnsafeBufferPointer<UInt8>) -> Int32? { values.index(of: bytes).map { Int32($0) } }
    /// The rank `bytes` as interned here, if the previous file holds it anywhere.
    func rank(of bytes: UnsafeBufferPointer<UInt8>) -> Int32? { labels.index(of: bytes).map { Int32($0) } }
    func withValue<R>(_ field: Field, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        switch field {
        case .entity(let index): return values.withBytes(Int(index), body)
        case .label(let index): return labels.withBytes(Int(index), body)
        }
    }

    /// `.unchanged` when record `index` and the current row (its entity and rank as interned here,
    /// nil when this file never holds them, and whether it is linked to a non-empty id) are linked in
    /// neither, or to the same entity at the same rank; nil when `ChangeKind.of` must decide. The
    /// common case without a String.
    func sameLink(_ index: Int, entity: Int32?, rank: Int32?, linked isLinked: Bool) -> ChangeKind? {
        let (thenEntity, thenRank, thenStatus) = (fields[3 * index], fields[3 * index + 1], fields[3 * index + 2])
        let wasLinked = labels.withBytes(Int(thenStatus)) { Link.isLinked(status: $0) } && values.withBytes(Int(thenEntity)) { !$0.isEmpty }
        if !wasLinked && !isLinked { return .unchanged }
        if wasLinked && isLinked && entity == thenEntity && rank == thenRank { return .unchanged }
        return nil
    }
    func link(_ index: Int) -> Link {
        Link(entity: values[Int(fields[3 * index])], rank: labels[Int(fields[3 * index + 1])], status: labels[Int(fields[3 * index + 2])])
    }
}
