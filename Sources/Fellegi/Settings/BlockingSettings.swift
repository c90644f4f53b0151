import LinkIO

/// Blocking: candidate pairs are the union of pairs agreeing exactly on every key of at least one rule.
public struct BlockingSettings: Sendable, Equatable {
    public var rules: [BlockingRule]
    /// Blocks (right-side rows sharing one key) larger than this are reported and skipped, never
    /// silently exploded into pairs.
    public var maxBlockSize: Int

    public init(rules: [BlockingRule], maxBlockSize: Int = 5_000) {
        self.rules = rules
        self.maxBlockSize = maxBlockSize
    }
}

/// A blocking rule: exact agreement on every key. Null keys never block.
public struct BlockingRule: Sendable, Equatable, CustomStringConvertible {
    public var keys: [BlockingKey]
    public init(_ keys: [BlockingKey]) { self.keys = keys }
    public var description: String { keys.map(\.description).joined(separator: " + ") }
}

/// A standardised field, or part of one: `dob`, `dob.year`, `postcode.district`.
public struct BlockingKey: Sendable, Equatable, CustomStringConvertible {
    public var comparison: String
    public var part: String?
    public init(_ comparison: String, _ part: String? = nil) {
        self.comparison = comparison
        self.part = part
    }
    public init(parsing text: String) {
        let pieces = text.split(separator: ".", maxSplits: 1).map(String.init)
        comparison = pieces.first ?? ""
        part = pieces.count > 1 ? pieces[1] : nil
    }
    public var description: String { part.map { "\(comparison).\($0)" } ?? comparison }
}
