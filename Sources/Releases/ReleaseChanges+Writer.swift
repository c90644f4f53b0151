import Fellegi
import Foundation
import Kernels
import LinkIO

extension ReleaseChanges {
    /// Writes changes.csv chunk by chunk of this release's links, in their row order (the order
    /// links.csv has; `run` adds each chunk as it is linked), then the records only the previous
    /// release had: the same file whatever the chunks.
    ///
    /// - Complexity: O(rows of both releases); memory: the previous file's ids, interned, and a flag
    ///   per previous record (whole-release structures of the previous release; this release's
    ///   records are seen one chunk at a time).
    package final class Writer {
        private let before: PreviousLinks
        private let changes: IdentifierChanges
        private let writer: CSVWriter
        private var seen: [Bool]
        /// The previous file's record after the last one matched (releases list records in much the
        /// same order: tried first).
        private var cursor = 0
        private var result: ReleaseChanges

        /// Reads link file `previous` and creates changes.csv's temporary file at `url`.
        ///
        /// - Parameter changes: old → current entity ids (a link under an old id that now reads as
        ///   its current id is `renamed`).
        /// - Throws: `InputError` located in the previous file when it lacks a link file's columns or
        ///   repeats a record id.
        package init(previous: URL, previousName: String, settings: LinkSettings, changes: IdentifierChanges, to url: URL) throws {
            let record = settings.left.idColumn
            let entity = settings.right.linkColumn
            before = try PreviousLinks(url: previous, file: previousName, record: record, entity: entity)
            self.changes = changes
            result = ReleaseChanges(previousFileVersion: before.fileVersion)
            seen = [Bool](repeating: false, count: before.count)
            writer = try CSVWriter(url: url, header: header(record: record, entity: entity))
        }

        /// Writes the rows of the next chunk of this release's links.
        package func add(_ current: CurrentLinks) throws {
            for row in 0..<current.count {
                // Bytes, not Strings, on the common path: most records are unchanged.
                let effect = current.effect(row).map(label) ?? ""
                let index = current.withID(row) { id -> Int? in
                    writer.field(bytes: id)
                    if cursor < before.count, before.id(cursor, equals: id) { return cursor }
                    return before.index(of: id)
                }
                if let index { cursor = index + 1 }
                let kind: ChangeKind
                if let index {
                    seen[index] = true
                    before.write(index, to: writer)
                    kind = current.withLink(row) { entity, rank, linked in before.sameLink(index, entity: entity, rank: rank, linked: linked) }
                        ?? ChangeKind.of(previous: before.link(index).linked, current: current.link(row), currentOf: changes.current)
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
        }

        /// Writes the records only the previous release had, renames changes.csv into place and
        /// returns the counts.
        package func finish() throws -> ReleaseChanges {
            for index in 0..<before.count where !seen[index] {
                let then = before.link(index)
                try writer.writeRow([before.id(index), then.entity, then.rank, then.status, "", "", "", ChangeKind.droppedRecord.rawValue, ""])
                result.counts[.droppedRecord, default: 0] += 1
            }
            try writer.commit()
            return result
        }
    }
}
