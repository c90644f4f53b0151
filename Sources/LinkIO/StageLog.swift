import Foundation
import Kernels
#if canImport(Glibc)
import Glibc
#endif

/// Wall time and memory per named stage of a command (read, index, compare, EM, score, write), for
/// the console and `timings.json`, never for deterministic outputs.
///
/// Stages nest: a stage timed inside another is listed after it with `depth + 1`. Each stage records
/// the process's peak resident set when it ended (`VmHWM`, which only grows): the stage where the
/// figure jumps is the one that set the peak. The peak is never reset, so `/usr/bin/time` and the
/// log agree. Stages run in sequence (work inside a stage may be parallel); the list is behind a lock
/// (`Locked`), so a log may be passed to any thread.
///
/// An observer (`StageObserver`) is told of each stage as it starts and ends: the progress display
/// of long commands. A stage may count its work (`time(_:counting:of:_:)`: bytes read, rows
/// compared) for that display; the counts reach no output.
public final class StageLog: Sendable {
    public struct Stage: Sendable, Equatable {
        public var name: String
        public var depth: Int
        public var seconds: Double
        /// The process's peak resident set when the stage ended, in bytes (0 where unknown).
        public var peakBytes: Int
    }

    /// The stages so far, and the names of those running (outermost first).
    private let state = Locked((stages: [Stage](), open: [String](), finished: false))
    /// Told of each stage as it starts and ends (progress on stderr); nil for none.
    private let observer: (any StageObserver)?
    private let created = DispatchTime.now().uptimeNanoseconds

    public init(observer: (any StageObserver)? = nil) {
        self.observer = observer
    }

    /// The stages timed so far, in the order they started.
    public var stages: [Stage] { state.withLock { $0.stages } }

    /// Runs `body` as the stage `name`.
    public func time<T>(_ name: String, _ body: () throws -> T) rethrows -> T {
        try timed(name, counter: nil) { try body() }
    }

    /// Runs `body` as the stage `name`, which does `total` of `unit` of work: `body` adds what it
    /// finishes to the counter it is given (per chunk), for the progress display only.
    public func time<T>(_ name: String, counting total: Int, of unit: WorkUnit, _ body: (WorkCounter) throws -> T) rethrows -> T {
        let counter = WorkCounter(total: total, unit: unit)
        return try timed(name, counter: counter) { try body(counter) }
    }

    private func timed<T>(_ name: String, counter: WorkCounter?, _ body: () throws -> T) rethrows -> T {
        let (index, path) = state.withLock { state in
            state.stages.append(Stage(name: name, depth: state.open.count, seconds: 0, peakBytes: 0))
            state.open.append(name)
            return (state.stages.count - 1, state.open)
        }
        observer?.stageStarted(path, counter: counter)
        let start = DispatchTime.now().uptimeNanoseconds
        func end(failed: Bool) {
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            let peak = ProcessMemory.peakBytes()
            state.withLock { state in
                // The last open stage of this name: a stage timed on a worker beside the main thread's
                // ("changes" beside the link file) may end out of order.
                if let open = state.open.lastIndex(of: name) { state.open.remove(at: open) }
                state.stages[index].seconds = seconds
                state.stages[index].peakBytes = peak
            }
            observer?.stageEnded(path, seconds: seconds, counter: counter, failed: failed)
        }
        do {
            let value = try body()
            end(failed: false)
            return value
        } catch {
            end(failed: true)
            throw error
        }
    }

    /// Records a stage done in pieces inside the open stage (a streamed run times each chunk's
    /// parse, link and write, and lists each kind once): its total `seconds`, the peak as it is now,
    /// and, for the observer, the work it did (`done` of `unit`). The observer is told of it as a
    /// stage that started and ended at once.
    public func add(_ name: String, seconds: Double, done: Int? = nil, of unit: WorkUnit = .bytes) {
        let peak = ProcessMemory.peakBytes()
        let path = state.withLock { state in
            state.stages.append(Stage(name: name, depth: state.open.count, seconds: seconds, peakBytes: peak))
            return state.open + [name]
        }
        let counter = done.map { done in
            let counter = WorkCounter(total: done, unit: unit)
            counter.add(done)
            return counter
        }
        observer?.stageStarted(path, counter: counter)
        observer?.stageEnded(path, seconds: seconds, counter: counter, failed: false)
    }

