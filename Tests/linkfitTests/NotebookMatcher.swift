/// Matches a notebook command's expected output against what the command printed (cram / trycmd
/// style), and explains a mismatch as a unified-style diff.
///
/// Expected lines are literal, except:
/// - `...` on its own line matches any number of actual lines (including none);
/// - `[..]` inside a line matches any part of that line (possibly empty);
/// - `[N]` on its own line, as the last expected line, is the exit status (absent means 0).
/// Trailing spaces are ignored on both sides (markdown hides them, editors strip them).
///
/// Matching is one alignment: a shortest edit script between expected and actual lines where a
/// matching pair costs 0, `...` absorbs actual lines at cost 0, and an unmatched line on either side
/// costs 1. The output matches when the cost is 0; otherwise the same alignment prints the diff and
/// tells `bless` which pattern lines (`...`, `[..]`) still hold and may be kept.
///
/// - Complexity: O(e × a) time and memory for e expected and a actual lines.
struct NotebookMatcher: Sendable {
    /// Expected output lines (without the exit-status line).
    var expected: [String]
    /// Expected exit status (from a trailing `[N]`, else 0).
    var expectedStatus: Int32

    /// One step of the alignment, in order.
    enum Step: Equatable, Sendable {
        /// Expected line `e` matches actual line `a`.
        case same(expected: Int, actual: Int)
        /// `...` at expected line `e` absorbs actual lines `range`.
        case skipped(expected: Int, actual: Range<Int>)
        /// Expected line `e` has no counterpart.
        case missing(expected: Int)
        /// Actual line `a` was not expected.
        case extra(actual: Int)
    }

    struct Outcome: Sendable {
        var matches: Bool
        var steps: [Step]
        var expected: [String]
        var actual: [String]
        var expectedStatus: Int32
        var actualStatus: Int32
    }

    /// Reads expected lines as written in a notebook: a trailing `[N]` line is the exit status.
    init(expectedLines: [String]) {
        var lines = expectedLines
        var status: Int32 = 0
        if let last = lines.last, let code = Self.statusLine(last) {
            status = code
            lines.removeLast()
        }
        expected = lines
        expectedStatus = status
    }

    /// `[N]` → N (N a non-negative integer), anything else → nil.
    static func statusLine(_ line: String) -> Int32? {
        let text = trimmedRight(line)
        guard text.hasPrefix("["), text.hasSuffix("]"), text.count >= 3 else { return nil }
        return Int32(text.dropFirst().dropLast())
    }

    static func trimmedRight(_ line: String) -> String {
        var text = Substring(line)
        while let last = text.last, last == " " || last == "\t" || last == "\r" { text.removeLast() }
        return String(text)
    }

    /// Splits captured output into lines; a final newline does not make an empty last line.
    static func lines(of output: String) -> [String] {
        var lines = output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        return lines
    }

    /// True when `pattern` (which may contain `[..]`) matches `line` entirely.
    static func lineMatches(_ pattern: String, _ line: String) -> Bool {
        let pattern = trimmedRight(pattern)
        let line = trimmedRight(line)
        guard pattern.contains("[..]") else { return pattern == line }
        let parts = pattern.components(separatedBy: "[..]")
        guard let first = parts.first, let last = parts.last, line.hasPrefix(first) else { return false }
        var rest = Substring(line.dropFirst(first.count))
        for part in parts.dropFirst().dropLast() where !part.isEmpty {
            guard let found = rest.range(of: part) else { return false }
            rest = rest[found.upperBound...]
        }
        return rest.count >= last.count && rest.hasSuffix(last)
    }

