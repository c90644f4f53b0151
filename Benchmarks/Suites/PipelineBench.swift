import Fellegi
import Foundation
import Kernels
import LinkIO
import Synth

/// `linkfit bench pipeline`: the whole job — synth data, fit, link, evaluate — at several sizes, with
/// wall time per stage, records/s read, candidate pairs/s compared, peak memory and precision/recall.
///
/// Sizes are HES persons (default 200k, 1M, 2M; `--size` picks one) with DID records = persons / 4.
/// Without `--size`, each size runs in its own child process (`linkfit bench pipeline --size N`), so
/// its peak memory is its own (`VmHWM` is process-wide and never falls); within a process the peak is
/// reset after generating the data (`/proc/self/clear_refs`), so it covers fit and run only.
///
/// `ModelTrainer.fit` is timed whole and stage by stage (blocking index, the candidate pass into
/// pattern counts, value frequencies, u sampling, EM) from its own `StageLog`. The run is
/// `Linker.link` and `LinkOutput.write`, then `Evaluation.evaluate` against truth.csv. The bench
/// fails when the links are worse than the floors below (a benchmark checks its results).
enum PipelineBench {
    static var suite: BenchSuite {
        BenchSuite(
            name: "pipeline",
            abstract: "Synth, fit, link, evaluate at 200k/1M/2M HES persons (DID = HES/4): time per stage, memory.",
            sizes: 1_000...100_000_000, run: run)
    }

    static let defaultSizes = [200_000, 1_000_000, 2_000_000]
    /// Quality floors: below these the bench fails (the defaults give about 0.999 / 0.98).
    static let minimumPrecision = 0.99
    static let minimumRecall = 0.95

    static func run(_ context: BenchContext) throws {
        if let persons = context.size {
            let figures = try measure(context, persons: persons)
            context.print(figures.report)
            try figures.serialised.write(
                to: context.scratch.appendingPathComponent("pipeline-\(persons).figures"), atomically: true, encoding: .utf8)
            return
        }
        // One child process per size, smallest first, each with its own peak memory.
        var all: [PipelineFigures] = []
        for persons in defaultSizes {
            try child(context, persons: persons)
            let url = context.scratch.appendingPathComponent("pipeline-\(persons).figures")
            let text = try String(contentsOf: url, encoding: .utf8)
            all.append(PipelineFigures(serialised: text))
            context.print("")
        }
        context.print(PipelineFigures.table(all))
        context.print("")
        context.print(PipelineFigures.growth(all))
    }

