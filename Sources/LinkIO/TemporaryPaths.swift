import Foundation

/// The temporary files and staging folders this process has started and not yet finished, so that
/// an interrupted run (SIGINT, SIGTERM) can remove them before it exits.
///
/// `CSVWriter`, `AtomicFile` and `StagedFolder` register a path when they create it and forget it
/// once it is renamed into place or removed. Removing a path that has meanwhile been renamed away is
/// harmless (the name no longer exists, or, after a folder exchange, holds the previous release
/// that was about to be removed anyway). A SIGKILL cannot be caught: what it leaves is named with
/// the process id, and the next writer of the same output removes it (`StalePaths`).
package enum TemporaryPaths {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var paths: Set<String> = []

    /// Records `path` (a file, or a folder removed with everything in it).
    package static func register(_ path: String) {
        critical { _ = $0.insert(path) }
    }

    package static func forget(_ path: String) {
        critical { _ = $0.remove(path) }
    }

    /// Runs `body` with the registered paths while no interruption can remove any: a switch of
    /// folders by two renames is never cut between them by the cleanup.
    package static func critical<T>(_ body: (inout Set<String>) throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(&paths)
    }

    /// The paths registered now, sorted (for tests).
    package static var registered: [String] {
        lock.lock()
        defer { lock.unlock() }
        return paths.sorted()
    }

    /// Removes every registered path and forgets them; returns how many existed. Holds the lock
    /// throughout, so no writer registers or renames a path meanwhile.
    ///
    /// - Complexity: O(files under the registered folders).
    @discardableResult
    package static func removeAll() -> Int {
        lock.lock()
        defer { lock.unlock() }
        var removed = 0
        for path in paths {
            if (try? FileManager.default.removeItem(atPath: path)) != nil { removed += 1 }
        }
        paths = []
        return removed
    }
}