    /// Aligns the expected output with `actual` text and exit status.
    func match(output: String, status: Int32) -> Outcome {
        var expectedLines = expected
        var actualLines = Self.lines(of: output)
        // The exit status takes part in the alignment as a final line, so a wrong status shows in the
        // diff; `...` never absorbs it.
        if expectedStatus != 0 { expectedLines.append("[\(expectedStatus)]") }
        let statusLine = status != 0 ? actualLines.count : -1
        if status != 0 { actualLines.append("[\(status)]") }
        let e = expectedLines.count
        let a = actualLines.count
        let isStatusPattern = { (i: Int) in expectedStatus != 0 && i == e - 1 }
        let isWildcard = { (i: Int) in !isStatusPattern(i) && Self.trimmedRight(expectedLines[i]) == "..." }
        let pairMatches = { (i: Int, j: Int) -> Bool in
            if isStatusPattern(i) || j == statusLine { return isStatusPattern(i) && j == statusLine && expectedStatus == status }
            return Self.lineMatches(expectedLines[i], actualLines[j])
        }
        // cost[i][j]: least cost aligning expected[i...] with actual[j...].
        let infinity = Int.max / 4
        var cost = [[Int]](repeating: [Int](repeating: infinity, count: a + 1), count: e + 1)
        for i in stride(from: e, through: 0, by: -1) {
            for j in stride(from: a, through: 0, by: -1) {
                if i == e {
                    cost[i][j] = a - j
                    continue
                }
                var best = cost[i + 1][j] + (isWildcard(i) ? 0 : 1)
                if j < a {
                    best = min(best, cost[i][j + 1] + (isWildcard(i) && j != statusLine ? 0 : 1))
                    if !isWildcard(i), pairMatches(i, j) { best = min(best, cost[i + 1][j + 1]) }
                }
                cost[i][j] = best
            }
        }
        // Walk the cheapest path, preferring matches, then wildcard absorption.
        var steps: [Step] = []
        var i = 0
        var j = 0
        while i < e || j < a {
            if i < e, j < a, !isWildcard(i), pairMatches(i, j), cost[i][j] == cost[i + 1][j + 1] {
                steps.append(.same(expected: i, actual: j))
                i += 1
                j += 1
            } else if i < e, isWildcard(i) {
                // Absorb only as many lines as the optimum needs, then leave the wildcard.
                var end = j
                while cost[i][end] != cost[i + 1][end], end < a, end != statusLine { end += 1 }
                steps.append(.skipped(expected: i, actual: j..<end))
                i += 1
                j = end
            } else if i < e, cost[i][j] == cost[i + 1][j] + 1 {
                steps.append(.missing(expected: i))
                i += 1
            } else {
                steps.append(.extra(actual: j))
                j += 1
            }
        }
        return Outcome(matches: cost[0][0] == 0, steps: steps, expected: expectedLines, actual: actualLines,
                       expectedStatus: expectedStatus, actualStatus: status)
    }
}

extension NotebookMatcher.Outcome {
    /// A unified-style diff (`-` expected, `+` actual, ` ` context), with hunks of 3 context lines.
    func diff(location: String) -> String {
        var rows: [(mark: Character, text: String)] = []
        for step in steps {
            switch step {
            case .same(let e, _): rows.append((" ", expected[e]))
            case .skipped(let e, _): rows.append((" ", expected[e]))
            case .missing(let e): rows.append(("-", expected[e]))
            case .extra(let a): rows.append(("+", actual[a]))
            }
        }
        let changed = rows.indices.filter { rows[$0].mark != " " }
        var shown = Set<Int>()
        for index in changed { for k in max(0, index - 3)...min(rows.count - 1, index + 3) { shown.insert(k) } }
        var lines = ["--- expected (\(location))", "+++ actual"]
        var previous = -2
        for index in shown.sorted() {
            if index != previous + 1 { lines.append("@@ line \(index + 1) of the aligned output @@") }
            lines.append("\(rows[index].mark)\(rows[index].text)")
            previous = index
        }
        return lines.joined(separator: "\n")
    }

    /// The expected lines to write back when blessing: actual output, keeping each `...` and `[..]`
    /// line that still matches; ends with `[N]` when the command failed.
    var blessed: [String] {
        var lines: [String] = []
        for step in steps {
            switch step {
            case .same(let e, let a):
                lines.append(expected[e].contains("[..]") ? expected[e] : actual[a])
            case .skipped(let e, _):
                lines.append(expected[e])
            case .missing:
                break
            case .extra(let a):
                lines.append(actual[a])
            }
        }
        return lines
    }
}
