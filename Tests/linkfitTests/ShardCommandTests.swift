import Fellegi
import Foundation
import LinkIO
import TestSupport
import Testing

@testable import linkfit

/// `linkfit shard`: the sharded job played in-process (`ShardPipeline`) gives run's links.csv byte for
/// byte; malformed rows stop a step with a located error, exit 65, and nothing on stdout.
@Suite struct ShardCommandTests {
    /// links.csv of `linkfit run` on the fixture folder with `model`.
    static func runLinks(_ directory: URL, model: String = "model.json") throws -> String {
        let out = "out-\(UUID().uuidString)"
        let run = CLITest.run(["run", "--did", "did.csv", "--hes", "hes.csv", "--old-new", "old_new_hesid.csv", "--model", model,
                               "--file-version", "V1", "--out", out], in: directory)
        #expect(run.status == 0, "\(run.stderr)")
        return try CLITest.text(directory.appendingPathComponent(out).appendingPathComponent("links.csv"))
    }

    @Test(arguments: [1, 3])
    func shardedRunGivesRunsLinksFile(partitions: Int) throws {
        let directory = try CLITest.fixture.get()
        let expected = try Self.runLinks(directory)
        let sharded = try ShardPipeline(directory: directory, partitions: partitions).run()
        #expect(sharded == expected)
        // The fixture links most records, some through merged (Old_New) HESIDs: the comparison is not vacuous.
        #expect(expected.split(separator: "\n").count == 1_001)
        #expect(expected.split(separator: "\n").filter { $0.hasSuffix(",linked") }.count > 800)
    }

    /// A block cap of 1 row (every shared key oversized: the tables file lists them) and one row per HESID
    /// (the row limit cuts address histories): still run's links.
    @Test func shardedRunFollowsTheBlockCapAndTheRowLimit() throws {
        let directory = try CLITest.fixture.get()
        var settings = CLITest.fastSettings
        settings.blocking.maxBlockSize = 1
        settings.blocking.maxEntityRows = 1
        let name = "capped-\(UUID().uuidString)"
        try CLITest.write(settings.json.serialised(), to: directory.appendingPathComponent("\(name).json"))
        let fit = CLITest.run(["fit", "--did", "did.csv", "--hes", "hes.csv", "--old-new", "old_new_hesid.csv", "--model", "\(name)-model.json",
                               "--settings", "\(name).json"], in: directory)
        #expect(fit.status == 0, "\(fit.stderr)")
        let expected = try Self.runLinks(directory, model: "\(name)-model.json")
        var pipeline = ShardPipeline(directory: directory, partitions: 2)
        pipeline.model = "\(name)-model.json"
        #expect(try pipeline.run() == expected)
        let tables = try CLITest.text(directory.appendingPathComponent(pipeline.tables))
        #expect(tables.split(separator: "\n").filter { $0.hasPrefix("oversized\t") }.count > 10)
    }

    /// A step on `input` in the fixture folder.
    static func shard(_ arguments: [String], _ input: String) throws -> CLITest.Outcome {
        CLITest.run(["shard"] + arguments + ["--model", "model.json"], in: try CLITest.fixture.get(), stdin: Array(input.utf8))
    }

    static let number = "9434765919"

    @Test(arguments: [
        // (step arguments, input, the error)
        (["score", "--tables", "stub-tables.tsv"], "0:00000000000000ab\tleft\t2\tD1\t\(number),,,\n0:00000000000000ab\tleft\t2\tD1\n",
         "stdin:2: has 4 tab-separated fields, expected 5 (KEY, SIDE, NUMBER, ID, CODES)"),
        (["score", "--tables", "stub-tables.tsv"], "0:00000000000000ab\tleft\t2\tD1\t\(number)\n",
         "stdin:1: CODES (field 5): is not a record's values as the left step writes them"),
        (["score", "--tables", "stub-tables.tsv"], "0:ab\tleft\t2\tD1\t\(number),,,\n",
         "stdin:1: KEY (field 1): is not a block (RULE:KEY, 16 hexadecimal digits)"),
        (["left", "--header", "did.csv", "--source", "did.csv"], "x\tD1,\(number),1970-01-01,F,AB1 2CD,2025-01-01,CT,X,P,1\n",
         "stdin:1: LINE (field 1): is not a line number (a whole number from 1)"),
        (["left", "--header", "did.csv", "--source", "did.csv"], "7\t,\(number),1970-01-01,F,AB1 2CD,2025-01-01,CT,X,P,1\n",
         "did.csv:7: DID_ID: is blank (every record needs an id)"),
        (["left", "--header", "did.csv", "--source", "did.csv"], "7\tD1,\(number),1970-01-01\n",
         "did.csv:7: expected 10 fields (as in the header), found 3"),
        (["entities"], "H1\t3\t\(number)\\q\n", "stdin:1: CODES (field 3): has a backslash that is not one of \\\\, \\t, \\n, \\r"),
        (["entities"], "H1\t\\N\t\(number),,,\n", "stdin:1: LINE (field 2): is null (\\N): every field needs a value, empty if none"),
        (["assign", "--tables", "stub-tables.tsv", "--file-version", "V1", "--source", "did.csv"],
         "D1\trecord\t5\t\(number),,,\tD1,\t\t\nD1\trecord\t9\t\(number),,,\tD1,\t\t\n",
         "did.csv:9: DID_ID: repeats the id of the record on line 5"),
        (["assign", "--tables", "stub-tables.tsv", "--file-version", "V1"],
         "D2\tcandidate\t5\tH1\t7\t1111\t\(number),,,\n", "stdin:1: LEFT_ID (field 1): names a record that is not in this partition (records and their candidates are partitioned by LEFT_ID)"),
    ])
    func malformedRowsStopTheStepWithALocatedError(arguments: [String], input: String, error: String) throws {
        try writeTables()
        let outcome = try Self.shard(arguments, input)
        #expect(outcome.status == 65)
        #expect(outcome.stderr == "linkfit: error: \(error)\n")
        #expect(outcome.stdout.isEmpty)
        #expect(!outcome.stderr.contains(Self.number))
    }

