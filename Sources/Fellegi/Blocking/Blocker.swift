import Comparators

/// One candidate: a right entity, and the rules (bit mask, bit r for rule r) whose blocks paired it
/// with the left record.
package struct Candidate: Sendable, Equatable {
    package var entity: Int32
    package var rules: UInt32

    /// The first rule that found the pair (the one that "owns" it in per-rule pair counts).
    package var firstRule: Int { rules.trailingZeroBitCount }
}

/// Candidate pairs: the union over blocking rules, each right entity once per left record.
package struct Blocker: Sendable {
    package let indexes: [BlockIndex]

    /// No rules: no candidates (random-pair sampling needs no index).
    package init() { indexes = [] }

    /// Indexes built before (`HESIndex`), one per blocking rule in order.
    init(indexes: [BlockIndex]) { self.indexes = indexes }

    package init(settings: LinkSettings, right: RecordTable, threads: Int = 1) {
        precondition(settings.blocking.rules.count <= 32, "at most 32 blocking rules")
        indexes = settings.blocking.rules.map {
            BlockIndex(rule: ResolvedRule($0, settings: settings), table: right, maxBlockSize: settings.blocking.maxBlockSize,
                       threads: threads)
        }
    }

    /// The candidates for `leftRow`, ascending by entity, into `buffer` (reused between calls).
    ///
    /// - Complexity: O(R log n + c log c) for R rules and c candidate rows.
    package func candidates(left: RecordTable, leftRow: Int, right: RecordTable, into buffer: inout [Candidate]) {
        var typoKeys: [UInt64] = []
        candidates(left: left, leftRow: leftRow, right: right, into: &buffer, typoKeys: &typoKeys)
    }

    /// As `candidates(left:leftRow:right:into:)`, with a scratch buffer for a mistyped NHS number's
    /// keys (`ResolvedRule.typoKeys`).
    package func candidates(left: RecordTable, leftRow: Int, right: RecordTable, into buffer: inout [Candidate], typoKeys: inout [UInt64]) {
        buffer.removeAll(keepingCapacity: true)
        // `indexes[r]` in place, not a copy per rule per row: a copy retains and releases every
        // column the index holds (a tenth of `run`'s time at 2M records).
        for r in indexes.indices {
            guard let key = indexes[r].rule.key(in: left, row: leftRow) else {
                guard indexes[r].rule.matchesTypos else { continue }
                indexes[r].rule.typoKeys(in: left, row: leftRow, into: &typoKeys)
                for key in typoKeys {
                    for position in indexes[r].block(key) {
                        buffer.append(Candidate(entity: indexes[r].entity(at: position), rules: 1 << UInt32(r)))
                    }
                }
                continue
            }
            // Keys are 64-bit mixes of the parts: two different part values collide with probability
            // ~2⁻⁶⁴ per lookup, and a collision would only add a candidate that scoring rejects.
            for position in indexes[r].block(key) {
                buffer.append(Candidate(entity: indexes[r].entity(at: position), rules: 1 << UInt32(r)))
            }
        }
        guard buffer.count > 1 else { return }
        buffer.sort { $0.entity < $1.entity }
        var write = 0
        for read in 1..<buffer.count {
            if buffer[read].entity == buffer[write].entity {
                buffer[write].rules |= buffer[read].rules
            } else {
                write += 1
                buffer[write] = buffer[read]
            }
        }
        buffer.removeLast(buffer.count - write - 1)
    }
}
