import Foundation
import LinkIO

/// What one `bench pipeline` size measured: wall time per stage, counts, peak memory and the quality
/// of the links. Travels from a per-size child process to the parent as `key=value` lines.
struct PipelineFigures: Equatable {
    var persons = 0
    var didRecords = 0
    var hesRows = 0
    var hesEntities = 0
    var threads = 0

    // Seconds per stage (wall time).
    var generate = 0.0
    var readDID = 0.0
    var readHES = 0.0
    var blockingIndex = 0.0
    var compare = 0.0
    var termFrequencies = 0.0
    var uSampling = 0.0
    var em = 0.0
    var fitTotal = 0.0
    var writeModel = 0.0
    var link = 0.0
    var writeOutputs = 0.0

    var candidatePairs = 0
    var linkPairs = 0
    var emIterations = 0
    var uSamplePairs = 0
    /// Peak resident bytes after the fit stages, and after the run stages (process-wide, monotone,
    /// reset after generation when the kernel allows it).
    var peakFit = 0
    var peakRun = 0
    var peakReset = false

    var precision = 0.0
    var recall = 0.0
    var f1 = 0.0
    /// `uptime` load averages at the start of the size.
    var load = ""

    /// What `linkfit fit` does: read both files, fit, write the model.
    var fitCommand: Double { readDID + readHES + fitTotal + writeModel }
    /// What `linkfit run` does: read both files, link, write the outputs.
    var runCommand: Double { readDID + readHES + link + writeOutputs }

    private static var keys: [(String, WritableKeyPath<PipelineFigures, Double>)] { [
        ("generate", \.generate), ("readDID", \.readDID), ("readHES", \.readHES), ("blockingIndex", \.blockingIndex),
        ("compare", \.compare), ("termFrequencies", \.termFrequencies), ("uSampling", \.uSampling), ("em", \.em), ("fitTotal", \.fitTotal),
        ("writeModel", \.writeModel), ("link", \.link), ("writeOutputs", \.writeOutputs),
        ("precision", \.precision), ("recall", \.recall), ("f1", \.f1),
    ] }
    private static var intKeys: [(String, WritableKeyPath<PipelineFigures, Int>)] { [
        ("persons", \.persons), ("didRecords", \.didRecords), ("hesRows", \.hesRows), ("hesEntities", \.hesEntities),
        ("threads", \.threads), ("candidatePairs", \.candidatePairs), ("linkPairs", \.linkPairs),
        ("emIterations", \.emIterations), ("uSamplePairs", \.uSamplePairs), ("peakFit", \.peakFit), ("peakRun", \.peakRun),
    ] }

    /// `key=value` lines, one per figure.
    var serialised: String {
        var lines = Self.keys.map { "\($0.0)=\(self[keyPath: $0.1])" } + Self.intKeys.map { "\($0.0)=\(self[keyPath: $0.1])" }
        lines.append("peakReset=\(peakReset)")
        lines.append("load=\(load)")
        return lines.joined(separator: "\n") + "\n"
    }

    init() {}