    /// A tables file for the fixture (the counts do not matter to the errors above).
    func writeTables() throws {
        try CLITest.write("entities\t\t\t2000\n", to: try CLITest.fixture.get().appendingPathComponent("stub-tables.tsv"))
    }

    @Test func aMalformedTablesFileIsLocated() throws {
        let directory = try CLITest.fixture.get()
        try CLITest.write("entities\t\t\t2000\ntf\t2\t1a\t3\n", to: directory.appendingPathComponent("bad-tables.tsv"))
        let outcome = try Self.shard(["score", "--tables", "bad-tables.tsv"], "")
        #expect(outcome.status == 65)
        #expect(outcome.stderr == "linkfit: error: bad-tables.tsv:2: A (field 2): is not the index of a comparison with term frequencies\n")
    }

    @Test(arguments: [
        (["score"], "step 'score' needs '--tables'"),
        (["entities", "--tables", "t.tsv"], "step 'entities' takes no '--tables'"),
        (["assign", "--tables", "t.tsv"], "step 'assign' needs '--file-version'"),
        (["merge"], "expected a step: 'plan', 'left', 'right', 'entities', 'score', 'assign'"),
        (["right", "--header", "hes.csv", "--latest-record-date", "31/02/2025"], "option '--latest-record-date' expects a date such as 2025-03-31"),
    ])
    func stepOptionsAreChecked(arguments: [String], problem: String) throws {
        let outcome = try Self.shard(arguments, "")
        #expect(outcome.status == 64)
        #expect(outcome.stderr == "linkfit: error: \(problem) (see 'linkfit shard --help')\n")
    }

    @Test func planGivesTheLinksHeaderAndTheBlockCap() throws {
        let outcome = try Self.shard(["plan", "--header", "did.csv"], "")
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let json = try JSON.parse(Data(outcome.stdout.utf8), file: "plan")
        #expect(json["linksHeader"]?.string
            == "DID_ID,GENDER,TEST_DATE,MODALITY,NICIP_CODE,PROVIDER_CODE,PATIENT_SOURCE_SETTING,HESID,MATCH_RANK,FILE_VERSION,MATCH_WEIGHT,MATCH_PROBABILITY,AGREEMENT,LINK_STATUS")
        #expect(json["maxBlockSize"]?.number == 5_000)
        #expect(json["rules"]?.number == 3)
    }

    static let help = """
        OVERVIEW: One step of a run sharded by an engine such as Spark: rows on stdin, rows on stdout.

        Steps (docs/spark.md gives each one's columns and how the engine partitions them):
          plan      the links.csv header and block cap, as JSON (no input)
          left      the left file's records (LINE, TEXT) -> block, record and stats rows
          right     the right file's records (LINE, TEXT) -> current id, line and values
          entities  the right step's rows by id -> block rows and the tables file's counts
          score     the block rows by block -> each candidate pair once, with levels and weight
          assign    record and candidate rows by left id -> each record's links.csv row
        Rows are tab-separated, without a header; in a field \\\\, \\t, \\n and \\r stand for a backslash,
        tab, line feed and carriage return. A malformed row stops the step with its line and field
        (exit 65) and nothing is written. The result, sorted by LINE, is run's links.csv.

        USAGE: linkfit shard <step> --model <file> [options]

        ARGUMENTS:
          <step>                  plan, left, right, entities, score or assign.

        OPTIONS:
          --model <file>          A model file written by 'linkfit fit'.
          --header <file>         plan, left, right: a file whose first line is the side's CSV header.
          --source <name>         left, right, assign: how errors name the side's file (default: --header's).
          --old-new <file>        right: Old_New_HESID CSV (OLD_HESID,NEW_HESID).
          --latest-record-date <date>
                                  right: the left file's latest record date (the left step's stats rows).
          --tables <file>         score, assign: the tables file (summed counts of the entities step).
          --file-version <v>      assign: the FILE_VERSION written on every row.
          -h, --help              Show help information.

        """

    @Test func helpIsVerbatim() {
        let io = CommandIO.capturing(in: TestFolders.root)
        #expect(CLI.main(["shard", "--help"], io: io) == 0)
        #expect(io.stdout.text == Self.help)
    }
}
