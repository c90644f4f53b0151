import Kernels

/// One block of a sharded job: a blocking rule (its index in the settings) and a key value of that
/// rule (`ResolvedRule`'s 64-bit key). Written `RULE:KEY`, the key in 16 lowercase hexadecimal
/// digits (`0:9f86d081884c7d65`): the value an engine partitions score's input by.
package struct BlockKey: Hashable, Sendable, Comparable {
    package var rule: Int
    package var key: UInt64

    package init(rule: Int, key: UInt64) {
        self.rule = rule
        self.key = key
    }

    package var text: String {
        let hex = String(key, radix: 16)
        return "\(rule):" + String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// Reads `text`; nil unless it is `RULE:KEY` with a rule below `rules` and 16 hexadecimal digits.
    package init?(_ text: Substring, rules: Int) {
        guard let colon = text.firstIndex(of: ":"), let rule = Int(text[..<colon]), rule >= 0, rule < rules,
              text[..<colon].allSatisfy(\.isASCII), text[..<colon].first != "+" else { return nil }
        let hex = text[text.index(after: colon)...]
        guard hex.utf8.count == 16, hex.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }),
              let key = UInt64(hex, radix: 16) else { return nil }
        self.init(rule: rule, key: key)
    }

    package static func < (a: BlockKey, b: BlockKey) -> Bool { (a.rule, a.key) < (b.rule, b.key) }
}

/// Where `run` numbers a right entity among all of them: by the shard of its id, then by the line of
/// its first row (`StringInterner.build` over `RecordTable.rightShardBits` shards). Candidates are
/// visited, summed and tie-broken in this order, so a sharded job orders them by it to get `run`'s
/// probabilities and ties to the bit. `shard << 44 | first line`, written in decimal.
package enum EntityOrder {
    /// The largest first line the order holds (2⁴⁴ − 1).
    package static let maximumLine = (1 << 44) - 1

    package static func key(id: String, firstLine: Int) -> UInt64 {
        precondition(firstLine >= 0 && firstLine <= maximumLine, "a first line within 44 bits")
        var id = id
        let shard = id.withUTF8 { StringInterner.shard(of: $0, shardBits: RecordTable.rightShardBits) }
        return UInt64(shard) << 44 | UInt64(firstLine)
    }
}
