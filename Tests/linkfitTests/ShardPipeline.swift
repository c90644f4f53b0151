import Foundation
import LinkIO

@testable import linkfit

/// The sharded job of docs/spark.md played in-process: each step of `linkfit shard` run on every
/// partition, rows partitioned between steps by the keys the contract names (a fixed hash, so
/// each key's rows meet in one partition), the counts summed into the tables file: what the PySpark
/// recipe has Spark do, without Spark.
struct ShardPipeline {
    var directory: URL
    var partitions: Int
    var model = "model.json"
    var did = "did.csv"
    var hes = "hes.csv"
    var oldNew: String? = "old_new_hesid.csv"
    /// The tables file the job writes (a name of its own: tests share the fixture folder).
    var tables = "tables-\(UUID().uuidString).tsv"

    enum Failure: Error, CustomStringConvertible {
        case step(String, CLITest.Outcome)
        var description: String {
            switch self { case .step(let name, let outcome): "\(name) exited \(outcome.status): \(outcome.stderr)" }
        }
    }

    /// The rows' escaping (backslash, tab, LF, CR).
    static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\t", with: "\\t")
            .replacingOccurrences(of: "\n", with: "\\n").replacingOccurrences(of: "\r", with: "\\r")
    }

    static func unescaped(_ text: String) -> String {
        var out = ""
        var iterator = text.makeIterator()
        while let character = iterator.next() {
            guard character == "\\", let next = iterator.next() else {
                out.append(character)
                continue
            }
            out.append(["\\": "\\", "t": "\t", "n": "\n", "r": "\r"][next] ?? next)
        }
        return out
    }

    /// FNV-1a of the key: the same partition for the same key in every process.
    func partition(_ key: String) -> Int {
        Int(key.utf8.reduce(UInt64(0xcbf2_9ce4_8422_2325)) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 } % UInt64(partitions))
    }

    /// `linkfit shard STEP` on each partition of `rows`, the outputs concatenated.
    func step(_ arguments: [String], _ partitioned: [[[String]]]) throws -> [[String]] {
        var out: [[String]] = []
        for rows in partitioned {
            let input = rows.map { $0.joined(separator: "\t") + "\n" }.joined()
            let outcome = CLITest.run(["shard"] + arguments + ["--model", model], in: directory, stdin: Array(input.utf8))
            guard outcome.status == 0 else { throw Failure.step(arguments[0], outcome) }
            out += outcome.stdout.split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
        }
        return out
    }

    func byKey(_ rows: [[String]], _ key: ([String]) -> String) -> [[[String]]] {
        var parts = [[[String]]](repeating: [], count: partitions)
        for row in rows { parts[partition(key(row))].append(row) }
        return parts
    }

    /// A file's records as (LINE, TEXT) rows, dealt round-robin into the partitions.
    func records(_ name: String) throws -> [[[String]]] {
        let lines = try CLITest.text(directory.appendingPathComponent(name)).split(separator: "\n", omittingEmptySubsequences: false)
        var parts = [[[String]]](repeating: [], count: partitions)
        for (index, line) in lines.enumerated() where index > 0 && !line.isEmpty {
            parts[index % partitions].append([String(index + 1), Self.escaped(String(line))])
        }
        return parts
    }

    /// Runs the job; returns links.csv's text (header, then the rows by line).
    func run(fileVersion: String = "V1") throws -> String {
        let plan = CLITest.run(["shard", "plan", "--model", model, "--header", did], in: directory)
        guard plan.status == 0, let json = try? JSON.parse(Data(plan.stdout.utf8), file: "plan"), let header = json["linksHeader"]?.string,
              let maxBlockSize = json["maxBlockSize"]?.number.map(Int.init) else {
            throw Failure.step("plan", plan)
        }
        let left = try step(["left", "--header", did, "--source", did], records(did))
        let latest = left.filter { $0[0] == "stats" && !$0[5].isEmpty }.map { $0[5] }.max()
        let right = try step(["right", "--header", hes, "--source", hes] + (oldNew.map { ["--old-new", $0] } ?? [])
                             + (latest.map { ["--latest-record-date", $0] } ?? []), records(hes))
        let entities = try step(["entities"], byKey(right) { $0[0] })
        try tablesFile(entities, maxBlockSize: maxBlockSize).write(to: directory.appendingPathComponent(tables), atomically: true, encoding: .utf8)
        let blocks = left.filter { $0[0] == "block" }.map { [$0[1], "left", $0[2], $0[3], $0[4]] }
            + entities.filter { $0[0] == "block" }.map { [$0[1], "right", $0[3], $0[2], $0[5]] }
        let pairs = try step(["score", "--tables", tables], byKey(blocks) { $0[0] })
        let assignRows = left.filter { $0[0] == "record" }.map { [$0[1], "record", $0[2], $0[4], $0[5], "", ""] }
            + pairs.map { [$0[0], "candidate", $0[1], $0[2], $0[3], $0[5], $0[7]] }
        let links = try step(["assign", "--tables", tables, "--file-version", fileVersion, "--source", did], byKey(assignRows) { $0[0] })
        let rows = links.sorted { Int($0[0]) ?? 0 < Int($1[0]) ?? 0 }.map { Self.unescaped($0[1]) }
        return ([String(header)] + rows).map { $0 + "\n" }.joined()
    }

    /// The tables file: the entities step's counts summed by (KIND, A, B), and the blocks over the cap.
    func tablesFile(_ entities: [[String]], maxBlockSize: Int) -> String {
        var sums: [[String]: Int] = [:]
        var blocks: [String: Int] = [:]
        for row in entities {
            if row[0] == "block" { blocks[row[1], default: 0] += Int(row[4]) ?? 0 } else { sums[[row[0], row[2], row[3]], default: 0] += Int(row[4]) ?? 0 }
        }
        let counted = sums.map { $0.key + [String($0.value)] }
        let oversized = blocks.filter { $0.value > maxBlockSize }.map { ["oversized", $0.key, "", String($0.value)] }
        return (counted + oversized).sorted { $0.lexicographicallyPrecedes($1) }.map { $0.joined(separator: "\t") + "\n" }.joined()
    }
}
