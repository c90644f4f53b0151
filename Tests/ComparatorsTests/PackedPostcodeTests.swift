import Comparators
import Testing

@Suite struct PackedPostcodeTests {
    /// Valid inputs and how they display.
    struct Valid: Sendable, CustomTestStringConvertible {
        var id: String, input: String, formatted: String
        var testDescription: String { id }
    }

    static let valid: [Valid] = [
        .init(id: "A9 9AA", input: "M1 1AA", formatted: "M1 1AA"),
        .init(id: "A99 9AA", input: "M60 1NW", formatted: "M60 1NW"),
        .init(id: "AA9 9AA", input: "CR2 6XH", formatted: "CR2 6XH"),
        .init(id: "AA99 9AA", input: "DN55 1PT", formatted: "DN55 1PT"),
        .init(id: "A9A 9AA", input: "W1A 1HQ", formatted: "W1A 1HQ"),
        .init(id: "AA9A 9AA", input: "EC1A 1BB", formatted: "EC1A 1BB"),
        .init(id: "lowercase, no space", input: "sw1a1aa", formatted: "SW1A 1AA"),
        .init(id: "punctuation dropped", input: "SW1A-1AA.", formatted: "SW1A 1AA"),
        .init(id: "HES 8-char A9", input: "M1   1AA", formatted: "M1 1AA"),
        .init(id: "HES 8-char AA9", input: "CR2  6XH", formatted: "CR2 6XH"),
        .init(id: "HES 8-char AA9A", input: "EC1A 1BB", formatted: "EC1A 1BB"),
    ]

    @Test(arguments: valid)
    func parsesAndFormats(_ row: Valid) throws {
        let postcode = try #require(PackedPostcode.standardise(row.input.utf8).value)
        #expect(postcode.formatted == row.formatted)
    }

    static let missing: [ParseCase<PackedPostcode>] = [
        .init("empty", "", .missing(.blank)),
        .init("spaces", "    ", .missing(.blank)),
        .init("pseudo no fixed abode", "ZZ99 3VZ", .missing(.pseudo)),
        .init("pseudo address not known, lowercase", "zz993wz", .missing(.pseudo)),
        .init("pseudo overseas country code", "ZZ99 3CZ", .missing(.pseudo)),
        .init("pseudo, outward only", "ZZ99", .missing(.pseudo)),
        .init("outward only", "SW1A", .missing(.malformed)),
        .init("inward only", "1AA", .missing(.malformed)),
        .init("inward too short", "SW1A 1A", .missing(.malformed)),
        .init("inward letter first", "M1 AAA", .missing(.malformed)),
        .init("inward digit last", "SW1A 1A1", .missing(.malformed)),
        .init("outward starts with digit", "9W1 1AA", .missing(.malformed)),
        .init("outward AAAA", "SWAA 1AA", .missing(.malformed)),
        .init("outward A99A", "W11A 1AA", .missing(.malformed)),
        .init("outward AA", "SW 1AA", .missing(.malformed)),
        .init("eight alphanumerics", "SW1A1AAX", .missing(.malformed)),
        .init("only punctuation", "---", .missing(.malformed)),
    ]

    @Test(arguments: missing)
    func missingReasons(_ row: ParseCase<PackedPostcode>) {
        #expect(PackedPostcode.standardise(row.input.utf8) == row.expected)
    }

    static func packed(_ text: String) -> PackedPostcode {
        guard case .value(let postcode) = PackedPostcode.standardise(text.utf8) else {
            preconditionFailure("test postcode \(text) does not parse")
        }
        return postcode
    }

    // "M1 1AA": slots M=23 (A=11 … M=23), 1=2, empty, empty | 1=2, A=11, A=11:
    // 23·2^36 + 2·2^30 + 2·2^12 + 11·2^6 + 11 = 1,580,547,964,928 + 2,147,483,648 + 8,192 + 704 + 11.
    @Test func packingWorkedByHand() {
        #expect(Self.packed("M1 1AA").rawValue == 1_582_695_457_483)
    }

    @Test func hierarchyKeys() {
        let home = Self.packed("SW1A 1AA")
        #expect(home.unit == Self.packed("sw1a1aa").unit)
        #expect(home.unit != Self.packed("SW1A 1AB").unit)
        #expect(home.sector == Self.packed("SW1A 1BB").sector)
        #expect(home.sector != Self.packed("SW1A 2AA").sector)
        #expect(home.district == Self.packed("SW1A 2AA").district)
        #expect(home.district != Self.packed("SW1 1AA").district)  // SW1 and SW1A are different districts
        #expect(home.area == Self.packed("SW19 2AA").area)
        #expect(home.area != Self.packed("S1 1AA").area)
        // A one-letter area is not confused with a two-letter one beginning with the same letter.
        #expect(Self.packed("M1 1AA").area == Self.packed("M60 1NW").area)
        #expect(Self.packed("M1 1AA").area != Self.packed("ME1 1AA").area)
        // Every key is non-zero.
        for text in ["M1 1AA", "A1 1AA", "AA9A 9AA"] {
            let postcode = Self.packed(text)
            #expect(postcode.unit != 0 && postcode.sector != 0 && postcode.district != 0 && postcode.area != 0)
        }
    }
}
