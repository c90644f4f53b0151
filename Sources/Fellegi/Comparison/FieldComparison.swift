import Comparators

/// A comparison ready to run on coded columns: the settings, the comparator, its levels.
/// Concrete (an enum over the comparator structs, no existentials) because it runs once per
/// candidate pair per comparison.
package struct FieldComparison: Sendable {
    // Few stored properties on purpose: a copy of a `FieldComparison` retains and releases each
    // reference-counted one (storing the levels and equality levels too made fit's u stage about 35%
    // slower), so those are read from the comparator when asked; the pair loops call `Comparator`.
    package let settings: ComparisonSettings
    package let levelLabels: [String]
    let comparator: Comparator

    enum Comparator: Sendable {
        case nhsNumber(NHSNumberComparator)
        case date(DateComparator)
        case sex(SexComparator)
        case postcode(PostcodeComparator)
        case text(StringComparator)

        var levels: [ComparisonLevel] {
            switch self {
            case .nhsNumber(let comparator): comparator.levels
            case .date(let comparator): comparator.levels
            case .sex(let comparator): comparator.levels
            case .postcode(let comparator): comparator.levels
            case .text(let comparator): comparator.levels
            }
        }
    }

    /// - Throws: `ParameterProblems` when the settings' thresholds are invalid (settings loading has
    ///   already reported them with JSON paths, so this is a programmer error in practice).
    package init(_ settings: ComparisonSettings) throws {
        self.settings = settings
        switch settings.kind {
        case .nhsNumber: comparator = .nhsNumber(try NHSNumberComparator(similarityThreshold: settings.thresholds.first))
        case .date: comparator = .date(DateComparator(separatePlaceholderLevel: settings.placeholderLevel))
        case .sex: comparator = .sex(SexComparator())
        case .postcode: comparator = .postcode(PostcodeComparator())
        case .jaroWinkler, .exact:
            comparator = .text(try StringComparator(thresholds: settings.kind == .exact ? [] : settings.thresholds))
        }
        levelLabels = comparator.levels.map(\.label)
    }

    /// The comparator's levels: labels, and what each level implies about the parts of the values.
    package var levels: [ComparisonLevel] { comparator.levels }

    package var levelCount: Int { levelLabels.count }

    /// The levels reached only by equal values (exact agreement): their u-probabilities are computed
    /// from value frequencies, and term-frequency adjustment applies to them.
    package var equalityLevels: [Int] { levels.equalityLevels }

    /// The level of comparison `k` between a left row and a right row: 0 (null) when either is missing.
    @inline(__always)
    func level(_ k: Int, left: RecordTable, leftRow: Int, right: RecordTable, rightRow: Int) -> Int {
        comparator.level(k, left: left, leftRow: leftRow, right: right, rightRow: rightRow)
    }

    /// The strongest level of comparison `k` between a left row and any row of a right entity.
    @inline(__always)
    func level(_ k: Int, left: RecordTable, leftRow: Int, right: RecordTable, entity: Int) -> Int {
        comparator.level(k, left: left, leftRow: leftRow, right: right, entity: entity)
    }
}

/// The pair loops (`PairScan`, `UEstimate`) call these on `comparisons.map(\.comparator)`: a
/// `Comparator` holds at most one reference (a text comparator's thresholds), where a call on a
/// `FieldComparison` copied its settings too (about a third of fit's u stage in retains and releases).
extension FieldComparison.Comparator {
    /// The level of two coded values (both non-zero).
    @inline(__always)
    func level(_ a: UInt64, _ b: UInt64) -> Int {
        switch self {
        case .nhsNumber(let comparator): return comparator.level(a, b)
        case .date(let comparator):
            return comparator.level(CalendarDate(days: FieldCode.days(a)), CalendarDate(days: FieldCode.days(b)))
        case .sex(let comparator): return comparator.level(UInt8(truncatingIfNeeded: a), UInt8(truncatingIfNeeded: b))
        case .postcode(let comparator): return comparator.level(PackedPostcode(rawValue: a), PackedPostcode(rawValue: b))
        case .text: return 0
        }
    }

    /// The level of comparison `k` between a left row and a right row: 0 (null) when either is missing.
    @inline(__always)
    func level(_ k: Int, left: RecordTable, leftRow: Int, right: RecordTable, rightRow: Int) -> Int {
        if case .text(let comparator) = self, let leftText = left.texts[k], let rightText = right.texts[k] {
            if leftText.isMissing(leftRow) || rightText.isMissing(rightRow) { return 0 }
            return leftText.withBytes(leftRow) { a in rightText.withBytes(rightRow) { b in comparator.level(a, b) } }
        }
        let a = left.codes[k][leftRow]
        let b = right.codes[k][rightRow]
        if a != 0, b != 0 { return level(a, b) }
        // A number failing the check digit against the other side's valid one: a typo, or nothing.
        if case .nhsNumber(let comparator) = self, a != 0 || b != 0 {
            if a == 0, let typo = left.failedCheck[k].code(row: leftRow) { return comparator.level(failedCheck: typo, valid: b) }
            if b == 0, let typo = right.failedCheck[k].code(row: rightRow) { return comparator.level(failedCheck: typo, valid: a) }
        }
        return 0
    }

    /// The strongest level of comparison `k` between a left row and any row of a right entity
    /// (a HESID's address history): 0 only when every row is null.
    @inline(__always)
    func level(_ k: Int, left: RecordTable, leftRow: Int, right: RecordTable, entity: Int) -> Int {
        var best = 0
        for position in right.rows(ofEntity: entity) {
            let level = level(k, left: left, leftRow: leftRow, right: right, rightRow: Int(right.entityRows[position]))
            if level != 0, best == 0 || level < best {
                best = level
                if best == 1 { break }
            }
        }
        return best
    }
}
