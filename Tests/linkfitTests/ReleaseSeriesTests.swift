import Fellegi
import Foundation
import LinkIO
import Releases
import Synth
import Testing

@testable import linkfit

/// Releases over time: a three-month synthetic series run as the service runs it (decisions carried
/// forward, changes since the last release), and the decision rules on hand-made records.
@Suite struct ReleaseSeriesTests {
    /// Rates that make every change kind occur in a small series: many persons late to HES, many
    /// twins and missing NHS numbers (a twin's record links to the twin until the person arrives),
    /// relatives' numbers, and most NHS defects corrected the next month.
    static let seriesRates: SynthRates = {
        var rates = SynthRates()
        rates.hesLate = 0.2
        rates.twinPairs = 0.3
        rates.nhsMissing = 0.2
        rates.nhsRelative = 0.02
        rates.didCorrected = 0.8
        rates.didWithdrawn = 0.01
        return rates
    }()

    /// Decides every review row from the truth (`match` when the candidate is the true HESID or its
    /// duplicate), as a perfect clerical reviewer would.
    static func decideFromTruth(review: URL, truth: URL) throws {
        var truthByID: [String: Set<String>] = [:]
        for row in try CLITest.rows(truth).dropFirst() { truthByID[row[0]] = Set([row[1], row[3]].filter { !$0.isEmpty }) }
        var rows = try CLITest.rows(review)
        let decision = try #require(rows[0].firstIndex(of: "DECISION"))
        for index in rows.indices.dropFirst() {
            rows[index][decision] = truthByID[rows[index][0], default: []].contains(rows[index][2]) ? "match" : "non-match"
        }
        try CLITest.write(rows.map { $0.joined(separator: ",") }, to: review.deletingLastPathComponent(), review.lastPathComponent)
    }

    static func runArguments(month: String, out: String, ledger: Bool, previous: String?, threads: Int? = nil) -> [String] {
        var arguments = ["run", "--did", "s/\(month)/did.csv", "--hes", "s/\(month)/hes.csv", "--old-new", "s/\(month)/old_new_hesid.csv",
                         "--model", "model.json", "--file-version", month, "--out", out]
        if ledger { arguments += ["--decisions", "ledger.csv", "--decisions-key", "k.key"] }
        if let previous { arguments += ["--previous", previous] }
        if let threads { arguments += ["--threads", String(threads)] }
        return arguments
    }

    /// The DID ids of a link file.
    static func ids(_ links: URL) throws -> [String] { try CLITest.rows(links).dropFirst().map { $0[0] } }

