/// Codes held for a few rows of a column only, by row: the NHS numbers that fail the check digit
/// (missing as values, still comparable as typos). Rows ascending; memory 12 bytes per held row.
package struct SparseCodes: Sendable, Equatable {
    package private(set) var rows: [Int32] = []
    package private(set) var codes: [UInt64] = []

    package init() {}

    /// The codes of `rows`; nil unless there is one code per row and rows ascend.
    package init?(rows: [Int32], codes: [UInt64]) {
        guard rows.count == codes.count, zip(rows, rows.dropFirst()).allSatisfy({ $0 < $1 }) else { return nil }
        self.rows = rows
        self.codes = codes
    }

    package var count: Int { rows.count }
    package var isEmpty: Bool { rows.isEmpty }

    /// Appends a code for `row`, which must be above every row held.
    package mutating func append(row: Int, code: UInt64) {
        precondition(rows.last.map { Int($0) < row } ?? true, "rows ascending")
        rows.append(Int32(row))
        codes.append(code)
    }

    /// Appends `other`'s rows, shifted by `offset` (the rows before `other`'s chunk).
    package mutating func append(contentsOf other: SparseCodes, offset: Int) {
        for index in other.rows.indices { append(row: Int(other.rows[index]) + offset, code: other.codes[index]) }
    }

    /// The code held for `row`, or nil.
    ///
    /// - Complexity: O(log count).
    @inline(__always)
    package func code(row: Int) -> UInt64? {
        var low = 0
        var high = rows.count
        while low < high {
            let mid = (low + high) / 2
            if Int(rows[mid]) < row { low = mid + 1 } else { high = mid }
        }
        return low < rows.count && Int(rows[low]) == row ? codes[low] : nil
    }
}
