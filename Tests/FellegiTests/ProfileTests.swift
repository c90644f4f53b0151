import Testing

@testable import Fellegi

/// The profile of hand-made inputs: completeness and missing reasons counted by hand, common values
/// shown only when shared by at least ten right-side persons, and the pairs of each default rule.
@Suite struct ProfileTests {
    // Nine-digit stems with a check digit (400000106 and 400000204 have none).
    static let rightNHS = ([101, 102, 103, 104, 105] + Array(107...113)).map { Engine.nhs("400000\($0)") }
    static let leftNHS = [201, 202, 203, 205, 206, 207, 208, 209, 210].map { Engine.nhs("400000\($0)") }

    /// Right: twelve persons H01…H12 at LS1 4AP, sex 1, born 1980-05-06 (H01…H06) or 1980-07-08.
    static let hes = [Engine.hesHeader] + (1...12).map { i in
        "H\(i < 10 ? "0" : "")\(i),\(rightNHS[i - 1]),\(i <= 6 ? "1980-05-06" : "1980-07-08"),1,LS1 4AP"
    }
    /// Left: ten records at LS1 4AP, sex 1, born 1980-05-06; D01 has H01's NHS number. D11 has every
    /// identifier missing, each for another reason: a failed check digit, a blank birth date, sex 9,
    /// a pseudo-postcode.
    static let did = [Engine.didHeader] + (1...10).map { i in
        "D\(i < 10 ? "0" : "")\(i),\(i == 1 ? rightNHS[0] : leftNHS[i - 2]),1980-05-06,1,LS1 4AP,2025-03-01,CT"
    } + ["D11,4000002010,,9,ZZ99 3VZ,2025-03-01,CT"]  // 400000201's check digit is 5, not 0

    static func profile(_ settings: LinkSettings = .didToHES) throws -> Profile {
        let folder = Engine.folder("profile")
        let left = try Engine.table(did, side: .left, settings: settings, in: folder)
        let right = try Engine.table(hes, side: .right, settings: settings, in: folder)
        return try Profile(settings: settings, left: left, right: right, threads: 1)
    }

    struct FieldRow: Equatable, CustomStringConvertible {
        var comparison: String, side: String, records: Int, present: Int
        var missing: [String], common: [String]
        var description: String { "\(comparison) \(side) \(records) \(present) \(missing) \(common)" }
    }

    @Test func completenessMissingReasonsAndCommonValues() throws {
        let rows = try Self.profile().fields.map {
            FieldRow(comparison: $0.comparison, side: $0.side, records: $0.records, present: $0.present,
                     missing: $0.missing.map { "\($0.reason) \($0.count)" }, common: $0.common.map { "\($0.value) \($0.count)" })
        }
        #expect(rows == [
            // NHS numbers are never shown, however common.
            FieldRow(comparison: "nhs_number", side: "DID", records: 11, present: 10, missing: ["failed-check 1"], common: []),
            FieldRow(comparison: "nhs_number", side: "HES", records: 12, present: 12, missing: [], common: []),
            // 1980-05-06 is on ten left records but only six right persons: not shown.
            FieldRow(comparison: "dob", side: "DID", records: 11, present: 10, missing: ["blank 1"], common: []),
            FieldRow(comparison: "dob", side: "HES", records: 12, present: 12, missing: [], common: []),
            // Twelve right persons share sex 1 and LS1 4AP, so both are shown on both sides.
            FieldRow(comparison: "sex", side: "DID", records: 11, present: 10, missing: ["not-known 1"], common: ["1 10"]),
            FieldRow(comparison: "sex", side: "HES", records: 12, present: 12, missing: [], common: ["1 12"]),
            FieldRow(comparison: "postcode", side: "DID", records: 11, present: 10, missing: ["pseudo 1"], common: ["LS1 4AP 10"]),
            FieldRow(comparison: "postcode", side: "HES", records: 12, present: 12, missing: [], common: ["LS1 4AP 12"]),
        ])
    }

    /// - `nhs_number`: D01–H01 only: 1 pair.
    /// - `dob + postcode.district`: D01…D10 × H01…H06: 60 pairs, 59 new (D01–H01 is rule 0's).
    /// - `postcode.unit + dob.year`: D01…D10 × all twelve: 120 pairs, 60 new (H07…H12).
    /// D11 has no key for any rule. Blocks (right rows per key): twelve NHS numbers of one row; two
    /// birth dates of six rows in LS1; one unit and year of twelve rows.
    @Test func pairsPerRuleNewAndCumulative() throws {
        let rules = try Self.profile().rules
        #expect(rules.map(\.rule) == ["nhs_number", "dob + postcode.district", "postcode.unit + dob.year"])
        #expect(rules.map(\.pairs) == [1, 60, 120])
        #expect(rules.map(\.newPairs) == [1, 59, 60])
        #expect(rules.map(\.cumulativePairs) == [1, 60, 120])
        #expect(rules.map(\.largestBlocks) == [Array(repeating: 1, count: 10), [6, 6], [12]])
        #expect(rules.map(\.oversizedBlocks) == [0, 0, 0])
    }

    /// The sides' names come from the settings, in the fields and in the blocking table's heading.
    @Test func sideNamesComeFromTheSettings() throws {
        var settings = LinkSettings.didToHES
        settings.left.name = "IMG"
        settings.right.name = "IDX"
        let profile = try Self.profile(settings)
        #expect(profile.fields.map(\.side) == Array(repeating: ["IMG", "IDX"], count: 4).flatMap { $0 })
        let lines = profile.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.contains("blocking rule                      pairs   new pairs  cumulative  largest blocks (IDX rows)"))
        #expect(lines.contains("dob + postcode.district               60          59          60  6, 6"))
        #expect(!profile.text.contains("HES") && !profile.text.contains("DID"))
    }
}