    /// Runs `linkfit bench pipeline --size persons` as a child process, forwarding its output.
    static func child(_ context: BenchContext, persons: Int) throws {
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments[0]
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        var arguments = ["bench", "pipeline", "--size", String(persons), "--dir", context.scratch.path]
        if let threads = context.threads { arguments += ["--threads", String(threads)] }
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        while case let data = pipe.fileHandleForReading.availableData, !data.isEmpty {
            context.write(String(decoding: data, as: UTF8.self))
        }
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw BenchFailure("bench pipeline: the \(persons)-person run failed (exit \(process.terminationStatus))")
        }
    }

    /// Generates (or reuses) the data for `persons`, then times every stage of fit and run.
    static func measure(_ context: BenchContext, persons: Int) throws -> PipelineFigures {
        let threads = context.threads ?? ParallelChunks.defaultThreads
        var figures = PipelineFigures()
        figures.persons = persons
        figures.didRecords = max(1, persons / 4)
        figures.threads = threads
        figures.load = loadAverage()
        context.print("== pipeline: \(persons) HES persons, \(figures.didRecords) DID records, \(threads) threads, load \(figures.load)")

        let folder = context.scratch.appendingPathComponent("pipeline-\(persons)")
        figures.generate = try ensureData(folder: folder, persons: persons, didRecords: figures.didRecords, version: context.version)
        figures.peakReset = ProcessMemory.resetPeak()  // so the peak covers fit and run, not generating

        let didURL = folder.appendingPathComponent("did.csv")
        let hesURL = folder.appendingPathComponent("hes.csv")
        let settings = LinkSettings.didToHES
        let training = settings.training
        let changes = try IdentifierChanges.read(
            url: folder.appendingPathComponent("old_new_hesid.csv"), file: "old_new_hesid.csv", idColumn: settings.right.idColumn)

        // Fit, stage by stage.
        let (readDID, left) = try context.time {
            try RecordTable.load(url: didURL, file: "did.csv", settings: settings, side: .left)
        }
        let (readHES, right) = try context.time {
            try RecordTable.load(url: hesURL, file: "hes.csv", settings: settings, side: .right, changes: changes)
        }
        guard left.rowCount == figures.didRecords else {
            throw BenchFailure("bench pipeline: read \(left.rowCount) DID records, expected \(figures.didRecords)")
        }
        figures.readDID = readDID
        figures.readHES = readHES
        figures.hesRows = right.rowCount
        figures.hesEntities = right.entityCount

        // Fit: the engine's own stage log gives the time of each stage.
        let provenance = Provenance(linkfitVersion: context.version, seed: training.seed, inputs: [])
        let fitStages = StageLog()
        let (fitTotal, model) = try context.time {
            try ModelTrainer(settings: settings, threads: threads).fit(left: left, right: right, provenance: provenance, stages: fitStages)
        }
        func seconds(_ log: StageLog, _ name: String) -> Double { log.stages.first { $0.name == name }?.seconds ?? 0 }
        figures.fitTotal = fitTotal
        figures.blockingIndex = seconds(fitStages, "index")
        figures.compare = seconds(fitStages, "block, compare")
        figures.termFrequencies = seconds(fitStages, "value frequencies")
        figures.uSampling = seconds(fitStages, "u")
        figures.em = seconds(fitStages, "EM")
        figures.candidatePairs = model.report.candidatePairs
        figures.uSamplePairs = model.report.uSamplePairs
        figures.emIterations = model.report.sessions.reduce(0) { $0 + $1.iterations.count }
        let modelURL = folder.appendingPathComponent("model.json")
        figures.writeModel = try context.time { try AtomicFile.write(model.json.serialised(), to: modelURL) }.seconds
        figures.peakFit = ProcessMemory.peakBytes()

        // Run.
        let (link, result) = try context.time { try Linker(model: model, threads: threads).link(left: left, right: right) }
        figures.link = link
        figures.linkPairs = result.candidatePairs
        let runFolder = folder.appendingPathComponent("run")
        try FileManager.default.createDirectory(at: runFolder, withIntermediateDirectories: true)
        let (writeOutputs, summary) = try context.time {
            try LinkOutput(model: model, left: left, right: right, result: result, fileVersion: "BENCH")
                .write(leftURL: didURL, leftName: "did.csv", folder: runFolder)
        }
        figures.writeOutputs = writeOutputs
        figures.peakRun = ProcessMemory.peakBytes()
        guard summary.recordsOut == summary.recordsIn, summary.recordsIn == figures.didRecords else {
            throw BenchFailure("bench pipeline: records in (\(summary.recordsIn)) ≠ records out (\(summary.recordsOut))")
        }

        // Check the result.
        let evaluation = try Evaluation.evaluate(
            links: runFolder.appendingPathComponent("links.csv"), linksName: "links.csv",
            truth: folder.appendingPathComponent("truth.csv"), truthName: "truth.csv",
            idColumn: settings.left.idColumn, linkedIdColumn: settings.right.idColumn)
        figures.precision = evaluation.overall.precision
        figures.recall = evaluation.overall.recall
        figures.f1 = evaluation.overall.f1
        guard evaluation.overall.records == figures.didRecords,
              figures.precision >= minimumPrecision, figures.recall >= minimumRecall
        else {
            throw BenchFailure(String(
                format: "bench pipeline: precision %.4f, recall %.4f over %d records (floors %.2f, %.2f)",
                figures.precision, figures.recall, evaluation.overall.records, minimumPrecision, minimumRecall))
        }
        return figures
    }

    /// Generates synth data into `folder` unless a previous run left the same configuration there;
    /// returns the seconds spent (0 when reused).
    static func ensureData(folder: URL, persons: Int, didRecords: Int, version: String) throws -> Double {
        let stamp = folder.appendingPathComponent("bench-config.txt")
        let expected = "persons=\(persons) did=\(didRecords) seed=1 linkfit=\(version)\n"
        if let found = try? String(contentsOf: stamp, encoding: .utf8), found == expected { return 0 }
        try? FileManager.default.removeItem(at: folder)
        let start = DispatchTime.now().uptimeNanoseconds
        _ = try generate(SynthConfig(persons: persons, didRecords: didRecords, seed: 1), into: folder)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        try expected.write(to: stamp, atomically: true, encoding: .utf8)
        return seconds
    }

    /// The 1, 5 and 15 minute load averages (`/proc/loadavg`), as `uptime` prints them.
    static func loadAverage() -> String {
        guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) else { return "?" }
        return text.split(separator: " ").prefix(3).joined(separator: " ")
    }
}
