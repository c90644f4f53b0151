import Foundation
import TestSupport

/// Runs a notebook's console commands in order in a fresh temporary folder and compares each
/// command's output with the notebook.
///
/// Every command runs as `/bin/sh -c <command>` with stdout and stderr on one pipe (as `2>&1`), in a
/// fixed environment: `TZ=UTC`, `LC_ALL=C`, `LANG=C`, `HOME` = the folder, `PATH` starting with the
/// folder holding the freshly built `linkfit`, and `LINKFIT_PROGRESS=off` (stderr is a pipe here, so
/// long commands would print a line per stage, with times that differ every run; in a terminal the
/// progress line ends as one `done in` line). Commands of one notebook share the folder.
enum NotebookRunner {
    /// The package root, from this file's path (`<root>/Tests/linkfitTests/NotebookRunner.swift`).
    static func packageRoot(filePath: String = #filePath) -> URL {
        URL(fileURLWithPath: filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// The notebooks, sorted by name.
    static func notebooks() -> [String] {
        let folder = packageRoot().appendingPathComponent("Notebooks")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".md") }.sorted()
    }

    /// Where the `linkfit` binary may be, best first: beside the running test bundle (the build it
    /// came from), then `.build/debug` under the package root.
    static func binaryCandidates() -> [URL] {
        var candidates: [URL] = []
        if let executable = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            var folder = URL(fileURLWithPath: executable).deletingLastPathComponent()
            // macOS-style bundles: <build>/linkfitPackageTests.xctest/Contents/MacOS/<exe>.
            while folder.path.contains(".xctest") { folder.deleteLastPathComponent() }
            candidates.append(folder.appendingPathComponent("linkfit"))
        }
        if let bundle = Bundle.main.executableURL {
            candidates.append(bundle.deletingLastPathComponent().appendingPathComponent("linkfit"))
        }
        candidates.append(packageRoot().appendingPathComponent(".build/debug/linkfit"))
        var seen = Set<String>()
        return candidates.filter { seen.insert($0.standardizedFileURL.path).inserted }
    }

    static func binary() -> URL? {
        binaryCandidates().first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    struct CommandResult: Sendable {
        var output: String
        var status: Int32
    }

    /// Runs `command` with `/bin/sh -c` in `folder`.
    ///
    /// - Parameter timeout: seconds after which the command is terminated (status 143 then).
    static func run(_ command: String, in folder: URL, binaryFolder: URL, timeout: Double = 300) throws -> CommandResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        process.currentDirectoryURL = folder
        process.environment = [
            "TZ": "UTC", "LC_ALL": "C", "LANG": "C", "HOME": folder.path,
            "PATH": "\(binaryFolder.path):/usr/local/bin:/usr/bin:/bin", "LINKFIT_PROGRESS": "off",
        ]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let timer = DispatchWorkItem { [process] in if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: timer)
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        timer.cancel()
        return CommandResult(output: String(decoding: data, as: UTF8.self), status: process.terminationStatus)
    }

    /// One command whose output differs from the notebook.
    struct Failure: Sendable {
        var location: String
        var command: String
        var diff: String
    }

    struct Report: Sendable {
        var failures: [Failure]
        var problems: [String]
        var commands: Int
        var blessed: Bool
    }

    /// Runs every command of the notebook `name` (in `Notebooks/`). With `bless`, rewrites the
    /// notebook's expected output in place with what the commands printed (keeping `...` and `[..]`
    /// lines that still match) instead of reporting failures.
    static func check(notebook name: String, bless: Bool) throws -> Report {
        let url = packageRoot().appendingPathComponent("Notebooks").appendingPathComponent(name)
        let text = try String(contentsOf: url, encoding: .utf8)
        let notebook = Notebook(text: text)
        var problems = notebook.problems.map { "Notebooks/\(name):\($0.line): \($0.message)" }
        guard let binary = binary() else {
            let tried = binaryCandidates().map(\.path).joined(separator: ", ")
            problems.append("the linkfit binary was not found (tried \(tried)); build it with 'swift build'")
            return Report(failures: [], problems: problems, commands: 0, blessed: false)
        }
        if notebook.commands.isEmpty { problems.append("Notebooks/\(name): no ```console commands") }
        let folder = TestFolders.root.appendingPathComponent("notebook-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }

        var failures: [Failure] = []
        var replacements: [Int: [String]] = [:]
        for (index, command) in notebook.commands.enumerated() {
            let result = try run(command.text, in: folder, binaryFolder: binary.deletingLastPathComponent())
            let outcome = NotebookMatcher(expectedLines: command.expected).match(output: result.output, status: result.status)
            guard !outcome.matches else { continue }
            let location = "Notebooks/\(name):\(command.line)"
            failures.append(Failure(location: location, command: command.text, diff: outcome.diff(location: location)))
            replacements[index] = outcome.blessed
        }
        if bless, !replacements.isEmpty {
            try notebook.rewritten(replacements).write(to: url, atomically: true, encoding: .utf8)
            return Report(failures: [], problems: problems, commands: notebook.commands.count, blessed: true)
        }
        return Report(failures: failures, problems: problems, commands: notebook.commands.count, blessed: false)
    }
}
