import Comparators
import Testing

/// A table row for a parse: input text → value or missing reason, with a readable id.
struct ParseCase<Value: Sendable & Equatable>: Sendable, CustomTestStringConvertible {
    var id: String
    var input: String
    var expected: Standardised<Value>
    var testDescription: String { id }

    init(_ id: String, _ input: String, _ expected: Standardised<Value>) {
        self.id = id
        self.input = input
        self.expected = expected
    }
}

/// A table row for a comparison: (left, right) → (level, label), with a readable id.
struct LevelCase: Sendable, CustomTestStringConvertible {
    var id: String
    var left: String
    var right: String
    var level: Int
    var label: String
    var testDescription: String { id }

    init(_ id: String, _ left: String, _ right: String, _ level: Int, _ label: String) {
        self.id = id
        self.left = left
        self.right = right
        self.level = level
        self.label = label
    }
}

/// The reference date used by date tests: 2024-03-31.
let referenceDate = CalendarDate(days: 19_813)  // 2024-01-01 = 19723 (54 years, 13 leap days: 54·365+13), + 31 + 29 + 31 − 1
