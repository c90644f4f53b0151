import Synchronization

/// What a stage counts: bytes of a file, or items named by a plural noun (`rows`, `pairs`, `sessions`).
public enum WorkUnit: Sendable, Equatable {
    case bytes
    case items(String)
}

/// Work done of a known total in one stage, for a progress display: workers add what they finished,
/// one atomic add per chunk of work (never per row), and the display reads it from another thread.
///
/// Nothing that makes an output reads a counter, so counting never changes what a command writes.
public final class WorkCounter: Sendable {
    /// The work the stage will do when it finishes.
    public let total: Int
    public let unit: WorkUnit
    private let counted = Atomic<Int>(0)

    public init(total: Int, unit: WorkUnit) {
        self.total = max(0, total)
        self.unit = unit
    }

    /// Adds `amount` finished since the last call.
    ///
    /// - Complexity: one relaxed atomic add.
    @inline(__always)
    public func add(_ amount: Int) { counted.wrappingAdd(amount, ordering: .relaxed) }

    /// The work finished so far (what `add` summed; relaxed: a display's reading, not a result).
    public var done: Int { counted.load(ordering: .relaxed) }
}
