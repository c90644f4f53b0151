extension RecordTable {
    /// True when entities `a` and `b` hold the same present value on every comparison in
    /// `comparisons` (coded ones), on some row of each: one NHS number and one birth date on two
    /// HESIDs say they are one person held twice. A placeholder date is never the same value.
    ///
    /// - Complexity: O(rows of a × rows of b × comparisons); entities have a handful of rows.
    package func entitiesShareValues(_ a: Int, _ b: Int, on comparisons: [Int]) -> Bool {
        guard !comparisons.isEmpty else { return false }
        return comparisons.allSatisfy { k in
            let codes = self.codes[k]
            guard !codes.isEmpty else { return false }
            let isDate = settings[k].kind == .date
            for i in rows(ofEntity: a) {
                let value = codes[Int(entityRows[i])]
                if value == 0 || (isDate && FieldCode.isPlaceholderDate(value)) { continue }
                for j in rows(ofEntity: b) where codes[Int(entityRows[j])] == value { return true }
            }
            return false
        }
    }
}
