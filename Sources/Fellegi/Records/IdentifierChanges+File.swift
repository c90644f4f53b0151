import Foundation
import LinkIO

extension IdentifierChanges {
    /// Reads an id-changes file: `OLD_<id>,NEW_<id>` for the right side's id column `idColumn` (with
    /// the default settings the Old_New_HESID file, `OLD_HESID,NEW_HESID`); a header alone means no
    /// changes.
    ///
    /// - Parameters:
    ///   - url: where the file is.
    ///   - file: how to name it in messages (as the user gave it).
    /// - Throws: `InputError` for a missing file, a missing column or a blank id (located, naming no
    ///   id); `InputErrors` for every mapping or cycle problem at once.
    /// - Complexity: O(rows).
    package static func read(url: URL, file: String, idColumn: String) throws -> IdentifierChanges {
        guard FileManager.default.fileExists(atPath: url.path) else { throw InputError(file: file, "does not exist") }
        let reader = try CSVReader(url: url, name: file, allowHeaderOnly: true)
        let names = columns(idColumn: idColumn)
        let columns = try reader.requireColumns([names.old, names.new])
        var rows: [(old: String, new: String, line: Int)] = []
        while try reader.next() {
            let old = reader.string(columns[0])
            let new = reader.string(columns[1])
            if old.isEmpty { throw reader.error(column: columns[0], "is blank") }
            if new.isEmpty { throw reader.error(column: columns[1], "is blank") }
            rows.append((old, new, reader.line))
        }
        return try IdentifierChanges(rows: rows, file: file, idColumn: idColumn)
    }
}
