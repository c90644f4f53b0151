import Comparators
import Testing

@Suite struct SexComparatorTests {
    static let cases: [LevelCase] = [
        .init("1 and 1", "1", "1", 1, "agree"),
        .init("M and code 1", "M", "1", 1, "agree"),
        .init("female and F", "female", "F", 1, "agree"),
        .init("1 and 2", "1", "2", 2, "disagree"),
        .init("M and F", "M", "F", 2, "disagree"),
        .init("0 not known vs 1: null, never disagree", "0", "1", 0, "null"),
        .init("9 not specified vs 2: null", "2", "9", 0, "null"),
        .init("U vs M: null", "U", "M", 0, "null"),
        .init("blank vs F: null", "", "F", 0, "null"),
        .init("malformed vs 1: null", "X", "1", 0, "null"),
    ]

    @Test(arguments: cases)
    func levels(_ row: LevelCase) {
        let comparator = SexComparator()
        #expect(comparator.levelLabels == ["null", "agree", "disagree"])
        let level = comparator.level(Sex.standardise(row.left.utf8), Sex.standardise(row.right.utf8))
        #expect(level == row.level)
        #expect(comparator.levelLabels[level] == row.label)
    }
}
