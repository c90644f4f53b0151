import Kernels

/// What a row limit per entity left out of a table.
package struct RowLimit: Sendable, Equatable {
    /// The rows per entity kept at most; nil when no limit was applied.
    package var maximum: Int?
    /// Entities that had more rows than `maximum`.
    package var entities = 0
    /// Rows left out (beyond the first `maximum` of each such entity).
    package var rowsLeftOut = 0

    package init(maximum: Int? = nil, entities: Int = 0, rowsLeftOut: Int = 0) {
        self.maximum = maximum
        self.entities = entities
        self.rowsLeftOut = rowsLeftOut
    }
}

extension RecordTable {
    /// Keeps at most `limit` rows of each entity: its first, in file order; the rest are removed from
    /// every column, so blocking, value frequencies, u sampling and comparison all see the same
    /// bounded rows. A pair's level is the best over an entity's rows, so without a limit a right id
    /// with r rows (a default or test HESID) costs each of the left records meeting it r comparisons:
    /// quadratic when those records grow with r. Missing-value counts stay those of the file as read.
    ///
    /// - Complexity: O(entities) when no entity is over the limit; otherwise O(rows × comparisons).
    mutating func limitRows(perEntity limit: Int) {
        precondition(limit > 0, "a row limit of at least 1")
        rowLimit = RowLimit(maximum: limit)
        var keep: [Bool] = []
        for entity in 0..<entityCount where rows(ofEntity: entity).count > limit {
            if keep.isEmpty { keep = [Bool](repeating: true, count: rowCount) }
            let rows = rows(ofEntity: entity)
            for position in (rows.lowerBound + limit)..<rows.upperBound { keep[Int(entityRows[position])] = false }
            rowLimit.entities += 1
            rowLimit.rowsLeftOut += rows.count - limit
        }
        guard !keep.isEmpty else { return }
        let kept = keep.indices.filter { keep[$0] }
        codes = codes.map { column in column.isEmpty ? column : FlatColumn(kept.lazy.map { column[$0] }) }
        texts = texts.map { column in
            column.map { column in
                var limited = TextColumn()
                for row in kept { column.withBytes(row) { limited.append($0) } }
                return limited
            }
        }
        var newRow = [Int32](repeating: -1, count: rowCount)
        for (index, row) in kept.enumerated() { newRow[row] = Int32(index) }
        failedCheck = failedCheck.map { sparse in
            var limited = SparseCodes()
            for index in sparse.rows.indices where newRow[Int(sparse.rows[index])] >= 0 {
                limited.append(row: Int(newRow[Int(sparse.rows[index])]), code: sparse.codes[index])
            }
            return limited
        }
        if !lines.isEmpty { lines = kept.map { lines[$0] } }
        let entities = entityOfRow
        entityOfRow = FlatColumn(kept.lazy.map { entities[$0] })
        (entityRowStart, entityRows) = Self.group(entityOfRow, entityCount: entityCount)
    }
}
