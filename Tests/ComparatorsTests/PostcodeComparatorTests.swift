import Comparators
import Testing

@Suite struct PostcodeComparatorTests {
    static func standardised(_ text: String) -> Standardised<PackedPostcode> { PackedPostcode.standardise(text.utf8) }

    static let cases: [LevelCase] = [
        .init("same unit", "SW1A 1AA", "SW1A 1AA", 1, "unit"),
        .init("HES 8-char form vs DID form", "M1   1AA", "m1 1aa", 1, "unit"),
        .init("neighbours in one sector", "SW1A 1AA", "SW1A 1BB", 2, "sector"),
        .init("moved within the district", "SW1A 1AA", "SW1A 2PW", 3, "district"),
        .init("moved within the area", "SW1A 1AA", "SW19 2AA", 4, "area"),
        .init("A9 vs A99 in area M", "M1 1AA", "M60 1NW", 4, "area"),
        .init("moved to another area", "SW1A 1AA", "M1 1AA", 5, "else"),
        .init("M vs ME are different areas", "M1 1AA", "ME1 1AA", 5, "else"),
        .init("SW1 vs SW1A: same area, different district", "SW1 1AA", "SW1A 1AA", 4, "area"),
        .init("pseudo-postcode never agrees", "ZZ99 3VZ", "ZZ99 3VZ", 0, "null"),
        .init("pseudo vs real", "ZZ99 3WZ", "SW1A 1AA", 0, "null"),
        .init("malformed", "SW1A", "SW1A 1AA", 0, "null"),
        .init("blank", "", "SW1A 1AA", 0, "null"),
    ]

    @Test(arguments: cases)
    func levels(_ row: LevelCase) {
        let comparator = PostcodeComparator()
        #expect(comparator.levelLabels == ["null", "unit", "sector", "district", "area", "else"])
        let level = comparator.level(Self.standardised(row.left), Self.standardised(row.right))
        #expect(level == row.level)
        #expect(comparator.levelLabels[level] == row.label)
    }
}
