import Comparators
import Foundation
import Kernels
import LinkIO

/// What linking's own standardisation made of the left records' identifiers, kept from the left
/// `RecordTable`s linking loaded (`missingReasons`, `codes`) for the quality pass: for each
/// comparison, present or the `MissingReason`, and the record's subgroup keys (`SubgroupKey`): age
/// band at the record date, sex, postcode area. `run` appends each chunk's table as it is linked,
/// so the pass needs no table of the whole release: per record the reasons (1 byte per comparison),
/// the birth date (4 bytes), sex (1) and postcode area (2), its source line (4) and its id's 64-bit
/// hash (8; `KeyHash.hash`: links.csv's rows are checked against it, a check that a different id
/// passes only on a hash collision). It is read-only once built, so the pass lends it to every row
/// (no copy per row).
package struct RecordIdentifiers: Sendable {
    let comparisons: Int
    let dateComparison: Int?
    let sexComparison: Int?
    let postcodeComparison: Int?
    /// Per comparison, each row's `MissingReason.rawValue` or `RecordTable.present`.
    private var reasons: [[UInt8]]
    /// Per row: the birth date's day number (`noDate` when missing), sex code, postcode area.
    private var birthDays: [Int32] = []
    private var sexCodes: [UInt8] = []
    private var areas: [UInt16] = []
    private var lines: [Int32] = []
    private var idHashes: [UInt64] = []

    private static let noDate = Int32.min

    /// No rows yet, for left tables of `settings`.
    package init(settings: [ComparisonSettings]) {
        comparisons = settings.count
        func only(_ kind: ComparisonKind) -> Int? {
            let matches = settings.indices.filter { settings[$0].kind == kind }
            return matches.count == 1 ? matches[0] : nil
        }
        dateComparison = only(.date)
        sexComparison = only(.sex)
        postcodeComparison = only(.postcode)
        reasons = settings.map { _ in [] }
    }

    /// The rows of `table`.
    package init(table: RecordTable) {
        self.init(settings: table.settings)
        append(table)
    }

    /// Appends the rows of `table` (the next chunk of the release).
    ///
    /// - Precondition: `table` is a left table (it has `missingReasons`) of these settings.
    /// - Complexity: O(rows).
    package mutating func append(_ table: RecordTable) {
        precondition(table.missingReasons.count == comparisons && table.settings.count == comparisons, "a left table")
        for k in 0..<comparisons { reasons[k] += table.missingReasons[k] }
        lines += table.lines
        idHashes.reserveCapacity(idHashes.count + table.rowCount)
        for row in 0..<table.rowCount { idHashes.append(table.ids.withBytes(Int(table.entityOfRow[row])) { KeyHash.hash($0) }) }
        if let k = dateComparison {
            birthDays += table.codes[k].lazy.map { FieldCode.calendarDate($0)?.days ?? Self.noDate }
        }
        if let k = sexComparison { sexCodes += table.codes[k].lazy.map { UInt8(truncatingIfNeeded: $0) } }
        if let k = postcodeComparison { areas += table.codes[k].lazy.map { UInt16(truncatingIfNeeded: SubgroupKey.area(PackedPostcode(rawValue: $0))) } }
    }

    package var rowCount: Int { idHashes.count }

    /// The source line of row `row` (for messages).
    package func line(_ row: Int) -> Int { Int(lines[row]) }

    /// The first row whose record id is `id` (by its hash), or nil.
    ///
    /// - Complexity: O(rows).
    package func row(ofID id: UnsafeBufferPointer<UInt8>) -> Int? {
        idHashes.firstIndex(of: KeyHash.hash(id))
    }

    /// True when row `row`'s record id is `id` (by its hash).
    package func hasID(_ id: UnsafeBufferPointer<UInt8>, row: Int) -> Bool {
        idHashes[row] == KeyHash.hash(id)
    }

    /// Why comparison `k` is missing on row `row` (a `MissingReason.rawValue`; a code no reason has
    /// counts as `malformed`), or `RecordTable.present`.
    ///
    /// - Complexity: O(1); allocates nothing.
    @inline(__always)
    package func reason(_ k: Int, row: Int) -> UInt8 {
        let raw = reasons[k][row]
        return raw == RecordTable.present || MissingReason(rawValue: raw) != nil ? raw : MissingReason.malformed.rawValue
    }

    /// Row `row`'s subgroup keys; `ages` are the age limits of its record date (nil: no valid date).
    ///
    /// - Complexity: O(age bands); allocates nothing.
    package func keys(row: Int, ages: AgeBand.Limits?) -> SubgroupKey {
        var keys = SubgroupKey()
        if let k = sexComparison {
            let reason = reason(k, row: row)
            keys.sex = reason == RecordTable.present ? SubgroupKey.sex(code: UInt64(sexCodes[row])) : SubgroupKey.missing(reason)
        }
        if let k = postcodeComparison {
            let reason = reason(k, row: row)
            keys.area = reason == RecordTable.present ? UInt64(areas[row]) : SubgroupKey.missing(reason)
        }
        if dateComparison != nil {
            let days = birthDays[row]
            let birth = days == Self.noDate ? nil : CalendarDate(days: days)
            keys.age = birth.flatMap { birth in ages.map { UInt64($0.index(birth: birth)) } } ?? SubgroupKey.ageUnknown
        }
        return keys
    }
}

