import Comparators
import Testing

// Similarities worked in StringSimilarityTests: MARTHA/MARHTA 0.961, SMITH/SMYTH 0.893,
// DWAYNE/DUANE 0.840; Jaro MARTHA/MARHTA 0.944.
@Suite struct StringComparatorTests {
    static let defaultLevels: [LevelCase] = [
        .init("identical", "MARTHA", "MARTHA", 1, "exact"),
        .init("transposition ≥ 0.92", "MARTHA", "MARHTA", 2, "jaro-winkler>=0.92"),
        .init("spelling variant in [0.88, 0.92)", "SMITH", "SMYTH", 3, "jaro-winkler>=0.88"),
        .init("below 0.88", "DWAYNE", "DUANE", 4, "else"),
        .init("nothing in common", "ABC", "XYZ", 4, "else"),
    ]

    @Test(arguments: defaultLevels)
    func jaroWinklerDefaultThresholds(_ row: LevelCase) throws {
        let comparator = try StringComparator()
        #expect(comparator.levelLabels == ["null", "exact", "jaro-winkler>=0.92", "jaro-winkler>=0.88", "else"])
        let level = comparator.level(row.left.utf8, row.right.utf8)
        #expect(level == row.level)
        #expect(comparator.levelLabels[level] == row.label)
    }

    static let jaroLevels: [LevelCase] = [
        .init("jaro exact", "MARTHA", "MARTHA", 1, "exact"),
        .init("jaro 0.944 ≥ 0.9", "MARTHA", "MARHTA", 2, "jaro>=0.9"),
        .init("jaro 0.867 in [0.8, 0.9)", "SMITH", "SMYTH", 3, "jaro>=0.8"),
        .init("jaro 0.767 in [0.7, 0.8)", "DIXON", "DICKSONX", 4, "jaro>=0.7"),
        .init("jaro 0 else", "ABC", "XYZ", 5, "else"),
    ]

    @Test(arguments: jaroLevels)
    func jaroCustomThresholds(_ row: LevelCase) throws {
        let comparator = try StringComparator(metric: .jaro, thresholds: [0.9, 0.8, 0.7])
        let level = comparator.level(row.left.utf8, row.right.utf8)
        #expect(level == row.level)
        #expect(comparator.levelLabels[level] == row.label)
    }

    @Test func noThresholdsMeansExactOrElse() throws {
        let comparator = try StringComparator(thresholds: [])
        #expect(comparator.levelLabels == ["null", "exact", "else"])
        #expect(comparator.level("ANN".utf8, "ANN".utf8) == 1)
        #expect(comparator.level("ANN".utf8, "ANNE".utf8) == 2)
    }

    @Test func thresholdEqualToSimilarityIsIncluded() throws {
        // 17.3/18 is exactly what jaroWinkler returns for MARTHA/MARHTA (same operations).
        let similarity = StringSimilarity.jaroWinkler("MARTHA".utf8, "MARHTA".utf8)
        let comparator = try StringComparator(thresholds: [similarity])
        #expect(comparator.level("MARTHA".utf8, "MARHTA".utf8) == 2)
    }

    struct BadThresholds: Sendable, CustomTestStringConvertible {
        var id: String, thresholds: [Double], problems: [String]
        var testDescription: String { id }
    }

    static let bad: [BadThresholds] = [
        .init(id: "ascending", thresholds: [0.88, 0.92],
              problems: ["thresholds[1]: must be less than thresholds[0] (thresholds descend)"]),
        .init(id: "repeated", thresholds: [0.9, 0.9],
              problems: ["thresholds[1]: must be less than thresholds[0] (thresholds descend)"]),
        .init(id: "zero and above one, all reported", thresholds: [1.5, 0],
              problems: ["thresholds[0]: must be in (0, 1]", "thresholds[1]: must be in (0, 1]"]),
        .init(id: "not a number", thresholds: [.nan],
              problems: ["thresholds[0]: must be in (0, 1]"]),
    ]

    @Test(arguments: bad)
    func rejectsBadThresholdsListingEveryProblem(_ row: BadThresholds) {
        #expect(throws: ParameterProblems(row.problems.map {
            let parts = $0.split(separator: ":", maxSplits: 1)
            return ParameterProblem(path: String(parts[0]), String(parts[1].dropFirst()))
        })) {
            _ = try StringComparator(thresholds: row.thresholds)
        }
        #expect(thresholdProblems(row.thresholds, path: "thresholds").map(\.description) == row.problems)
    }

    @Test func oneIsAValidThreshold() throws {
        #expect(thresholdProblems([1, 0.5], path: "t").isEmpty)
    }
}