    /// Parses `serialised`; unknown keys are ignored.
    init(serialised text: String) {
        for line in text.split(separator: "\n") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            let key = String(line[..<equals])
            let value = String(line[line.index(after: equals)...])
            if let entry = Self.keys.first(where: { $0.0 == key }) { self[keyPath: entry.1] = Double(value) ?? 0 }
            if let entry = Self.intKeys.first(where: { $0.0 == key }) { self[keyPath: entry.1] = Int(value) ?? 0 }
            if key == "peakReset" { peakReset = value == "true" }
            if key == "load" { load = value }
        }
    }

    /// The stage table of one size.
    var report: String {
        func row(_ stage: String, _ seconds: Double, _ rate: String = "") -> String {
            "  " + stage.padded(46) + String(format: "%8.2f s", seconds) + (rate.isEmpty ? "" : "   " + rate)
        }
        func rate(_ count: Int, _ seconds: Double, _ unit: String) -> String {
            seconds > 0 ? humanCount(Double(count) / seconds) + " " + unit + "/s" : ""
        }
        var lines: [String] = []
        lines.append("HES persons \(persons), DID records \(didRecords) (HES rows \(hesRows), HESIDs \(hesEntities)), "
            + "threads \(threads), load average \(load)")
        lines.append(row("generate (synth, not timed below)", generate))
        lines.append("  fit:")
        lines.append(row("read + standardise DID", readDID, rate(didRecords, readDID, "records")))
        lines.append(row("read + standardise HES", readHES, rate(hesRows, readHES, "rows")))
        lines.append(row("blocking index", blockingIndex, rate(hesRows, blockingIndex, "rows")))
        lines.append(row("compare candidate pairs → pattern counts", compare, rate(candidatePairs, compare, "pairs")))
        lines.append(row("value frequencies (for u and term frequencies)", termFrequencies))
        lines.append(row("u sampling", uSampling, rate(uSamplePairs, uSampling, "pairs")))
        lines.append(row("EM (\(emIterations) iterations, all sessions)", em))
        lines.append(row("rest of fit (λ, summaries, report)", max(0, fitTotal - blockingIndex - compare - termFrequencies - uSampling - em)))
        lines.append(row("ModelTrainer.fit, timed whole", fitTotal))
        lines.append(row("write model", writeModel))
        lines.append(row("= fit command (read ×2 + fit + write)", fitCommand))
        lines.append("  run:")
        lines.append(row("Linker.link (block, compare, score, assign)", link, rate(linkPairs, link, "pairs")))
        lines.append(row("write outputs (links.csv, review.csv)", writeOutputs, rate(didRecords, writeOutputs, "records")))
        lines.append(row("= run command (read ×2 + link + write)", runCommand))
        lines.append(row("fit + run", fitCommand + runCommand))
        lines.append(String(
            format: "  candidate pairs %@ (%.1f per DID record); peak memory after fit %@B, after run %@B%@",
            humanCount(Double(candidatePairs)), Double(candidatePairs) / Double(max(didRecords, 1)),
            humanCount(Double(peakFit)), humanCount(Double(peakRun)),
            peakReset ? "" : " (includes generation: could not reset the peak)"))
        lines.append(String(format: "  precision %.4f, recall %.4f, F1 %.4f", precision, recall, f1))
        return lines.joined(separator: "\n")
    }

    /// How time and memory grow with size: each size's figures as a ratio of the smallest's.
    static func growth(_ sizes: [PipelineFigures]) -> String {
        guard let base = sizes.first, sizes.count > 1 else { return "" }
        let columns: [(String, (PipelineFigures) -> Double)] = [
            ("records", { Double($0.didRecords + $0.hesRows) }), ("pairs", { Double($0.candidatePairs) }),
            ("read", { $0.readDID + $0.readHES }), ("block", \.blockingIndex), ("compare", \.compare),
            ("u", \.uSampling), ("EM", \.em), ("fit", \.fitCommand), ("link", \.link), ("write", \.writeOutputs),
            ("run", \.runCommand), ("peak", { Double($0.peakRun) }),
        ]
        var lines = ["Growth relative to \(base.persons) persons (ratio of each figure; records = DID + HES rows):"]
        lines.append("  " + "persons".padded(10) + columns.map { $0.0.padded(9) }.joined())
        for figures in sizes {
            lines.append("  " + String(figures.persons).padded(10) + columns.map { column in
                let b = column.1(base)
                return (b > 0 ? String(format: "%.2f×", column.1(figures) / b) : "–").padded(9)
            }.joined())
        }
        lines.append("  (time ratio ÷ records ratio ≈ 1 is linear; < 1 means fixed costs dominate, > 1 superlinear)")
        return lines.joined(separator: "\n")
    }

    /// One summary row per size, for the README.
    static func table(_ sizes: [PipelineFigures]) -> String {
        var lines = ["persons".padded(10) + "DID".padded(9) + "read DID rec/s".padded(16) + "read HES rows/s".padded(17)
            + "pairs".padded(9) + "compare pairs/s".padded(17) + "fit s".padded(8) + "run s".padded(8)
            + "fit+run s".padded(11) + "peak".padded(10) + "precision".padded(11) + "recall"]
        for f in sizes {
            lines.append(
                String(f.persons).padded(10) + String(f.didRecords).padded(9)
                    + humanCount(Double(f.didRecords) / f.readDID).padded(16) + humanCount(Double(f.hesRows) / f.readHES).padded(17)
                    + humanCount(Double(f.candidatePairs)).padded(9) + humanCount(Double(f.candidatePairs) / f.compare).padded(17)
                    + String(format: "%-8.2f%-8.2f%-11.2f", f.fitCommand, f.runCommand, f.fitCommand + f.runCommand)
                    + (humanCount(Double(f.peakRun)) + "B").padded(10)
                    + String(format: "%-11.4f%.4f", f.precision, f.recall))
        }
        return lines.joined(separator: "\n")
    }
}
