import Fellegi
import Kernels

/// Reads a command's typed options from its parsed arguments and keeps every problem it finds: a
/// command builds its `Options` value with one reader (as swift-argument-parser's `validate()`), and
/// `check()` then throws them all as one `UsageError`, before the command reads or writes any file.
///
/// A value that is missing or wrong reads as a placeholder (nil, the default, ""), so that reading
/// goes on and later problems are found too; the placeholder is never used, since `check()` throws.
struct OptionReader {
    let arguments: ParsedArguments
    private(set) var problems: [String]

    /// Starts with the required options the command line lacks.
    init(_ arguments: ParsedArguments) {
        self.arguments = arguments
        problems = arguments.missingRequired.map { "missing required option '--\($0)'" }
    }

    /// Records a problem (one line of the usage error).
    mutating func problem(_ message: String) { problems.append(message) }

    /// Throws every problem found, in the order found.
    func check() throws {
        if !problems.isEmpty { throw UsageError(messages: problems) }
    }

    func string(_ name: String) -> String? { arguments.string(name) }

    func strings(_ name: String) -> [String] { arguments.strings(name) }

    func flag(_ name: String) -> Bool { arguments.flag(name) }

    func positional(_ index: Int) -> String? { arguments.positional(index) }

    /// `--name` as the user wrote it, for messages.
    func spelling(_ name: String) -> String { arguments.spelling(name) }

    /// A required option's value; "" when it is missing (already a problem).
    func required(_ name: String) -> String { arguments.string(name) ?? "" }

    /// An option that this command needs only sometimes (so the spec does not mark it required).
    mutating func require(_ name: String) -> String {
        guard let value = arguments.string(name) else {
            problem("missing required option '--\(name)'")
            return ""
        }
        return value
    }

    /// `--name` as an integer in `range` (`_` may group digits), or nil when absent or wrong.
    mutating func int<Integer: FixedWidthInteger>(_ name: String, in range: ClosedRange<Integer>) -> Integer? {
        guard let text = arguments.string(name) else { return nil }
        guard let value = Integer(text.replacingOccurrences(of: "_", with: "")), range.contains(value) else {
            problem("option '\(spelling(name))' expects an integer in \(range.lowerBound)...\(range.upperBound)")
            return nil
        }
        return value
    }

    /// `--name` as an integer in `range`, or `defaultValue` when absent (or wrong).
    mutating func int(_ name: String, default defaultValue: Int, in range: ClosedRange<Int>) -> Int {
        int(name, in: range) ?? defaultValue
    }

    /// `--name` as a finite real number, or nil when absent or wrong.
    mutating func double(_ name: String) -> Double? {
        guard let text = arguments.string(name) else { return nil }
        guard let value = Double(text), value.isFinite else {
            problem("option '\(spelling(name))' expects a number")
            return nil
        }
        return value
    }

    /// Worker threads from `--threads` (1...1024), default all cores.
    mutating func threads() -> Int { threadsIfGiven() ?? ParallelChunks.defaultThreads }

    /// Worker threads from `--threads` (1...1024), nil when not given (the callee's default).
    mutating func threadsIfGiven() -> Int? { int("threads", in: 1...1024) }
}
