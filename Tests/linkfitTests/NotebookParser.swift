import Foundation

/// A markdown notebook's runnable parts: the commands of its ```` ```console ```` blocks, in order,
/// each with its expected output and where it sits in the file.
///
/// Only blocks whose info string is exactly `console` run (```` ```sh ````, ```` ```json ```` are
/// prose). In a block, a line starting `$ ` is a command; the lines after it, up to the next `$ `
/// line or the end of the block, are its expected output.
struct Notebook: Sendable {
    struct Command: Sendable, Equatable {
        /// The shell command (after `$ `).
        var text: String
        /// 1-based line of the `$ ` line.
        var line: Int
        /// Expected output lines as written (may end with `[N]`).
        var expected: [String]
        /// 0-based indices into the file's lines of the expected output (for rewriting).
        var expectedRange: Range<Int>
    }

    var lines: [String]
    var commands: [Command]
    /// Problems with the notebook's own shape (text before the first command of a block, an
    /// unclosed block), with their 1-based lines.
    var problems: [(line: Int, message: String)]

    init(text: String) {
        lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        commands = []
        problems = []
        var index = 0
        while index < lines.count {
            let line = lines[index]
            guard let fence = Self.fence(line) else {
                index += 1
                continue
            }
            let isConsole = fence.info == "console"
            let opening = index
            index += 1
            var current: Command?
            var closed = false
            while index < lines.count {
                let inner = lines[index]
                if let closing = Self.fence(inner), closing.info.isEmpty, closing.ticks >= fence.ticks {
                    closed = true
                    break
                }
                if isConsole {
                    if inner.hasPrefix("$ ") {
                        if let done = current { commands.append(done) }
                        current = Command(text: String(inner.dropFirst(2)), line: index + 1, expected: [],
                                          expectedRange: (index + 1)..<(index + 1))
                    } else if var command = current {
                        command.expected.append(inner)
                        command.expectedRange = command.expectedRange.lowerBound..<(index + 1)
                        current = command
                    } else if !inner.trimmingCharacters(in: .whitespaces).isEmpty {
                        problems.append((index + 1, "output before the block's first '$ ' command"))
                    }
                }
                index += 1
            }
            if let done = current { commands.append(done) }
            if !closed { problems.append((opening + 1, "code block is never closed")) }
            index += 1
        }
    }

    /// A fence line: three or more backticks and an info string.
    static func fence(_ line: String) -> (ticks: Int, info: String)? {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        let ticks = trimmed.prefix { $0 == "`" }.count
        guard ticks >= 3 else { return nil }
        return (ticks, trimmed.dropFirst(ticks).trimmingCharacters(in: .whitespaces))
    }

    /// The notebook text with each command's expected output replaced (`replacements` by command
    /// index); other lines unchanged.
    func rewritten(_ replacements: [Int: [String]]) -> String {
        var result = lines
        for (index, command) in commands.enumerated().reversed() {
            guard let replacement = replacements[index] else { continue }
            result.replaceSubrange(command.expectedRange, with: replacement)
        }
        return result.joined(separator: "\n")
    }
}
