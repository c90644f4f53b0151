import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The built `linkfit` with its stderr on a pseudo-terminal (`openpty`): the progress mode is chosen
/// by `isatty(2)`, the line is rewritten in place with `\r` and clear-to-end, and ends as one line.
@Suite(.timeLimit(.minutes(2))) struct ProgressTerminalTests {
    /// Runs `arguments` with stderr on a new pseudo-terminal and stdout on a pipe; returns the exit
    /// status, stdout, and what the terminal received.
    static func runOnTerminal(_ arguments: [String], in folder: URL, environment: [String: String] = [:]) throws -> (Int32, String, String) {
        let binary = try #require(NotebookRunner.binary(), "the linkfit binary was not built")
        var controller: Int32 = -1
        var terminal: Int32 = -1
        try #require(openpty(&controller, &terminal, nil, nil, nil) == 0, "openpty failed")
        defer { close(controller) }
        // Raw output: line feeds stay line feeds (no CR added), so the bytes are linkfit's own.
        var settings = termios()
        tcgetattr(terminal, &settings)
        settings.c_oflag &= ~tcflag_t(OPOST)
        tcsetattr(terminal, TCSANOW, &settings)
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = folder
        process.environment = ["PATH": "/usr/bin:/bin", "LC_ALL": "C"].merging(environment) { $1 }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle(fileDescriptor: terminal, closeOnDealloc: false)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        close(terminal)  // the child holds its own copy: reading ends (EIO) when it exits
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = read(controller, &buffer, buffer.count)
            if count <= 0 { break }
            received += buffer[0..<count]
        }
        let stdout = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: received, as: UTF8.self))
    }

    @Test func aTerminalGetsOneLineRewrittenInPlace() throws {
        let folder = CLITest.folder("progress-pty")
        defer { try? FileManager.default.removeItem(at: folder) }
        // Big enough to take a few tenths of a second in a debug build, so the line is redrawn.
        let synth = ["synth", "--hes-persons", "20000", "--did-records", "5000"]
        let (status, stdout, terminal) = try Self.runOnTerminal(synth + ["--out", "a"], in: folder)
        #expect(status == 0, "\(terminal)")
        #expect(stdout.hasPrefix("wrote a: hes.csv (20000 persons, ") && !stdout.contains("\r"), "\(stdout)")
        let frames = terminal.split(separator: "\r", omittingEmptySubsequences: true)
        #expect(frames.count >= 2, "\(terminal.debugDescription)")
        #expect(frames.dropLast().allSatisfy { $0.hasPrefix("linkfit synth: ") && $0.hasSuffix("\u{1B}[K") && !$0.contains("\n") },
                "\(terminal.debugDescription)")
        #expect(frames.contains { $0.contains("persons") || $0.contains("records") }, "\(terminal.debugDescription)")
        #expect(String(frames.last ?? "").range(of: #"^linkfit synth: done in \d+\.\d s\x{1B}\[K\n$"#, options: .regularExpression) != nil,
                "\(terminal.debugDescription)")
        // The same command with --quiet, on a terminal too: nothing there, the same files.
        let (quietStatus, quietStdout, quietTerminal) = try Self.runOnTerminal(synth + ["--out", "b", "--quiet"], in: folder)
        #expect(quietStatus == 0 && quietTerminal == "")
        #expect(quietStdout == stdout.replacingOccurrences(of: "wrote a:", with: "wrote b:"))
        for name in ["hes.csv", "did.csv", "truth.csv", "old_new_hesid.csv"] {
            #expect(try Data(contentsOf: folder.appendingPathComponent("a/\(name)")) == Data(contentsOf: folder.appendingPathComponent("b/\(name)")))
        }
    }
}
