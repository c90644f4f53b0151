import Foundation
import TestSupport
import Testing

@testable import linkfit

/// `linkfit compare` output, verbatim. Similarities worked by hand in ComparatorsTests
/// (StringSimilarityTests, NHSNumberComparatorTests): MARTHA/MARHTA 17.3/18 = 0.961,
/// DWAYNE/DUANE Jaro 37/45 = 0.822, 9434765919/9434765900 13.8/15 = 0.920.
@Suite struct CompareCommandTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var id: String
        var arguments: [String]
        var status: Int32
        var stdout: String
        var stderr: String = ""
        var testDescription: String { id }
    }

    static let cases: [Case] = [
        .init(id: "jaro-winkler default thresholds", arguments: ["jaro-winkler", "MARTHA", "MARHTA"], status: 0, stdout: """
            left:       MARTHA
            right:      MARHTA
            similarity: 0.961
            level:      2 jaro-winkler>=0.92
            levels:     0 null, 1 exact, 2 jaro-winkler>=0.92, 3 jaro-winkler>=0.88, 4 else

            """),
        .init(id: "jaro-winkler custom thresholds, standardised text",
              arguments: ["jaro-winkler", " martha ", "MARHTA", "--thresholds", "0.97,0.9"], status: 0, stdout: """
            left:       MARTHA
            right:      MARHTA
            similarity: 0.961
            level:      3 jaro-winkler>=0.9
            levels:     0 null, 1 exact, 2 jaro-winkler>=0.97, 3 jaro-winkler>=0.9, 4 else

            """),
        .init(id: "jaro below thresholds", arguments: ["jaro", "DWAYNE", "DUANE"], status: 0, stdout: """
            left:       DWAYNE
            right:      DUANE
            similarity: 0.822
            level:      4 else
            levels:     0 null, 1 exact, 2 jaro>=0.92, 3 jaro>=0.88, 4 else

            """),
        .init(id: "jaro-winkler blank side", arguments: ["jaro-winkler", "  ", "MARTHA"], status: 0, stdout: """
            left:       missing (blank)
            right:      MARTHA
            level:      0 null
            levels:     0 null, 1 exact, 2 jaro-winkler>=0.92, 3 jaro-winkler>=0.88, 4 else

            """),
        .init(id: "nhs-number typo one digit from the valid number is near",
              arguments: ["nhs-number", "9434765918", "943-476-5919"], status: 0, stdout: """
            left:       missing (failed-check)
            right:      9434765919
            level:      2 near
            levels:     0 null, 1 exact, 2 near, 3 else

            """),
        .init(id: "nhs-number failing the check, two digits off, is missing, not disagreement",
              arguments: ["nhs-number", "9434765818", "943-476-5919"], status: 0, stdout: """
            left:       missing (failed-check)
            right:      9434765919
            level:      0 null
            levels:     0 null, 1 exact, 2 near, 3 else

            """),
        .init(id: "nhs-number twins", arguments: ["nhs-number", "943 476 5919", "943 476 5927"], status: 0, stdout: """
            left:       9434765919
            right:      9434765927
            level:      3 else
            levels:     0 null, 1 exact, 2 near, 3 else

            """),
        .init(id: "nhs-number near by similarity",
              arguments: ["nhs-number", "9434765919", "9434765900", "--near-threshold", "0.9"], status: 0, stdout: """
            left:       9434765919
            right:      9434765900
            similarity: 0.920
            level:      2 near
            levels:     0 null, 1 exact, 2 near, 3 else

            """),
        .init(id: "date day and month swapped", arguments: ["date", "05/06/1987", "1987-05-06"], status: 0, stdout: """
            left:       1987-06-05
            right:      1987-05-06
            level:      3 day-month-swapped
            levels:     0 null, 1 exact, 2 exact-placeholder, 3 day-month-swapped, 4 two-of-three, 5 placeholder-year, 6 else

            """),
        .init(id: "date placeholder", arguments: ["date", "1900-01-01", "19000101"], status: 0, stdout: """
            left:       1900-01-01 (placeholder)
            right:      1900-01-01 (placeholder)
            level:      2 exact-placeholder
            levels:     0 null, 1 exact, 2 exact-placeholder, 3 day-month-swapped, 4 two-of-three, 5 placeholder-year, 6 else

            """),
        .init(id: "date 1 January against its year", arguments: ["date", "1970-01-01", "07/12/1970"], status: 0, stdout: """
            left:       1970-01-01 (placeholder)
            right:      1970-12-07
            level:      5 placeholder-year
            levels:     0 null, 1 exact, 2 exact-placeholder, 3 day-month-swapped, 4 two-of-three, 5 placeholder-year, 6 else

            """),
        .init(id: "date placeholder level off",
              arguments: ["date", "1900-01-01", "19000101", "--no-placeholder-level"], status: 0, stdout: """
            left:       1900-01-01 (placeholder)
            right:      1900-01-01 (placeholder)
            level:      1 exact
            levels:     0 null, 1 exact, 2 day-month-swapped, 3 two-of-three, 4 else

            """),
        .init(id: "date after the reference date",
              arguments: ["date", "2024-04-01", "31/02/2020", "--reference-date", "2024-03-31"], status: 0, stdout: """
            left:       missing (out-of-range)
            right:      missing (malformed)
            level:      0 null
            levels:     0 null, 1 exact, 2 exact-placeholder, 3 day-month-swapped, 4 two-of-three, 5 placeholder-year, 6 else

            """),
        .init(id: "sex M vs 1", arguments: ["sex", "m", "1"], status: 0, stdout: """
            left:       1 (male)
            right:      1 (male)
            level:      1 agree
            levels:     0 null, 1 agree, 2 disagree

            """),
        .init(id: "sex not known", arguments: ["sex", "F", "9"], status: 0, stdout: """
            left:       2 (female)
            right:      missing (not-known)
            level:      0 null
            levels:     0 null, 1 agree, 2 disagree

            """),
        .init(id: "postcode HES 8-char form, moved within district",
              arguments: ["postcode", "M1   1AA", "m1 2bb"], status: 0, stdout: """
            left:       M1 1AA
            right:      M1 2BB
            level:      3 district
            levels:     0 null, 1 unit, 2 sector, 3 district, 4 area, 5 else

            """),
        .init(id: "postcode pseudo", arguments: ["postcode", "ZZ99 3VZ", "SW1A1AA"], status: 0, stdout: """
            left:       missing (pseudo)
            right:      SW1A 1AA
            level:      0 null
            levels:     0 null, 1 unit, 2 sector, 3 district, 4 area, 5 else

            """),
        .init(id: "unknown comparator", arguments: ["soundex", "a", "b"], status: 64, stdout: "", stderr: """
            linkfit: error: unknown comparator 'soundex' (expected one of: jaro, jaro-winkler, nhs-number, date, sex, postcode) (see 'linkfit compare --help')

            """),
        .init(id: "ascending thresholds", arguments: ["jaro-winkler", "a", "b", "--thresholds", "0.8,0.9,1.2"],
              status: 64, stdout: "", stderr: """
            linkfit: error: option '--thresholds': thresholds[1]: must be less than thresholds[0] (thresholds descend); thresholds[2]: must be in (0, 1]; thresholds[2]: must be less than thresholds[1] (thresholds descend) (see 'linkfit compare --help')

            """),
        .init(id: "thresholds not numbers", arguments: ["jaro", "a", "b", "--thresholds", "0.9,high"],
              status: 64, stdout: "", stderr: """
            linkfit: error: option '--thresholds' expects numbers separated by commas (see 'linkfit compare --help')

            """),
        .init(id: "option for another comparator", arguments: ["sex", "1", "2", "--thresholds", "0.9"],
              status: 64, stdout: "", stderr: """
            linkfit: error: option '--thresholds' does not apply to comparator 'sex' (see 'linkfit compare --help')

            """),
        .init(id: "bad reference date", arguments: ["date", "1987-06-15", "1987-06-15", "--reference-date", "tomorrow"],
              status: 64, stdout: "", stderr: """
            linkfit: error: option '--reference-date' expects a date (YYYY-MM-DD, YYYYMMDD or DD/MM/YYYY) (see 'linkfit compare --help')

            """),
        .init(id: "missing right value", arguments: ["sex", "1"], status: 64, stdout: "", stderr: """
            linkfit: error: missing argument <right> (see 'linkfit compare --help')

            """),
    ]

    @Test(arguments: cases)
    func output(_ row: Case) {
        let io = CommandIO.capturing(in: TestFolders.root)
        let status = CLI.main(["compare"] + row.arguments, io: io)
        #expect(status == row.status)
        #expect(io.stdout.text == row.stdout)
        #expect(io.stderr.text == row.stderr)
    }

    @Test func helpListsComparators() {
        let io = CommandIO.capturing(in: TestFolders.root)
        #expect(CLI.main(["compare", "--help"], io: io) == 0)
        #expect(io.stdout.text == """
            OVERVIEW: Standardise two values and show their similarity and comparison level.

            COMPARATORS:
              jaro, jaro-winkler  names: exact / similarity >= each threshold / else
              nhs-number          exact / near (one digit substituted or two adjacent swapped) / else
              date                exact / exact-placeholder / day-month-swapped / two-of-three / placeholder-year / else
              sex                 agree / disagree
              postcode            unit / sector / district / area / else
            A side that is missing or invalid gives level 0 (null) and says why.

            USAGE: linkfit compare <comparator> <left> <right> [options]

            ARGUMENTS:
              <comparator>            One of: jaro, jaro-winkler, nhs-number, date, sex, postcode.
              <left>                  The first value.
              <right>                 The second value.

            OPTIONS:
              --thresholds <list>     jaro, jaro-winkler: descending thresholds in (0, 1]
                                      (default: 0.92,0.88).
              --near-threshold <x>    nhs-number: also near when Jaro-Winkler of the digits >= x.
              --reference-date <date> date: dates after this are out of range (default: today).
              --no-placeholder-level  date: count exact agreement on 1 January as plain exact.
              -h, --help              Show help information.

            """)
    }

    @Test func listedInTopLevelHelp() {
        #expect(CLI.help().split(separator: "\n").contains { $0.hasPrefix("  compare ") && $0.hasSuffix(" Standardise two values and show their similarity and comparison level.") })
    }
}
