import Comparators

/// Blocking: candidate pairs are the union of pairs agreeing exactly on every key of at least one rule.
package struct BlockingSettings: Sendable, Equatable {
    package var rules: [BlockingRule]
    /// Blocks (right-side rows sharing one key) larger than this are reported and skipped, never
    /// silently exploded into pairs.
    package var maxBlockSize: Int
    /// Rows of one right id used at most (its first, in file order): a default or test HESID with
    /// thousands of rows would otherwise cost every left record that meets it a comparison per row
    /// (quadratic in the id's rows). Ids over the limit and the rows left out are reported.
    package var maxEntityRows: Int

    package init(rules: [BlockingRule], maxBlockSize: Int = 5_000, maxEntityRows: Int = 100) {
        self.rules = rules
        self.maxBlockSize = maxBlockSize
        self.maxEntityRows = maxEntityRows
    }
}

/// A blocking rule: exact agreement on every key. Null keys never block.
package struct BlockingRule: Sendable, Equatable, CustomStringConvertible {
    package var keys: [BlockingKey]
    package init(_ keys: [BlockingKey]) { self.keys = keys }
    package var description: String { keys.map(\.description).joined(separator: " + ") }
}

/// A standardised field, or part of one: `dob`, `dob.year`, `postcode.district`.
///
/// The part is typed: a settings file naming an unknown part, or one the comparison's kind does not
/// have (`ComparisonKind.keyParts`), is a located error when the settings load.
package struct BlockingKey: Sendable, Equatable, CustomStringConvertible {
    /// The comparison whose standardised value the key uses.
    package var comparison: String
    package var part: ValuePart

    package init(_ comparison: String, _ part: ValuePart = .whole) {
        self.comparison = comparison
        self.part = part
    }

    /// `comparison` or `comparison.part`, as in settings files.
    package var description: String { part == .whole ? comparison : "\(comparison).\(part.rawValue)" }
}
