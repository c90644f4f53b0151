import Foundation
import TestSupport
import Testing

@testable import linkfit

/// The help of the commands that read and write files, verbatim: the names of their options are a
/// contract (older spellings still work but are not shown).
@Suite struct CommandHelpTests {
    static let fitHelp = """
        OVERVIEW: Fit the Fellegi–Sunter model (m by EM, u by sampling, λ by rule) and write the model file.

        Blocks DID×HES into candidate pairs, reduces them to counts of agreement patterns, and fits m by EM
        in one session per blocking rule (u from value frequencies and seeded random pairs; λ from the
        deterministic rule in the settings). Prints, per comparison, each level's m, u and match weight,
        and each session's convergence. The same inputs, settings and seed give a byte-identical model.

        USAGE: linkfit fit --did <file> (--hes <file> | --hes-index <file>) --model <file> [options]

        OPTIONS:
          --did <file>            The records to link (DID CSV).
          --hes <file>            The index to link to (HES patient index CSV).
          --hes-index <file>      In place of --hes: the HES side prepared by 'linkfit index' (same results).
          --model <file>          Where to write the fitted model (JSON).
          --settings <file>       Settings JSON (default: the built-in DID→HES settings; see 'linkfit settings --default').
          --old-new <file>        Old_New_HESID CSV: rows under an old HESID join the current one.
          --seed <n>              Seed for u sampling, 0...2147483647 (default: the settings' training seed, 1).
          --threads <n>           Worker threads (default: all cores). Results are identical for any count.
          --report <file>         Also write an HTML report of the model (as 'linkfit report').
          --timings <file>        Also write the time and peak memory of every stage (JSON).
          --quiet                 Show no progress on stderr (errors and warnings still go there).
          -h, --help              Show help information.

        """

    static let runHelp = """
        OVERVIEW: Link a DID release to HES with a fitted model: links.csv, review.csv, summary.json.

        Every DID record gets at most one HESID: the best-scoring candidate, ranked by the score bands
        (by default the national match-rank ladder, thresholds derived from the model). Near ties (twins),
        conflicting evidence and weights between the review and link minimums go to review.csv (owner-only:
        it holds identifiers). links.csv has one row per DID record, in input order, without NHS_NUMBER,
        PERSON_BIRTH_DATE and POSTCODE. Links use the current HESID (--old-new resolves chains).
        With --decisions (a ledger from 'linkfit decisions add') reviewers' decisions are applied: a match links
        at --decision-rank (LINK_STATUS linked-clerical), a non-match removes that candidate, unsure stays in
        review, and a decision made on another version of the record goes to review as decision-stale.
        With --previous (the last release's output folder) changes.csv says, per DID record of either
        release, how its link changed.

        USAGE: linkfit run --did <file> (--hes <file> | --hes-index <file>) --model <file> --file-version <v> --out <dir> [options]

        OPTIONS:
          --did <file>            The DID release to link (CSV).
          --hes <file>            The index to link to (HES patient index CSV).
          --hes-index <file>      In place of --hes: the HES side prepared by 'linkfit index' (same results).
          --model <file>          A model file written by 'linkfit fit'.
          --file-version <v>      The FILE_VERSION written on every row.
          --out <dir>             Output folder (created if needed).
          --old-new <file>        Old_New_HESID CSV (OLD_HESID,NEW_HESID).
          --decisions <file>      The clerical decisions ledger to apply (see 'linkfit decisions').
          --decisions-key <file>  With --decisions: the ledger's fingerprint key.
          --decision-rank <rank>  With --decisions: MATCH_RANK of clerical matches (default C).
          --previous <dir>        The previous release's output folder: write changes.csv.
          --threads <n>           Worker threads (default: all cores). Results are identical for any count.
          --report <file>         Also write an HTML report of the model and this run (as 'linkfit report').
          --review-sample <n>     With --report: review rows to draw as waterfalls, the first n by input order (default 5).
          --quiet                 Show no progress on stderr (errors and warnings still go there).
          -h, --help              Show help information.

        """

    static let reportHelp = """
        OVERVIEW: Write an HTML report of a model (and a run): weights, m and u, convergence, bands, review.

        One self-contained HTML file (inline SVG and CSS, no scripts, nothing fetched): the match weight of every
        comparison level, m and u, EM convergence per training session, completeness and blocking; with --run, the
        distribution of best-candidate weights against the band thresholds, counts per rank, and how the weight of
        the first review rows adds up. No patient identifiers: review rows show level labels and weights only.
        'linkfit fit --report' and 'linkfit run --report' write the same page.

        USAGE: linkfit report --model <file> --html <file> [options]

        OPTIONS:
          --model <file>          A model file written by 'linkfit fit'.
          --html <file>           Where to write the report (HTML).
          --run <dir>             A 'linkfit run' output folder (summary.json, links.csv, review.csv).
          --review-sample <n>     Review rows to draw as waterfalls, the first n by input order (default 5).
          -h, --help              Show help information.

        """

    @Test(arguments: [("fit", fitHelp), ("run", runHelp), ("report", reportHelp)])
    func helpIsVerbatim(command: String, help: String) {
        let io = CommandIO.capturing(in: TestFolders.root)
        #expect(CLI.main([command, "--help"], io: io) == 0)
        #expect(io.stdout.text == help)
        #expect(io.stderr.text == "")
    }
}
