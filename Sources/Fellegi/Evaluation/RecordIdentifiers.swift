import Comparators
import Foundation
import LinkIO

/// What linking's own standardisation made of one left record's identifiers, read from the left
/// `RecordTable` linking loaded (`missingReasons`, `codes`): for each comparison, present or the
/// `MissingReason`, and the record's subgroup keys (`SubgroupKey`): age band at the record date,
/// sex, postcode area. It copies no value out: only reasons and keys, one record at a time.
package struct RecordIdentifiers: Sendable {
    let table: RecordTable
    let dateComparison: Int?
    let sexComparison: Int?
    let postcodeComparison: Int?

    /// Per comparison: nil when present, else why missing (the last record read).
    package private(set) var reasons: [MissingReason?]
    /// The last record's subgroup keys.
    package private(set) var keys = SubgroupKey()

    /// - Precondition: `table` is a left table (it has `missingReasons`).
    package init(table: RecordTable) {
        precondition(table.missingReasons.count == table.settings.count, "a left table")
        self.table = table
        func only(_ kind: ComparisonKind) -> Int? {
            let matches = table.settings.indices.filter { table.settings[$0].kind == kind }
            return matches.count == 1 ? matches[0] : nil
        }
        dateComparison = only(.date)
        sexComparison = only(.sex)
        postcodeComparison = only(.postcode)
        reasons = Array(repeating: nil, count: table.settings.count)
    }

    package var rowCount: Int { table.rowCount }

    /// The source line of row `row` (for messages).
    package func line(_ row: Int) -> Int { Int(table.lines[row]) }

    /// The row of the record whose id is `id`, or nil.
    package func row(ofID id: UnsafeBufferPointer<UInt8>) -> Int? {
        table.ids.index(of: id).map { table.rows(ofEntity: $0).lowerBound }
    }

    /// True when row `row`'s record id is `id`.
    package func hasID(_ id: UnsafeBufferPointer<UInt8>, row: Int) -> Bool {
        table.ids.withBytes(Int(table.entityOfRow[row])) { $0.elementsEqual(id) }
    }

    /// Reads row `row`, whose record date (the age reference) is `recordDate`.
    ///
    /// - Complexity: O(comparisons); allocates nothing.
    package mutating func read(row: Int, recordDate: CalendarDate?) {
        for k in reasons.indices {
            let raw = table.missingReasons[k][row]
            reasons[k] = raw == RecordTable.present ? nil : MissingReason(rawValue: raw) ?? .malformed
        }
        keys = SubgroupKey()
        if let k = sexComparison {
            keys.sex = reasons[k].map(SubgroupKey.missing) ?? SubgroupKey.sex(code: table.codes[k][row])
        }
        if let k = postcodeComparison {
            keys.area = reasons[k].map(SubgroupKey.missing) ?? SubgroupKey.area(PackedPostcode(rawValue: table.codes[k][row]))
        }
        if let k = dateComparison {
            keys.age = SubgroupKey.age(birth: FieldCode.calendarDate(table.codes[k][row]), at: recordDate)
        }
    }
}

/// A record's groups for the match rate by subgroup, as small integer codes (labels in `label`):
/// age band at the record date (`AgeBand`), sex (1 male, 2 female, or why missing) and postcode area
/// (the 1–2 letters of `PackedPostcode.area`, or why missing). `none` where the settings have no
/// such comparison.
package struct SubgroupKey: Sendable, Equatable {
    package static let none: UInt64 = .max
    package var age: UInt64 = none
    package var sex: UInt64 = none
    package var area: UInt64 = none

    package init() {}

    /// Codes above this are missing reasons (`missingBase + MissingReason.rawValue`).
    static let missingBase: UInt64 = 1 << 40
    /// The age code of a record whose birth date or record date is missing.
    static let ageUnknown: UInt64 = 1 << 41

    static func missing(_ reason: MissingReason) -> UInt64 { missingBase + UInt64(reason.rawValue) }
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
}
