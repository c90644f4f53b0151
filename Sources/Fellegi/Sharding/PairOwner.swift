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
    /// Per right entity, per rule: its rows' keys.
    let entityKeys: [[[UInt64]]]

    init(settings: LinkSettings, left: RecordTable, right: RecordTable, oversized: Set<BlockKey>) {
        let rules = settings.blocking.rules.map { ResolvedRule($0, settings: settings) }
        self.rules = rules
        self.left = left
        self.oversized = oversized
        entityKeys = (0..<right.entityCount).map { entity in
            rules.map { rule in right.rows(ofEntity: entity).compactMap { rule.key(in: right, row: Int(right.entityRows[$0])) } }
        }
    }

    /// The block that owns the pair (left row, right entity), or nil when no rule finds it.
    ///
    /// - Complexity: O(R × rows of the entity), plus the typo keys of a mistyped NHS number.
    func owner(leftRow: Int, entity: Int) -> BlockKey? {
        var typoKeys: [UInt64] = []
        for (r, rule) in rules.enumerated() {
            let finds = { (key: UInt64) in !oversized.contains(BlockKey(rule: r, key: key)) && entityKeys[entity][r].contains(key) }
            if let key = rule.key(in: left, row: leftRow) {
                if finds(key) { return BlockKey(rule: r, key: key) }
            } else if rule.matchesTypos {
                rule.typoKeys(in: left, row: leftRow, into: &typoKeys)
                if let key = typoKeys.filter(finds).min() { return BlockKey(rule: r, key: key) }
            }
        }
        return nil
    }
}
