import Foundation

/// Writes whole text files atomically: a temporary file in the same folder, then a rename, so a
/// failed run never leaves a half-written output. The temporary is `.<name>.<pid>.<UUID>.tmp`,
/// registered for removal on an interruption (`TemporaryPaths`); stale ones of the same name (their
/// process has ended) are removed first (`TemporaryName`).
package enum AtomicFile {
    package static func write(_ text: String, to url: URL, permissions: Int = 0o644) throws {
        let folder = url.deletingLastPathComponent()
        TemporaryName.removeStale(in: folder, of: url.lastPathComponent, suffixes: ["tmp"])
        let temporary = folder.appendingPathComponent(TemporaryName.make(for: url.lastPathComponent, suffix: "tmp"))
        let created = TemporaryPaths.critical { paths -> Bool in
            guard FileManager.default.createFile(atPath: temporary.path, contents: Data(text.utf8),
                                                 attributes: [.posixPermissions: permissions]) else { return false }
            paths.insert(temporary.path)
            return true
        }
        guard created else { throw OutputError(path: url.path, reason: "cannot create a file in \(folder.path)") }
        defer { TemporaryPaths.forget(temporary.path) }
        if rename(temporary.path, url.path) != 0 {
            try? FileManager.default.removeItem(at: temporary)
            throw OutputError(path: url.path, reason: "cannot move the finished file into place")
        }
    }
}
