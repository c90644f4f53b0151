import Foundation

/// A value behind a lock, for state that threads share: the one `@unchecked Sendable` box the
/// layers above use instead of writing their own (every access goes through `withLock`).
public final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    public init(_ value: Value) { self.value = value }

    /// Runs `body` on the value while holding the lock.
    ///
    /// - Complexity: one lock round-trip plus `body`.
    public func withLock<R, E: Error>(_ body: (inout Value) throws(E) -> R) throws(E) -> R {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