    /// Says the command's stages are over, so that a progress display ends its line: `succeeded`
    /// false when the command stops on an error (call it from a `defer`: only the first call counts).
    public func finish(succeeded: Bool = false) {
        let first = state.withLock { state in
            defer { state.finished = true }
            return !state.finished
        }
        guard first else { return }
        observer?.finished(succeeded: succeeded, seconds: Double(DispatchTime.now().uptimeNanoseconds - created) / 1e9)
    }

    /// The process's peak when the last stage ended.
    public var peakBytes: Int { stages.map(\.peakBytes).max() ?? 0 }

    /// `read DID 0.41 s 0.10 GB, read HES 5.69 s 1.80 GB (parse, standardise 3.10 s 1.20 GB, …), …`: time,
    /// then the peak so far.
    public var line: String {
        let stages = self.stages
        var text = ""
        var depth = 0
        for (position, stage) in stages.enumerated() {
            if stage.depth > depth {
                text += " ("
            } else {
                text += String(repeating: ")", count: depth - stage.depth)
                if position > 0 { text += ", " }
            }
            depth = stage.depth
            text += "\(stage.name) \(String(format: "%.2f", stage.seconds)) s \(Self.gigabytes(stage.peakBytes))"
        }
        return text + String(repeating: ")", count: depth)
    }

    /// `{"stages": [{"name", "depth", "seconds", "peakBytes"}, …], "peakBytes": …}`.
    public var json: JSON {
        let stages = self.stages
        return .object([
            "stages": .array(stages.map { stage in
                .object(["name": .string(stage.name), "depth": .number(Double(stage.depth)),
                         "seconds": .number((stage.seconds * 1000).rounded() / 1000), "peakBytes": .number(Double(stage.peakBytes))])
            }),
            "peakBytes": .number(Double(peakBytes)),
        ])
    }

    static func gigabytes(_ bytes: Int) -> String { String(format: "%.2f GB", Double(bytes) / 1e9) }
}

/// This process's resident memory, from Linux `/proc/self/status` (0 elsewhere).
public enum ProcessMemory {
    /// Peak resident set since the process started or the last `resetPeak` (`VmHWM`), in bytes.
    public static func peakBytes() -> Int { statusField("VmHWM:") }

    /// Hands memory freed inside the heap back to the system (glibc keeps it otherwise: many small
    /// buffers freed after a load would stay resident and raise every later peak).
    public static func releaseFreed() {
        #if canImport(Glibc)
        // `malloc_trim` is glibc's (malloc.h, which the Glibc module leaves out): looked up by name.
        typealias Trim = @convention(c) (Int) -> Int32
        if let symbol = dlsym(nil, "malloc_trim") {  // a nil handle is RTLD_DEFAULT: every loaded object
            _ = unsafeBitCast(symbol, to: Trim.self)(0)
        }
        #endif
    }

    /// Resets the peak to the current resident set; false where the kernel does not allow it. This
    /// also resets what `/usr/bin/time` reports: only for benchmarks that say so.
    @discardableResult
    public static func resetPeak() -> Bool {
        guard let handle = FileHandle(forWritingAtPath: "/proc/self/clear_refs") else { return false }
        defer { try? handle.close() }
        return (try? handle.write(contentsOf: Data("5".utf8))) != nil
    }

    private static func statusField(_ prefix: String) -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix(prefix) {
            // "VmHWM:\t  123456 kB": a tab, then spaces only while the number is short.
            let digits = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).dropFirst().first.flatMap { Int($0) } ?? 0
            return digits * 1024
        }
        return 0
    }
}