/// A record's groups for the match rate by subgroup, as small integer codes (labels in `label`):
/// age band at the record date (`AgeBand`), sex (1 male, 2 female, or why missing) and postcode area
/// (the 1–2 letters of `PackedPostcode.area`, or why missing). `none` where the settings have no
/// such comparison. Every code is below `limit`, so the quality pass counts groups in arrays
/// indexed by code; codes sort as the tables list their groups (values, then why missing).
package struct SubgroupKey: Sendable, Equatable {
    package static let none: UInt64 = .max
    package var age: UInt64 = none
    package var sex: UInt64 = none
    package var area: UInt64 = none

    package init() {}

    /// Codes from this on are missing reasons (`missingBase + MissingReason.rawValue`): above every
    /// sex code (1, 2) and postcode area (two 6-bit letter slots, below 2¹²).
    static let missingBase: UInt64 = 1 << 12
    /// The age code of a record whose birth date or record date is missing: after the bands.
    static let ageUnknown = UInt64(AgeBand.bands.count)
    /// Every code but `none` is below this.
    static let limit = Int(missingBase) + 256

    static func missing(_ reason: MissingReason) -> UInt64 { missingBase + UInt64(reason.rawValue) }
    static func missing(_ rawReason: UInt8) -> UInt64 { missingBase + UInt64(rawReason) }
    static func sex(code: UInt64) -> UInt64 { code }
    static func area(_ postcode: PackedPostcode) -> UInt64 { postcode.area }

    static func age(birth: CalendarDate?, at date: CalendarDate?) -> UInt64 {
        guard let birth, let date else { return ageUnknown }
        return UInt64(AgeBand.index(birth: birth, at: date))
    }

    /// The label of an age code: the band (`25-34`) or `birth or test date missing`.
    package static func ageLabel(_ code: UInt64) -> String {
        code < UInt64(AgeBand.bands.count) ? AgeBand.bands[Int(code)].label : "birth or test date missing"
    }

    /// `male`, `female`, `not known` (0, 9, U, I), `blank`, `invalid`.
    package static func sexLabel(_ code: UInt64) -> String {
        switch code {
        case UInt64(Sex.male): "male"
        case UInt64(Sex.female): "female"
        case missing(.notKnown): "not known"
        case missing(.blank): "blank"
        default: "invalid"
        }
    }

    /// The area's letters (`SW`), `ZZ99 pseudo-postcode`, `blank` or `invalid`.
    package static func areaLabel(_ code: UInt64) -> String {
        if code >= missingBase {
            switch code {
            case missing(.pseudo): return "ZZ99 pseudo-postcode"
            case missing(.blank): return "blank"
            default: return "invalid"
            }
        }
        let letters = [code >> 6, code & 0x3F].filter { $0 > 10 }.map { Character(Unicode.Scalar(UInt8($0 - 11) + 0x41)) }
        return String(letters)
    }
}

/// Age bands at the record's date (the DID `TEST_DATE`), in whole years: those of ONS's published
/// linkage-bias tables, 0–15, 16–24, then ten-year bands to 75–84, and 85+.
package enum AgeBand {
    package static let bands: [(lower: Int, label: String)] = [
        (0, "0-15"), (16, "16-24"), (25, "25-34"), (35, "35-44"), (45, "45-54"), (55, "55-64"), (65, "65-74"), (75, "75-84"),
        (85, "85+"),
    ]

    /// Age in completed years on `date` of someone born on `birth` (29 February birthdays fall on
    /// 1 March in other years), never below 0.
    package static func age(birth: CalendarDate, at date: CalendarDate) -> Int {
        let (by, bm, bd) = birth.civil
        let (y, m, d) = date.civil
        let years = Int(y - by) - ((m, d) < (bm, bd) ? 1 : 0)
        return max(years, 0)
    }

    /// The band of `age(birth:at:)`.
    package static func index(birth: CalendarDate, at date: CalendarDate) -> Int {
        let years = age(birth: birth, at: date)
        return (bands.lastIndex { $0.lower <= years }) ?? 0
    }

    /// The bands of every birth date at one record date, without a civil date per birth: for each
    /// band but the first, with lower age L, the latest birth date whose age on `date` is at least L
    /// (`date`'s day and month L years back; 28 February when that is 29 February of a common year).
    /// Age ≥ L exactly when (birth year, month, day) ≤ (year − L, month, day) in that order, so a
    /// birth date's band is the number of limits on or after it: `index(birth:)` equals
    /// `AgeBand.index(birth:at:)`.
    package struct Limits: Sendable, Equatable {
        /// Day numbers, one per band but the first, descending.
        package let days: [Int32]

        /// - Complexity: O(bands).
        package init(at date: CalendarDate) {
            let (year, month, day) = date.civil
            days = AgeBand.bands.dropFirst().map { band in
                let y = year - Int32(band.lower)
                return CivilDays.days(year: y, month: month, day: min(day, CivilDays.daysInMonth(year: y, month: month)))
            }
        }

        /// The band of someone born on `birth` at the limits' date.
        ///
        /// - Complexity: O(bands); allocates nothing.
        @inline(__always)
        package func index(birth: CalendarDate) -> Int {
            var index = 0
            for limit in days where birth.days <= limit { index += 1 }
            return index
        }
    }
}
