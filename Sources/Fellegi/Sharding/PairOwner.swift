/// Which block owns a candidate pair in a sharded job: the first blocking rule that finds it, as
/// `Blocker` unions the rules (`Candidate.firstRule`), with the key it finds it by. A rule finds a
/// pair when the left record's key for it (or, for a mistyped NHS number, one of its `typoKeys`)
/// is the key of one of the entity's rows, and that key's block is not over `maxBlockSize` rows (the
/// block indexes leave those out). Through a mistyped number a pair can be found under several keys;
/// the smallest owns it.
///
/// Keys are compared whole (64 bits); `BlockIndex` compares a key's bucket and low 32 bits, so the
/// two differ only if two distinct keys of one rule agree there (probability about 2⁻⁴⁸ per pair of
/// keys at a million keys), which would add a candidate in `run` only.
struct PairOwner {
    let rules: [ResolvedRule]
    let left: RecordTable
    let oversized: Set<BlockKey>
    /// Per right entity and rule, its rows' keys: `keys[start[e * R + r]..<start[e * R + r + 1]]`.
    let keys: [UInt64]
    let start: [Int]

    init(settings: LinkSettings, left: RecordTable, right: RecordTable, oversized: Set<BlockKey>) {
        let rules = settings.blocking.rules.map { ResolvedRule($0, settings: settings) }
        self.rules = rules
        self.left = left
        self.oversized = oversized
        var keys: [UInt64] = []
        var start = [0]
        start.reserveCapacity(right.entityCount * rules.count + 1)
        for entity in 0..<right.entityCount {
            for rule in rules {
                for position in right.rows(ofEntity: entity) {
                    if let key = rule.key(in: right, row: Int(right.entityRows[position])) { keys.append(key) }
                }
                start.append(keys.count)
            }
        }
        self.keys = keys
        self.start = start
    }

    /// True when a row of `entity` has `key` for rule `r`, and that key's block is not over the cap.
    @inline(__always)
    private func finds(_ entity: Int, _ r: Int, _ key: UInt64) -> Bool {
        let slot = entity * rules.count + r
        return keys[start[slot]..<start[slot + 1]].contains(key) && !oversized.contains(BlockKey(rule: r, key: key))
    }

    /// The block that owns the pair (left row, right entity), or nil when no rule finds it.
    ///
    /// - Complexity: O(R × rows of the entity), plus the typo keys of a mistyped NHS number.
    func owner(leftRow: Int, entity: Int) -> BlockKey? {
        var typoKeys: [UInt64] = []
        for (r, rule) in rules.enumerated() {
            if let key = rule.key(in: left, row: leftRow) {
                if finds(entity, r, key) { return BlockKey(rule: r, key: key) }
            } else if rule.matchesTypos {
                rule.typoKeys(in: left, row: leftRow, into: &typoKeys)
                if let key = typoKeys.filter({ finds(entity, r, $0) }).min() { return BlockKey(rule: r, key: key) }
            }
        }
        return nil
    }
}
