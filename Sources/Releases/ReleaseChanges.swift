import Fellegi
import Kernels
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


    /// (id, rank) when the status is a linked one (`linked`, `linked-duplicate`, `linked-clerical`).
    var linked: (id: String, rank: String)? { LinkOutput.linkedStatuses.contains(status) && !entity.isEmpty ? (entity, rank) : nil }
}

/// The previous release's link file, held by record: ids interned, one small index per field.
struct PreviousLinks {
    private var records = StringInterner()
    /// Entity ids, by record (compared and copied, never looked up); ranks and statuses (a handful
    /// of values) interned, so their lookups stay in cache.
    private var entities = TextColumn()
    private var labels = StringInterner()
    /// Each label's bytes, read without the interner's shard lookup (two per record written).
    private var labelBytes: [[UInt8]] = []
    /// Per record: rank and status (in `labels`).
    private var fields: [Int32] = []
    /// Per record: linked (a linked status and an entity id), kept to spare lookups per row.
    private var linked: [Bool] = []
    private(set) var fileVersion: String?

    var count: Int { records.count }

    init(url: URL, file: String, record: String, entity: String) throws {
        let reader = try CSVReader(url: url, name: file, allowHeaderOnly: true)
        let columns = try reader.requireColumns([record, entity, "MATCH_RANK", "LINK_STATUS", "FILE_VERSION"])
        // Sized from the file (a link-file row is rarely under 64 bytes): no rehashing as it fills.
        let rows = ((try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0) / 64
        records = StringInterner(capacity: max(1024, rows))
        while try reader.next() {
            let isNew = reader.withField(columns[0]) { records.intern($0).isNew }
            guard isNew else { throw reader.error(column: columns[0], "repeats an earlier record id: not a link file") }
            reader.withField(columns[1]) { entities.append($0) }
            for column in columns[2...3] { fields.append(Int32(reader.withField(column) { labels.intern($0).index })) }
            linked.append(reader.withField(columns[3]) { LinkOutput.isLinked(status: $0) } && reader.withField(columns[1]) { !$0.isEmpty })
            if fileVersion == nil { fileVersion = reader.string(columns[4]) }
        }
        labelBytes = (0..<labels.count).map { index in labels.withBytes(index) { Array($0) } }
    }

    func index(of id: UnsafeBufferPointer<UInt8>) -> Int? { records.index(of: id) }
    func id(_ index: Int, equals id: UnsafeBufferPointer<UInt8>) -> Bool { records.withBytes(index) { $0.elementsEqual(id) } }
    func id(_ index: Int) -> String { records[index] }

    /// Writes record `index`'s entity id, rank and status as three fields.
    func write(_ index: Int, to writer: CSVWriter) {
        entities.withBytes(index) { writer.field(bytes: $0) }
        labelBytes[Int(fields[2 * index])].withUnsafeBufferPointer { writer.field(bytes: $0) }
        labelBytes[Int(fields[2 * index + 1])].withUnsafeBufferPointer { writer.field(bytes: $0) }
    }

    /// `.unchanged` when record `index` and the current row (its entity id and rank, and whether it
    /// is linked to a non-empty id) are linked in neither, or to the same entity at the same rank;
    /// nil when `ChangeKind.of` must decide. The common case without a String or a hash lookup.
    func sameLink(_ index: Int, entity: UnsafeBufferPointer<UInt8>, rank: UnsafeBufferPointer<UInt8>, linked isLinked: Bool) -> ChangeKind? {
        let wasLinked = linked[index]
        if !wasLinked && !isLinked { return .unchanged }
        if wasLinked && isLinked && entities.withBytes(index, { $0.elementsEqual(entity) })
            && labelBytes[Int(fields[2 * index])].withUnsafeBufferPointer({ $0.elementsEqual(rank) }) { return .unchanged }
        return nil
    }
    func link(_ index: Int) -> Link {
        Link(entity: entities[index], rank: labels[Int(fields[2 * index])], status: labels[Int(fields[2 * index + 1])])
    }
}
