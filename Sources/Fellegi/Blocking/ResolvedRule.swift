import Comparators
import Kernels

/// A blocking rule resolved against a table's columns: for each row, a 64-bit key built from the
/// standardised parts the rule names, or nil when any part is missing (null keys never block).
package struct ResolvedRule: Sendable {
    package let rule: BlockingRule
    /// (comparison index, part) for each key.
    let parts: [(comparison: Int, part: ValuePart)]

    /// The kind of each part's comparison.
    let kinds: [ComparisonKind]

    init(_ rule: BlockingRule, settings: LinkSettings) {
        self.rule = rule
        kinds = rule.keys.compactMap { key in settings.comparisonIndex(key.comparison).map { settings.comparisons[$0].kind } }
        parts = rule.keys.compactMap { key in
            guard let index = settings.comparisonIndex(key.comparison) else { return nil }
            // Settings loading reports a part the kind does not have; code that builds settings by
            // hand must not make one.
            precondition(key.part == .whole || settings.comparisons[index].kind.keyParts.contains(key.part),
                         "blocking key \(key): not a part of a \(settings.comparisons[index].kind.rawValue) value")
            return (index, key.part)
        }
    }

    /// True for a rule of one NHS number alone: it also pairs a left number that fails the check
    /// digit with every valid number one substitution or adjacent swap away (`typoKeys`), so that a
    /// mistyped number still finds its patient's record.
    package var matchesTypos: Bool {
        parts.count == 1 && parts[0].part == .whole && kinds[0] == .nhsNumber
    }

    /// The keys of the valid numbers one edit from `row`'s failed-check NHS number (none when the
    /// row has a valid or no number, or the rule does not `matchesTypos`), into `keys`.
    ///
    /// - Complexity: O(1): 90 substitutions and 9 swaps checked, about a tenth of them valid.
    func typoKeys(in table: RecordTable, row: Int, into keys: inout [UInt64]) {
        keys.removeAll(keepingCapacity: true)
        let k = parts[0].comparison
        guard matchesTypos, table.codes[k][row] == 0, let typo = table.failedCheck[k].code(row: row) else { return }
        var power: UInt64 = 1
        var previousPower: UInt64 = 0
        for _ in 0..<10 {
            let digit = typo / power % 10
            for other in UInt64(0)...9 where other != digit {
                let candidate = typo - digit * power + other * power
                if NHSNumber.isValid(candidate) { keys.append(Self.key(of: candidate)) }
            }
            if previousPower > 0 {
                let lower = typo / previousPower % 10
                if lower != digit {
                    let swapped = typo - digit * power - lower * previousPower + lower * power + digit * previousPower
                    if NHSNumber.isValid(swapped) { keys.append(Self.key(of: swapped)) }
                }
            }
            previousPower = power
            power *= 10
        }
    }

    /// The key of a rule of one whole coded value `code` (as `key(in:row:)` computes it).
    static func key(of code: UInt64) -> UInt64 { KeyHash.combine(0x243F_6A88_85A3_08D3, code) | 1 }

    /// The comparisons this rule agrees on by construction (left out of its training session).
    package var comparisons: Set<Int> { Set(parts.map(\.comparison)) }

    /// The value of one key part on `row`, or nil when missing.
    @inline(__always)
    func partValue(_ index: Int, in table: RecordTable, row: Int) -> UInt64? {
        let (k, part) = parts[index]
        if let text = table.texts[k] {
            if text.isMissing(row) { return nil }
            return text.withBytes(row) { bytes in
                let used = if case .first3 = part { UnsafeBufferPointer(rebasing: bytes.prefix(3)) } else { bytes }
                return KeyHash.hash(used) | 1
            }
        }
        let code = table.codes[k][row]
        guard code != 0 else { return nil }
        switch part {
        case .whole:
            return table.settings[k].kind == .date ? code >> 1 : code
        case .year: return UInt64(CivilDays.civil(FieldCode.days(code)).year + 10_000)
        case .monthDay:
            let civil = CivilDays.civil(FieldCode.days(code))
            return UInt64(civil.month * 32 + civil.day)
        case .unit: return PackedPostcode(rawValue: code).unit
        case .sector: return PackedPostcode(rawValue: code).sector
        case .district: return PackedPostcode(rawValue: code).district
        case .area: return PackedPostcode(rawValue: code).area
        case .first3: return code
        }
    }

    /// The rule's key for `row`, or nil when a part is missing.
    @inline(__always)
    func key(in table: RecordTable, row: Int) -> UInt64? {
        var key: UInt64 = 0x243F_6A88_85A3_08D3
        for index in parts.indices {
            guard let value = partValue(index, in: table, row: row) else { return nil }
            key = KeyHash.combine(key, value)
        }
        return key | 1  // never 0: the index uses 0 for "no key"
    }

}