    // Over 60 lines on purpose: one series, month by month, with what must hold after each.
    @Test func aThreeMonthSeriesCarriesDecisionsAndAccountsForEveryRecord() throws {
        let folder = CLITest.folder("series")
        var config = SynthConfig(persons: 6_000, didRecords: 3_000, seed: 2, months: 3, rates: Self.seriesRates)
        config.series = true
        _ = try generate(config, into: folder.appendingPathComponent("s"))
        try CLITest.write(CLITest.fastSettings.json.serialised(), to: folder.appendingPathComponent("fast.json"))
        let fit = CLITest.run(["fit", "--did", "s/month-01/did.csv", "--hes", "s/month-01/hes.csv", "--old-new", "s/month-01/old_new_hesid.csv",
                               "--model", "model.json", "--settings", "fast.json"], in: folder)
        try #require(fit.status == 0, "\(fit.stderr)")
        try #require(CLITest.run(["decisions", "new-key", "--key", "k.key"], in: folder).status == 0)

        var kinds: Set<String> = []
        var previous: String?
        for month in ["month-01", "month-02", "month-03"] {
            let out = "r-\(month)"
            let ledgerURL = folder.appendingPathComponent("ledger.csv")
            let ledger = FileManager.default.fileExists(atPath: ledgerURL.path) ? try DecisionLedger.read(url: ledgerURL, file: "ledger.csv") : nil
            let run = CLITest.run(Self.runArguments(month: month, out: out, ledger: ledger != nil, previous: previous), in: folder)
            try #require(run.status == 0, "\(run.stderr)")
            let runFolder = folder.appendingPathComponent(out)
            let summary = try JSON.parse(Data(contentsOf: runFolder.appendingPathComponent("summary.json")), file: "summary.json")

            if let ledger, let previous {
                // No decided pair is back in review, unless its record changed since (decision-stale).
                let decided = Set(ledger.entries.map { "\($0.record),\($0.entity)" })
                for row in try CLITest.rows(runFolder.appendingPathComponent("review.csv")).dropFirst() where decided.contains("\(row[0]),\(row[2])") {
                    #expect(row[3] == "decision-stale", "\(row[0]) is back in review as \(row[3])")
                }
                // Every decision in force is applied, stale, or on a record not in this release.
                let counts = try #require(summary["decisions"]?.object)
                let accounted = ["match", "nonMatch", "unsure", "stale", "absentRecords", "absentEntities"].reduce(0.0) { $0 + (counts[$1]?.number ?? 0) }
                #expect(Int(accounted) == ledger.current.count)

                // changes.csv: one row per DID record of either release; its counts are the summary's.
                let before = try Self.ids(folder.appendingPathComponent(previous).appendingPathComponent("links.csv"))
                let now = try Self.ids(runFolder.appendingPathComponent("links.csv"))
                let changes = try CLITest.rows(runFolder.appendingPathComponent("changes.csv")).dropFirst()
                #expect(changes.map { $0[0] } == now + before.filter { !Set(now).contains($0) })
                #expect(Set(changes.map { $0[0] }).count == changes.count)
                var tally: [String: Int] = [:]
                for row in changes { tally[row[7], default: 0] += 1 }
                // Each row's kind is what its own columns say (ChangeKind.of, table-tested), given the month's Old_New_HESID.
                var currentOf: [String: String] = [:]
                for pair in try CLITest.rows(folder.appendingPathComponent("s/\(month)/old_new_hesid.csv")).dropFirst() { currentOf[pair[0]] = pair[1] }
                func linked(_ id: String, _ rank: String, _ status: String) -> (id: String, rank: String)? {
                    status.hasPrefix("linked") ? (id, rank) : nil
                }
                for row in changes where row[7] != "new-record" && row[7] != "dropped-record" {
                    let kind = ChangeKind.of(previous: linked(row[1], row[2], row[3]), current: linked(row[4], row[5], row[6]),
                                             currentOf: { id in currentOf[id].map { currentOf[$0] ?? $0 } ?? id })
                    #expect(kind.rawValue == row[7], "\(row[0])")
                }
                #expect(tally["new-record", default: 0] == Set(now).subtracting(before).count)
                #expect(tally["dropped-record", default: 0] == Set(before).subtracting(now).count)
                let reported = try #require(summary["changes"]?["kinds"]?.object)
                for kind in ChangeKind.allCases { #expect(Int(reported[kind.rawValue]?.number ?? -1) == tally[kind.rawValue, default: 0], "\(kind)") }
                kinds.formUnion(tally.keys)
            }
            try Self.decideFromTruth(review: runFolder.appendingPathComponent("review.csv"), truth: folder.appendingPathComponent("s/\(month)/truth.csv"))
            let add = CLITest.run(["decisions", "add", "--review", "\(out)/review.csv", "--ledger", "ledger.csv", "--key", "k.key"], in: folder)
            try #require(add.status == 0, "\(add.stderr)")
            previous = out
        }
        #expect(kinds == Set(ChangeKind.allCases.map(\.rawValue)))
        try Self.expectNoIdentifier(in: ["ledger.csv", "r-month-02/changes.csv", "r-month-03/changes.csv"], series: folder.appendingPathComponent("s"), folder: folder)
        try Self.expectSameOutputsForOneAndTwoThreads(folder: folder)
    }

    /// No NHS number, birth date or postcode of any input file is a field of `files`.
    static func expectNoIdentifier(in files: [String], series: URL, folder: URL) throws {
        var identifiers: Set<String> = []
        for month in try FileManager.default.contentsOfDirectory(atPath: series.path) {
            for row in try CLITest.rows(series.appendingPathComponent(month).appendingPathComponent("did.csv")).dropFirst() {
                identifiers.formUnion([row[1].filter(\.isNumber), row[2], row[4]].filter { !$0.isEmpty })
            }
            for row in try CLITest.rows(series.appendingPathComponent(month).appendingPathComponent("hes.csv")).dropFirst() {
                identifiers.formUnion([row[1], row[2], row[4], row[4].split(separator: " ").joined(separator: " ")].filter { !$0.isEmpty })
            }
        }
        for file in files {
            let fields = Set(try CLITest.rows(folder.appendingPathComponent(file)).flatMap { $0 })
            #expect(fields.isDisjoint(with: identifiers), "\(file) holds an identifier")
        }
    }

    /// Month 2 again with 1 and with 2 threads: the same bytes in every output.
    static func expectSameOutputsForOneAndTwoThreads(folder: URL) throws {
        for threads in [1, 2] {
            // The ledger as it stood after month 1 would be needed for a replay; the current one is the same for both.
            let run = CLITest.run(runArguments(month: "month-02", out: "t\(threads)", ledger: true, previous: "r-month-01", threads: threads), in: folder)
            try #require(run.status == 0, "\(run.stderr)")
        }
        for file in ["links.csv", "review.csv", "changes.csv", "summary.json", "duplicates.csv"] {
            #expect(try Data(contentsOf: folder.appendingPathComponent("t1/\(file)")) == Data(contentsOf: folder.appendingPathComponent("t2/\(file)")), "\(file)")
        }
    }
}
