/// A CSV header row: the column names in file order, looked up case-insensitively.
///
/// Built once per file and shared (it is `Sendable`) by every reader of that file's chunks.
public struct CSVHeader: Sendable, Equatable {
    /// The column names as written in the file.
    public let names: [String]
    /// The file as errors name it.
    public let file: String
    /// The physical line the header is on (1 unless blank lines come first).
    public let line: Int
    private let indexByKey: [String: Int]

    /// Checks the names and builds the lookup.
    ///
    /// - Throws: `InputError` on the header's line when a name is empty or when names repeat (ignoring case); every
    ///   repeated name is listed in the one message, by column positions only (a header that is really a data row
    ///   must not be echoed).
    /// - Complexity: O(total length of the names).
    init(names: [String], file: String, line: Int = 1) throws(InputError) {
        var indexByKey: [String: Int] = [:]
        var duplicates: [String: [Int]] = [:]
        var duplicateOrder: [String] = []
        for (index, name) in names.enumerated() {
            guard !name.isEmpty else {
                throw InputError(file: file, line: line, "column \(index + 1) of the header has no name")
            }
            let key = Self.key(name)
            if let first = indexByKey[key] {
                if duplicates[key] == nil {
                    duplicates[key] = [first + 1]
                    duplicateOrder.append(key)
                }
                duplicates[key, default: []].append(index + 1)
            } else {
                indexByKey[key] = index
            }
        }
        if !duplicateOrder.isEmpty {
            // Positions only: a header that is really a data row would otherwise print identifiers.
            let listed = duplicateOrder.map { key -> String in
                let positions = (duplicates[key] ?? []).map(String.init)
                return "columns \(positions.dropLast().joined(separator: ", ")) and \(positions.last ?? "") repeat a name"
            }
            throw InputError(
                file: file, line: line,
                "the header repeats column names (ignoring case): " + listed.joined(separator: "; "))
        }
        self.names = names
        self.file = file
        self.line = line
        self.indexByKey = indexByKey
    }

    /// The index of the column called `name`, ignoring case; nil when there is none.
    ///
    /// - Complexity: O(length of `name`).
    public func columnIndex(_ name: String) -> Int? { indexByKey[Self.key(name)] }

    /// The indices of `names`, in the order asked.
    ///
    /// - Throws: one `InputError` on the header's line naming every missing column (names from the caller, never
    ///   the header's own cells, which may be a data row of identifiers).
    /// - Complexity: O(total length of `names`).
    public func requireColumns(_ names: [String]) throws(InputError) -> [Int] {
        var indices: [Int] = []
        var missing: [String] = []
        for name in names {
            if let index = columnIndex(name) { indices.append(index) } else { missing.append(name) }
        }
        guard missing.isEmpty else {
            let noun = missing.count == 1 ? "column" : "columns"
            throw InputError(
                file: file, line: line,
                "missing required \(noun) \(missing.joined(separator: ", "))")
        }
        return indices
    }

    /// How errors name column `index`: its header name, or `column N` past the header's end.
    func label(_ index: Int) -> String {
        index < names.count ? names[index] : "column \(index + 1)"
    }

    private static func key(_ name: String) -> String { name.lowercased() }
}
