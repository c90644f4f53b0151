import Foundation

/// Writes whole text files atomically: a temporary file in the same folder, then a rename, so a
/// failed run never leaves a half-written output.
package enum AtomicFile {
    package static func write(_ text: String, to url: URL, permissions: Int = 0o644) throws {
        let folder = url.deletingLastPathComponent()
        let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp")
        guard FileManager.default.createFile(atPath: temporary.path, contents: Data(text.utf8),
                                             attributes: [.posixPermissions: permissions])
        else { throw OutputError(path: url.path, reason: "cannot create a file in \(folder.path)") }
        if rename(temporary.path, url.path) != 0 {
            try? FileManager.default.removeItem(at: temporary)
            throw OutputError(path: url.path, reason: "cannot move the finished file into place")
        }
    }
}
