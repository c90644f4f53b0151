import Foundation
import Synth
import TestSupport
import Testing

@testable import linkfit

@Suite struct SynthCommandTests {
    static func folder() -> URL {
        let url = TestFolders.root.appendingPathComponent("synth-command-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func helpDocumentsTheFilesAndColumns() {
        let io = CommandIO.capturing(in: Self.folder())
        #expect(CLI.main(["synth", "--help"], io: io) == 0)
        #expect(io.stdout.text == """
            OVERVIEW: Generate a synthetic HES index and DID records with known truth.

            FILES (written atomically into --out):
              hes.csv            HESID,NEWNHSNO,DOB,SEX,HOMEADD: the HES patient index; a HESID
                                 may have several rows (earlier postcodes)
              did.csv            DID_ID,NHS_NUMBER,PERSON_BIRTH_DATE,GENDER,POSTCODE,TEST_DATE,
                                 MODALITY,NICIP_CODE,PROVIDER_CODE,PATIENT_SOURCE_SETTING,
                                 in TEST_DATE order (with --months K: did-01.csv ... did-K.csv)
              truth.csv          DID_ID,HESID,DEFECTS,ALSO_HESID: the true current HESID (empty
                                 when the person is not in HES), the ;-separated defect labels
                                 and the person's second live HESID, if HES holds them twice
              old_new_hesid.csv  OLD_HESID,NEW_HESID: merged HESIDs; truth is always the new one

            With --series: one folder per month, month-01/ ... month-K/, each a release's inputs and truth: that
            month's hes.csv (persons late to HES appear, merged duplicate HESIDs join old_new_hesid.csv) and
            did.csv, the DID history to the month's end (corrected records resubmitted, withdrawn ones gone).

            Every rate and defect label is in docs/synth.md and 'linkfit synth --rates'.
            The same seed gives byte-identical files whatever the thread count.

            USAGE: linkfit synth [options]

            OPTIONS:
              --hes-persons <n>       HES persons (HESIDs) (required).
              --did-records <m>       DID records over all releases (required).
              --out <dir>             Folder to write the files into (required).
              --seed <s>              Random seed (default: 1).
              --months <k>            Write K monthly releases did-01.csv... (1-120).
              --series                Write a release series: month-01/ ... (with --months, default 12), each a month's inputs.
              --start <yyyy-mm>       First month of the release period (default: 2025-01).
              --rate <name=value>     Override a rate (repeatable; see --rates).
              --rates                 Print the rates table (name, default, label, meaning) and exit.
              --threads <n>           Worker threads (default: all cores).
              --quiet                 Show no progress on stderr (errors and warnings still go there).
              -h, --help              Show help information.

            """)
    }

    @Test func ratesPrintsTheTable() {
        let io = CommandIO.capturing(in: Self.folder())
        #expect(CLI.main(["synth", "--rates"], io: io) == 0)
        let lines = io.stdout.text.split(separator: "\n")
        #expect(lines.count == SynthRates.table.count + 1)
        #expect(lines[0].hasPrefix("NAME                     DEFAULT     LABEL"))
        #expect(lines[1].hasPrefix("twin-pairs               0.015       twin                     Share of person pairs"))
        #expect(io.stdout.text.contains("\nnhs-missing              0.04        nhs-missing              DID NHS_NUMBER empty.\n"))
    }

    @Test func writesTheFilesAndSaysWhat() throws {
        let dir = Self.folder()
        let io = CommandIO.capturing(in: dir)
        let status = CLI.main(["synth", "--hes-persons", "1000", "--did-records", "600", "--seed", "3", "--months", "2",
                               "--rate", "nhs-missing=0.2", "--out", "out"], io: io)
        #expect(status == 0, "\(io.stderr.text)")
        #expect(io.stderr.text.isEmpty)
        #expect(io.stdout.text.hasPrefix("wrote out: hes.csv (1000 persons, "))
        #expect(io.stdout.text.contains("600 DID records ("))
        #expect(io.stdout.text.contains("in did-01.csv, did-02.csv, truth.csv"))
        for name in ["hes.csv", "did-01.csv", "did-02.csv", "truth.csv", "old_new_hesid.csv"] {
            #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("out/\(name)").path), "\(name)")
        }
        let truth = try String(contentsOf: dir.appendingPathComponent("out/truth.csv"), encoding: .utf8)
        #expect(truth.components(separatedBy: "nhs-missing").count - 1 > 80, "the override took effect")
    }

    @Test(arguments: [
        (["synth", "--hes", "10", "--did", "5", "--out", "o", "--rate", "nhs-mising=0.1"],
         "linkfit: error: unknown rate 'nhs-mising'; valid names: twin-pairs, twin-same-sex, household-join, communal, persons-per-care-home, address-history, history-same-district, hes-nhs-missing, hes-sex-unknown, hes-postcode-normal, old-hesid, old-hesid-in-hes, hes-duplicate, tests-per-patient, not-in-hes, nhs-missing, nhs-typo, nhs-typo-swap, nhs-relative, nhs-spaced, nhs-dashed, dob-missing, dob-digit, dob-year, dob-swap, dob-placeholder, dob-placeholder-1900, date-dmy, date-compact, sex-missing, sex-wrong, sex-letter, postcode-moved-district, postcode-moved-far, postcode-earlier, postcode-missing, postcode-typo, postcode-pseudo, postcode-messy, hes-late, duplicate-merged, did-corrected, did-withdrawn (see 'linkfit synth --help')\n"),
        (["synth", "--hes", "10", "--did", "5", "--out", "o", "--rate", "nhs-missing=2"],
         "linkfit: error: rate 'nhs-missing' must be in 0...1 (see 'linkfit synth --help')\n"),
        (["synth", "--hes", "10", "--did", "5", "--out", "o", "--rate", "nhs-missing"],
         "linkfit: error: option '--rate' expects name=value, e.g. nhs-missing=0.05 (see 'linkfit synth --help')\n"),
        (["synth", "--did", "5", "--out", "o"],
         "linkfit: error: missing required option '--hes-persons' (see 'linkfit synth --help')\n"),
        (["synth", "--hes", "10", "--did", "5"],
         "linkfit: error: missing required option '--out' (see 'linkfit synth --help')\n"),
        (["synth", "--hes", "10", "--did", "5", "--out", "o", "--months", "0"],
         "linkfit: error: option '--months' expects an integer in 1...120 (see 'linkfit synth --help')\n"),
        (["synth", "--hes", "10", "--did", "5", "--out", "o", "--rate", "nhs-missing=0.7", "--rate", "nhs-typo=0.5"],
         "linkfit: error: nhs-missing + nhs-typo + nhs-relative must sum to at most 1 (see 'linkfit synth --help')\n"),
    ])
    func usageErrorsExit64(arguments: [String], message: String) {
        let io = CommandIO.capturing(in: Self.folder())
        #expect(CLI.main(arguments, io: io) == 64)
        #expect(io.stderr.text == message)
        #expect(io.stdout.text.isEmpty)
    }

    @Test func synthIsListedInTheTopLevelHelpAndBenchSuites() {
        #expect(CLI.help().split(separator: "\n").contains { $0.hasPrefix("  synth ") && $0.hasSuffix(" Generate a synthetic HES index and DID records with known truth.") })
        #expect(BenchCommand.spec.discussion.contains("\n  synth           Synthetic data generation"))
    }
}
