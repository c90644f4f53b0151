import Fellegi
import Foundation
import LinkIO
import Pseudonyms
import Synth
import Testing

@testable import linkfit

/// `linkfit extract` on hand-made run folders (pinned pseudonyms, verbatim text and errors) and on a
/// 200,000 × 50,000 synthetic run (reconciliation with links.csv, no identifier anywhere).
@Suite struct ExtractCommandTests {
    /// The key 00 01 … 1f, whose pseudonyms PseudonymiserTests pins with Python's hmac.
    static let key = Array(UInt8(0)..<32)

    /// Writes `bytes` to `name` in `folder` with `mode`.
    @discardableResult
    static func writeKey(_ bytes: [UInt8], _ name: String, in folder: URL, mode: Int = 0o600) throws -> URL {
        let url = folder.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: url.path)
        return url
    }

    static let linksHeader = "DID_ID,GENDER,PROVIDER_CODE,HESID,MATCH_RANK,FILE_VERSION,MATCH_WEIGHT,MATCH_PROBABILITY,AGREEMENT,LINK_STATUS"

    /// A folder holding a three-record run (`run/`), its Old_New_HESID file and the test key (`k.key`).
    /// 1111111111 → 2222222222 → 1234567890 is a chain; D2 is in review, D3 unlinked.
    static func handMade(links: [String]? = nil, summary: String? = nil) throws -> URL {
        let folder = CLITest.folder("extract")
        let run = folder.appendingPathComponent("run")
        try FileManager.default.createDirectory(at: run, withIntermediateDirectories: true)
        try CLITest.write(links ?? [
            linksHeader,
            "D1,1,RDE,1234567890,1,2025-04,31.604,1.000000,1111,linked",
            "D2,2,\"R,X\",,,2025-04,4.100,0.600000,1304,review",
            "D3,1,RAK,,,2025-04,,,,unlinked",
        ], to: run, "links.csv")
        try CLITest.write(summary ?? #"{"fileVersion": "2025-04", "records": {"in": 3, "out": 3}}"#, to: run.appendingPathComponent("summary.json"))
        try CLITest.write(["OLD_HESID,NEW_HESID", "2222222222,1234567890", "1111111111,2222222222"], to: folder, "old_new_hesid.csv")
        try writeKey(key, "k.key", in: folder)
        return folder
    }

    static let extractArguments = ["extract", "--run", "run", "--organisation", "RDE", "--key", "k.key", "--old-new", "old_new_hesid.csv",
                                   "--out", "out"]

    // MARK: Hand-made runs

    /// Pseudonyms from Python (`base64.b32encode(hmac.new(bytes(range(32)), id, sha256).digest()[:20]).lower()`):
    /// 1234567890 → 45nd…, 1111111111 → ixdk…, 2222222222 → 3m5m…. These fix the pseudonym of a HESID
    /// under a key for every release of linkfit.
    @Test func anExtractHasThePinnedPseudonymsAndNothingElse() throws {
        let folder = try Self.handMade()
        let outcome = CLITest.run(Self.extractArguments, in: folder)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stderr == "")
        #expect(outcome.stdout == """
            extract for RDE, file version 2025-04, key fingerprint ad2854756cef2432
              extract.csv:        3 rows, 1 with a pseudonymised HESID
                columns: DID_ID, GENDER, PROVIDER_CODE, HESID, MATCH_RANK, FILE_VERSION
              old_new_hesid.csv:  2 rows (chains resolved)
            wrote out/extract.csv, old_new_hesid.csv, manifest.json

            """)
        let out = folder.appendingPathComponent("out")
        #expect(try CLITest.text(out.appendingPathComponent("extract.csv")) == """
            DID_ID,GENDER,PROVIDER_CODE,HESID,MATCH_RANK,FILE_VERSION
            D1,1,RDE,45nduvhifyu3bmxeanfb3jorh3ccl7au,1,2025-04
            D2,2,"R,X",,,2025-04
            D3,1,RAK,,,2025-04

            """)
        // Both old HESIDs resolve to 1234567890; rows in order of the old pseudonym (3m5m… < ixdk…).
        #expect(try CLITest.text(out.appendingPathComponent("old_new_hesid.csv")) == """
            OLD_HESID,NEW_HESID
            3m5mxjgogvfgp7wu54xkopjf5mkzobpe,45nduvhifyu3bmxeanfb3jorh3ccl7au
            ixdkqg4ec7g3fdi72m6amu7mcdubdrxu,45nduvhifyu3bmxeanfb3jorh3ccl7au

            """)
        #expect(try CLITest.text(out.appendingPathComponent("manifest.json")) == """
            {
              "fileVersion": "2025-04",
              "files": {
                "extract.csv": {
                  "columns": ["DID_ID", "GENDER", "PROVIDER_CODE", "HESID", "MATCH_RANK", "FILE_VERSION"],
                  "pseudonymisedHESIDs": 1,
                  "rows": 3
                },
                "old_new_hesid.csv": {
                  "rows": 2
                }
              },
              "keyFingerprint": "ad2854756cef2432",
              "linkfitVersion": "\(CLI.version)",
              "organisation": "RDE",
              "pseudonym": {
                "definition": "base32(first 20 bytes of HMAC-SHA-256(key, HESID)), RFC 4648 alphabet, lower case, no padding",
                "length": 32
              },
              "schemaVersion": 1
            }

            """)
        // Only the three files: no temporary file left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).sorted() == ["extract.csv", "manifest.json", "old_new_hesid.csv"])
    }

    @Test func aBespokeExtractHasTheNamedColumnsInTheirOrder() throws {
        let folder = try Self.handMade()
        let outcome = CLITest.run(Self.extractArguments + ["--columns", "provider_code, DID_ID"], in: folder)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(try CLITest.text(folder.appendingPathComponent("out/extract.csv")) == """
            PROVIDER_CODE,DID_ID,HESID,MATCH_RANK,FILE_VERSION
            RDE,D1,45nduvhifyu3bmxeanfb3jorh3ccl7au,1,2025-04
            "R,X",D2,,,2025-04
            RAK,D3,,,2025-04

            """)
    }

    struct ErrorCase: CustomTestStringConvertible, Sendable {
        var name: String
        var extra: [String] = []
        var replacing: [String: String] = [:]
        var links: [String]? = nil
        var summary: String? = nil
        var key: (bytes: [UInt8], mode: Int)? = nil
        var status: Int32
        var stderr: String
        var testDescription: String { name }
    }

    static let errorCases: [ErrorCase] = [
        ErrorCase(name: "an unknown --columns column", extra: ["--columns", "DID_ID,NHS_NUMBER"], status: 65,
                  stderr: "linkfit: error: run/links.csv:1: has no DID column 'NHS_NUMBER' (asked for by --columns; its DID columns are DID_ID, GENDER, PROVIDER_CODE)"),
        ErrorCase(name: "an added column in --columns", extra: ["--columns", "MATCH_WEIGHT"], status: 65,
                  stderr: "linkfit: error: run/links.csv:1: has no DID column 'MATCH_WEIGHT' (asked for by --columns; its DID columns are DID_ID, GENDER, PROVIDER_CODE)"),
        ErrorCase(name: "a column named twice", extra: ["--columns", "DID_ID,did_id"], status: 64,
                  stderr: "linkfit: error: option '--columns' names did_id twice (see 'linkfit extract --help')"),
        ErrorCase(name: "an empty column name", extra: ["--columns", "DID_ID,,GENDER"], status: 64,
                  stderr: "linkfit: error: option '--columns' expects column names separated by commas (see 'linkfit extract --help')"),
        ErrorCase(name: "a lower-case organisation code", replacing: ["RDE": "rde"], status: 64,
                  stderr: "linkfit: error: option '--organisation' expects 3 to 10 capital letters or digits (an ODS code such as RDE) (see 'linkfit extract --help')"),
        ErrorCase(name: "a two-character organisation code", replacing: ["RDE": "R1"], status: 64,
                  stderr: "linkfit: error: option '--organisation' expects 3 to 10 capital letters or digits (an ODS code such as RDE) (see 'linkfit extract --help')"),
        ErrorCase(name: "a key readable by all (644)", key: (key, 0o644), status: 65,
                  stderr: "linkfit: error: k.key: has mode 0644: group or others can access it; a key must be owner-only (chmod 600 k.key)"),
        ErrorCase(name: "a key readable by the group (640)", key: (key, 0o640), status: 65,
                  stderr: "linkfit: error: k.key: has mode 0640: group or others can access it; a key must be owner-only (chmod 600 k.key)"),
        ErrorCase(name: "a key of 31 bytes", key: (Array(key.prefix(31)), 0o600), status: 65,
                  stderr: "linkfit: error: k.key: is 31 bytes; a key is 32 bytes (make one with 'linkfit extract --new-key FILE')"),
        ErrorCase(name: "a missing key", replacing: ["k.key": "none.key"], status: 65,
                  stderr: "linkfit: error: none.key: does not exist (make a key with 'linkfit extract --new-key none.key')"),
        ErrorCase(name: "a folder that is not a run", replacing: ["run": "nowhere"], status: 65,
                  stderr: "linkfit: error: nowhere: does not exist"),
        ErrorCase(name: "a summary without a file version", summary: #"{"records": {"out": 3}}"#, status: 65,
                  stderr: "linkfit: error: run/summary.json: has no 'fileVersion' or 'records.out' (not a run summary)"),
        ErrorCase(name: "links.csv without the run's columns", links: ["DID_ID,HESID", "D1,1234567890"], status: 65,
                  stderr: "linkfit: error: run/links.csv:1: does not end with the columns 'linkfit run' writes (HESID, MATCH_RANK, FILE_VERSION, MATCH_WEIGHT, MATCH_PROBABILITY, AGREEMENT, LINK_STATUS)"),
        ErrorCase(name: "links.csv carrying NHS numbers",
                  links: ["DID_ID,NHS_NUMBER,HESID,MATCH_RANK,FILE_VERSION,MATCH_WEIGHT,MATCH_PROBABILITY,AGREEMENT,LINK_STATUS",
                          "D1,9434765919,1234567890,1,2025-04,31.604,1.000000,1111,linked"],
                  summary: #"{"fileVersion": "2025-04", "records": {"out": 1}}"#, status: 65,
                  stderr: "linkfit: error: run/links.csv:1: NHS_NUMBER: is a patient identifier column; an extract never carries one"),
        ErrorCase(name: "a row of another file version",
                  links: [linksHeader, "D1,1,RDE,1234567890,1,2025-04,31.604,1.000000,1111,linked", "D2,1,RDE,,,2025-03,,,,unlinked"],
                  summary: #"{"fileVersion": "2025-04", "records": {"out": 2}}"#, status: 65,
                  stderr: "linkfit: error: run/links.csv:3: FILE_VERSION: differs from the fileVersion in summary.json"),
        ErrorCase(name: "fewer rows than the summary", summary: #"{"fileVersion": "2025-04", "records": {"out": 4}}"#, status: 65,
                  stderr: "linkfit: error: run/links.csv: has 3 rows but summary.json says 4 records out"),
        ErrorCase(name: "--new-key with an extract's options", extra: ["--new-key", "new.key"], status: 64,
                  stderr: "linkfit: error: option '--new-key' makes a key and takes no '--run' (see 'linkfit extract --help')"),
    ]

    /// Each error is reported verbatim with its exit status, never a HESID or key byte, and leaves no
    /// output file (not even a temporary one) behind.
    @Test(arguments: errorCases) func errorsAreVerbatimAndLeaveNothingBehind(_ test: ErrorCase) throws {
        let folder = try Self.handMade(links: test.links, summary: test.summary)
        if let key = test.key { try Self.writeKey(key.bytes, "k.key", in: folder, mode: key.mode) }
        let arguments = Self.extractArguments.map { test.replacing[$0] ?? $0 } + test.extra
        let outcome = CLITest.run(arguments, in: folder)
        #expect(outcome.status == test.status)
        #expect(outcome.stdout == "")
        #expect(outcome.stderr == test.stderr + "\n")
        #expect(!outcome.stderr.contains("1234567890") && !outcome.stderr.contains("000102"))
        let out = folder.appendingPathComponent("out")
        let left = (try? FileManager.default.contentsOfDirectory(atPath: out.path)) ?? []
        #expect(left.isEmpty, "left behind: \(left)")
    }

    @Test func missingOptionsAreUsageErrors() throws {
        let folder = try Self.handMade()
        let withoutOldNew = CLITest.run(Array(Self.extractArguments.prefix(7)) + ["--out", "out"], in: folder)
        #expect(withoutOldNew.status == 64)
        #expect(withoutOldNew.stderr == "linkfit: error: missing required option '--old-new' (see 'linkfit extract --help')\n")
        let bare = CLITest.run(["extract"], in: folder)
        #expect(bare.stderr == """
            linkfit: error: missing required option '--run'
            linkfit: error: missing required option '--organisation'
            linkfit: error: missing required option '--key'
            linkfit: error: missing required option '--old-new'
            linkfit: error: missing required option '--out' (see 'linkfit extract --help')

            """)
    }

    // MARK: Keys

    @Test func aNewKeyIs32RandomOwnerOnlyBytesNeverPrinted() throws {
        let folder = CLITest.folder("extract-key")
        let first = CLITest.run(["extract", "--new-key", "a.key"], in: folder)
        let second = CLITest.run(["extract", "--new-key", "b.key"], in: folder)
        #expect(first.status == 0 && second.status == 0, "\(first.stderr)\(second.stderr)")
        let a = try Data(contentsOf: folder.appendingPathComponent("a.key"))
        let b = try Data(contentsOf: folder.appendingPathComponent("b.key"))
        #expect(a.count == 32 && b.count == 32 && a != b)
        let attributes = try FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent("a.key").path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let fingerprint = Pseudonymiser(key: Array(a)).keyFingerprint
        #expect(first.stdout == """
            wrote a new 32-byte key to a.key (owner-only, mode 0600); key fingerprint \(fingerprint)
            keep it secret and keep it: the same key gives the same pseudonyms in every release

            """)
        let hex = a.map { String(format: "%02x", $0) }.joined()
        #expect(!first.stdout.contains(hex.prefix(8)))
        // No temporary file is left beside the key.
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["a.key", "b.key"])
        // The new key is accepted by an extract as it is.
        #expect(try KeyFile.read(folder.appendingPathComponent("a.key"), name: "a.key").keyFingerprint == fingerprint)
    }

    @Test func aNewKeyNeverOverwritesAFile() throws {
        let folder = CLITest.folder("extract-key")
        let existing = try Self.writeKey(Self.key, "k.key", in: folder)
        let outcome = CLITest.run(["extract", "--new-key", "k.key"], in: folder)
        #expect(outcome.status == 1)
        #expect(outcome.stderr == "linkfit: error: k.key already exists: linkfit never overwrites a key (choose a new file name)\n")
        #expect(try Data(contentsOf: existing) == Data(Self.key))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["k.key"])
    }

    @Test func helpIsVerbatim() {
        let outcome = runCLI(["extract", "--help"], commands: [ExtractCommand.self])
        #expect(outcome == successfulRun("""
            OVERVIEW: Write one organisation's pseudonymised extract of a run, or make a new key.

            linkfit extract --run <dir> --organisation <code> --key <file> --old-new <file> --out <dir> [--columns <list>]
            linkfit extract --new-key <file>

            The extract (in --out) is extract.csv: links.csv's DID columns (or those named by --columns), HESID as
            the organisation's pseudonym, MATCH_RANK and FILE_VERSION; old_new_hesid.csv: the Old_New_HESID file,
            chains resolved, both columns pseudonymised; and manifest.json: organisation, file version, row counts
            and the key's fingerprint. A pseudonym is base32 of the first 20 bytes of HMAC-SHA-256(key, HESID),
            32 characters: the same key gives the same pseudonym in every release. No NHS number, birth date,
            postcode or raw HESID is written, and never the key.
            --new-key makes a 32-byte key from the system's random source, owner-only (mode 0600), and never
            overwrites a file. An extract refuses a key file that group or others can read.

            USAGE: linkfit extract [options]

            OPTIONS:
              --run <dir>             A 'linkfit run' output folder (links.csv, summary.json).
              --organisation <code>   The receiving organisation: 3 to 10 capital letters or digits.
              --key <file>            The organisation's key file (32 bytes, owner-only).
              --old-new <file>        The Old_New_HESID CSV the run was given (OLD_HESID,NEW_HESID).
              --out <dir>             Output folder (created if needed).
              --columns <list>        Only these DID columns, comma-separated, in this order.
              --new-key <file>        Make a new key in this file instead of an extract.
              -h, --help              Show help information.
            """))
    }

    // MARK: Two releases

    /// Two releases of the fixture (DID records 1–700 and 301–1,000, so 400 in both) linked with its
    /// model and extracted with the same key: every HESID has one pseudonym across both, distinct
    /// HESIDs have distinct pseudonyms, and the Old_New_HESID files are identical.
    @Test func twoReleasesWithTheSameKeyShareTheirPseudonyms() throws {
        let fixture = try CLITest.fixture.get()
        let folder = CLITest.folder("extract-releases")
        try Self.writeKey(Self.key, "k.key", in: folder)
        let did = try CLITest.text(fixture.appendingPathComponent("did.csv")).split(separator: "\n").map(String.init)
        var pseudonymOf: [String: String] = [:]
        var hesidOf: [String: String] = [:]
        var releasesOf: [String: Set<String>] = [:]
        var oldNewFiles: [String] = []
        for (release, rows) in [("2025-03", 1...700), ("2025-04", 301...1_000)] {
            try CLITest.write([did[0]] + rows.map { did[$0] }, to: folder, "did-\(release).csv")
            let run = CLITest.run(["run", "--did", "did-\(release).csv", "--hes", fixture.appendingPathComponent("hes.csv").path,
                                   "--model", fixture.appendingPathComponent("model.json").path, "--file-version", release,
                                   "--out", "run-\(release)"], in: folder)
            #expect(run.status == 0, "\(run.stderr)")
            let extract = CLITest.run(["extract", "--run", "run-\(release)", "--organisation", "X26", "--key", "k.key", "--old-new",
                                       fixture.appendingPathComponent("old_new_hesid.csv").path, "--out", "extract-\(release)"], in: folder)
            #expect(extract.status == 0, "\(extract.stderr)")
            let links = try CLITest.rows(folder.appendingPathComponent("run-\(release)/links.csv"))
            let rowsOut = try CLITest.rows(folder.appendingPathComponent("extract-\(release)/extract.csv"))
            #expect(links.count == rows.count + 1 && rowsOut.count == links.count)
            let hesid = try #require(links[0].firstIndex(of: "HESID"))
            let pseudonym = try #require(rowsOut[0].firstIndex(of: "HESID"))
            for (link, row) in zip(links.dropFirst(), rowsOut.dropFirst()) where !link[hesid].isEmpty {
                #expect(pseudonymOf[link[hesid], default: row[pseudonym]] == row[pseudonym])
                #expect(hesidOf[row[pseudonym], default: link[hesid]] == link[hesid])
                pseudonymOf[link[hesid]] = row[pseudonym]
                hesidOf[row[pseudonym]] = link[hesid]
                releasesOf[link[hesid], default: []].insert(release)
            }
            oldNewFiles.append(try CLITest.text(folder.appendingPathComponent("extract-\(release)/old_new_hesid.csv")))
        }
        #expect(pseudonymOf.count > 250)
        #expect(releasesOf.values.filter { $0.count == 2 }.count > 100)
        #expect(oldNewFiles[0] == oldNewFiles[1] && oldNewFiles[0].split(separator: "\n").count > 1)
    }

    // MARK: A 200,000 × 50,000 run

    /// `synth --hes 200000 --did 50000 --seed 1`, linked with the fixture's model (a model fitted on other
    /// data links as well for this purpose, and spares the test a fit), then extracted twice with the
    /// test key.
    static let large: Result<URL, any Error> = Result {
        let fixture = try CLITest.fixture.get()
        let folder = CLITest.folder("extract-large")
        _ = try generate(SynthConfig(persons: 200_000, didRecords: 50_000, seed: 1), into: folder)
        let run = CLITest.run(["run", "--did", "did.csv", "--hes", "hes.csv", "--old-new", "old_new_hesid.csv",
                               "--model", fixture.appendingPathComponent("model.json").path, "--file-version", "2025-04",
                               "--out", "run"], in: folder)
        guard run.status == 0 else { throw CLITest.SetupError.failed(run.stderr) }
        try writeKey(key, "k.key", in: folder)
        for out in ["extract", "again"] {
            let extract = CLITest.run(["extract", "--run", "run", "--organisation", "RDE", "--key", "k.key", "--old-new", "old_new_hesid.csv",
                                       "--out", out], in: folder)
            guard extract.status == 0 else { throw CLITest.SetupError.failed(extract.stderr) }
        }
        return folder
    }

    @Test func aLargeExtractReconcilesWithLinksRowForRow() throws {
        let folder = try Self.large.get()
        let links = try CLITest.rows(folder.appendingPathComponent("run/links.csv"))
        let extract = try CLITest.rows(folder.appendingPathComponent("extract/extract.csv"))
        #expect(links.count == 50_001 && extract.count == links.count)
        let didColumns = links[0].count - (1 + LinkOutput.resultColumns.count)
        #expect(extract[0] == Array(links[0].prefix(didColumns)) + ["HESID", "MATCH_RANK", "FILE_VERSION"])
        let pseudonymiser = Pseudonymiser(key: Self.key)
        var mismatches = 0
        var linked = 0
        var pseudonyms: Set<String> = []
        var hesids: Set<String> = []
        for (link, row) in zip(links.dropFirst(), extract.dropFirst()) {
            let hesid = link[didColumns]
            let expected = Array(link.prefix(didColumns)) + [hesid.isEmpty ? "" : pseudonymiser.pseudonym(of: hesid),
                                                             link[didColumns + 1], link[didColumns + 2]]
            if row != expected { mismatches += 1 }
            if !hesid.isEmpty {
                linked += 1
                hesids.insert(hesid)
                pseudonyms.insert(row[didColumns])
            }
        }
        #expect(mismatches == 0)
        #expect(linked > 45_000)
        #expect(pseudonyms.count == hesids.count)
        let manifest = try JSON.parse(Data(contentsOf: folder.appendingPathComponent("extract/manifest.json")), file: "manifest.json")
        #expect(manifest["files"]?["extract.csv"]?["rows"] == .number(50_000))
        #expect(manifest["files"]?["extract.csv"]?["pseudonymisedHESIDs"] == .number(Double(linked)))
        #expect(manifest["keyFingerprint"] == .string(pseudonymiser.keyFingerprint))
    }

    /// The Old_New_HESID file: one row per old HESID of the input, both sides pseudonymised, chains
    /// resolved (no new pseudonym is also an old one), each old HESID's current HESID as resolved here.
    @Test func theLargeOldNewFileIsResolvedAndPseudonymised() throws {
        let folder = try Self.large.get()
        let input = try CLITest.rows(folder.appendingPathComponent("old_new_hesid.csv")).dropFirst()
        let output = try CLITest.rows(folder.appendingPathComponent("extract/old_new_hesid.csv"))
        #expect(output[0] == ["OLD_HESID", "NEW_HESID"])
        var next: [String: String] = [:]
        for row in input { next[row[0]] = row[1] }
        let pseudonymiser = Pseudonymiser(key: Self.key)
        var expected: [[String]] = []
        for old in next.keys {
            var current = old
            while let step = next[current] { current = step }
            expected.append([pseudonymiser.pseudonym(of: old), pseudonymiser.pseudonym(of: current)])
        }
        expected.sort { $0[0] < $1[0] }
        #expect(next.count > 1_000)
        #expect(Array(output.dropFirst()) == expected)
        let olds = Set(output.dropFirst().map { $0[0] })
        #expect(output.dropFirst().allSatisfy { !olds.contains($0[1]) })
    }

    @Test func theSameKeyGivesByteIdenticalExtracts() throws {
        let folder = try Self.large.get()
        for file in [Extract.extractFile, Extract.oldNewFile, Extract.manifestFile] {
            let first = try Data(contentsOf: folder.appendingPathComponent("extract/\(file)"))
            let second = try Data(contentsOf: folder.appendingPathComponent("again/\(file)"))
            #expect(first == second && !first.isEmpty, "\(file)")
        }
    }

    /// Every HESID the run knew (hes.csv, the Old_New_HESID file, links.csv) and every NHS number,
    /// birth date and postcode of did.csv, as written and in standard form (NHS numbers as digits,
    /// postcodes in capitals without spaces), six characters or more, is searched for anywhere in the
    /// extract's files, as a substring. Birth dates that are also some record's TEST_DATE (carried, as a
    /// test date, by design) are left out. The same search finds every linked HESID in links.csv, so it
    /// can fail.
    @Test func theLargeExtractHoldsNoIdentifierAndNoRawHESID() throws {
        let folder = try Self.large.get()
        var hesids = Set(try Self.columns(folder.appendingPathComponent("hes.csv"), ["HESID"])[0])
        for column in try Self.columns(folder.appendingPathComponent("old_new_hesid.csv"), ["OLD_HESID", "NEW_HESID"]) {
            hesids.formUnion(column)
        }
        let linked = Set(try Self.columns(folder.appendingPathComponent("run/links.csv"), ["HESID"])[0].filter { !$0.isEmpty })
        hesids.formUnion(linked)
        #expect(hesids.count > 200_000 && linked.count > 10_000)

        let did = try Self.columns(folder.appendingPathComponent("did.csv"), ["NHS_NUMBER", "PERSON_BIRTH_DATE", "POSTCODE", "TEST_DATE"])
        let testDates = Set(did[3])
        var identifiers: Set<String> = []
        for (column, values) in did.prefix(3).enumerated() {
            for value in values {
                let written = value.trimmingCharacters(in: .whitespaces)
                let standard = column == 0 ? written.filter(\.isNumber) : written.uppercased().filter { $0 != " " }
                for form in [written, standard] where form.utf8.count >= 6 {
                    if column == 1, testDates.contains(form) { continue }
                    identifiers.insert(form)
                }
            }
        }
        #expect(identifiers.count > 50_000)

        let search = ManyStringSearch(hesids.union(identifiers))
        for file in [Extract.extractFile, Extract.oldNewFile, Extract.manifestFile] {
            let text = try Array(Data(contentsOf: folder.appendingPathComponent("extract/\(file)")))
            let found = search.occurrences(in: text)
            #expect(found.isEmpty, "\(file): \(found.count) identifier values found")
        }
        let linksText = try Array(Data(contentsOf: folder.appendingPathComponent("run/links.csv")))
        #expect(search.occurrences(in: linksText).isSuperset(of: linked))
    }

    /// The named columns of a CSV file, each as an array of its values.
    static func columns(_ url: URL, _ names: [String]) throws -> [[String]] {
        let reader = try CSVReader(url: url, name: url.lastPathComponent)
        let indices = try reader.requireColumns(names)
        var columns = [[String]](repeating: [], count: names.count)
        while try reader.next() {
            for (position, index) in indices.enumerated() { columns[position].append(reader.string(index)) }
        }
        return columns
    }
}

/// Which of many strings occur anywhere in a text, as substrings: Rabin–Karp with one rolling hash
/// per needle length, a bit filter in front of the exact check.
///
/// - Complexity: O(text length × distinct needle lengths), plus the exact check of each filter hit.
struct ManyStringSearch {
    private var needlesByLength: [Int: [UInt64: [[UInt8]]]] = [:]
    private var filter = [UInt64](repeating: 0, count: 1 << 16)
    private static let base: UInt64 = 1_000_003

    init(_ needles: Set<String>) {
        for needle in needles {
            let bytes = Array(needle.utf8)
            let hash = Self.hash(bytes[...])
            needlesByLength[bytes.count, default: [:]][hash, default: []].append(bytes)
            filter[Int(truncatingIfNeeded: hash >> 6) & 0xFFFF] |= 1 << (hash & 63)
        }
    }

    static func hash(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        bytes.reduce(0) { $0 &* base &+ UInt64($1) }
    }

    /// The needles found in `text`.
    func occurrences(in text: [UInt8]) -> Set<String> {
        var found: Set<String> = []
        text.withUnsafeBufferPointer { text in
            filter.withUnsafeBufferPointer { filter in
                for (length, byHash) in needlesByLength where length <= text.count {
                    var power: UInt64 = 1
                    for _ in 1..<length { power = power &* Self.base }
                    var hash = Self.hash(ArraySlice(text[0..<length]))
                    var start = 0
                    while true {
                        if filter[Int(truncatingIfNeeded: hash >> 6) & 0xFFFF] & (1 << (hash & 63)) != 0, let candidates = byHash[hash] {
                            let window = Array(text[start..<start + length])
                            for candidate in candidates where candidate == window {
                                found.insert(String(decoding: candidate, as: UTF8.self))
                            }
                        }
                        let end = start + length
                        if end >= text.count { break }
                        hash = (hash &- UInt64(text[start]) &* power) &* Self.base &+ UInt64(text[end])
                        start += 1
                    }
                }
            }
        }
        return found
    }
}
