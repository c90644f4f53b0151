import Foundation

/// An output folder that changes as a unit: every file goes into a staging folder beside the target
/// (same parent, so the same file system), and `commit()` switches the staging folder in.
///
/// The switch: when the target does not exist, one `rename(2)`. When it does, one
/// `renameat2(RENAME_EXCHANGE)` swaps the two folders (the target name is never missing), and the
/// previous release, now under the staging name, is removed. Where the file system cannot exchange,
/// the target is renamed to `.<name>.<pid>.<UUID>.old`, the staging folder to the target, and the old
/// folder removed: between those two renames (microseconds) the target name is absent, and a crash
/// there leaves the previous release complete under the `.old` name, which the next `StagedFolder`
/// for that target renames back before anything else.
///
/// Until `commit()` the target is untouched. A staging folder not committed (an error, or an
/// interruption: it is registered in `TemporaryPaths`) is removed; one left by a killed process is
/// stale (`TemporaryName`) and removed by the next `StagedFolder` for the same target.
///
/// An existing target is replaced whole, so it must hold only what the command writes there:
/// `replaceable` says which names those are (their hidden temporaries are accepted too). Anything
/// else (the user's own files, a folder) is refused before any work, and the target is left alone.
package final class StagedFolder {
    /// The folder the outputs are for, as the user will find it (symbolic links resolved).
    package let target: URL
    /// Where to write them until `commit()`.
    package let url: URL
    private let name: String
    private var finished = false
    /// Tests set this to take the two-rename path.
    package var exchanges = true

    /// Checks the target, clears what earlier processes left, and makes the staging folder.
    ///
    /// - Parameters:
    ///   - name: the target as the user named it, for messages.
    ///   - replaceable: true for a name the command writes into the folder.
    /// - Throws: `OutputError` when the target is not a folder, holds entries the command does not
    ///   write, or the staging folder cannot be made.
    package init(target: URL, name: String, replaceable: (String) -> Bool) throws {
        let target = target.standardizedFileURL.resolvingSymlinksInPath()
        self.target = target
        self.name = name
        let parent = target.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        } catch {
            throw OutputError(path: name, reason: "cannot create the folder it goes in")
        }
        try Self.recover(target, in: parent, name: name)
        let mode = try Self.checkReplaceable(target, name: name, replaceable: replaceable)
        url = parent.appendingPathComponent(TemporaryName.make(for: target.lastPathComponent, suffix: "staging"))
        let made = TemporaryPaths.critical { paths -> Bool in
            guard mkdir(url.path, 0o777) == 0 else { return false }
            paths.insert(url.path)
            return true
        }
        guard made else { throw OutputError(path: name, reason: "cannot create a folder beside it (\(String(cString: strerror(errno))))") }
        if let mode { chmod(url.path, mode) }  // keep an existing folder's permissions (e.g. owner-only)
    }

    deinit { abandon() }

    /// Switches the staging folder in as the target (see the type's comment), then removes the
    /// previous release.
    ///
    /// - Throws: `OutputError` when the switch fails; the target then still holds the previous release.
    package func commit() throws {
        precondition(!finished, "commit() after commit() or abandon()")
        let staging = url.path, target = self.target.path
        // Under the lock an interruption waits for the switch to finish: it never cuts between two
        // renames, and it removes the previous release if it comes before that is done below.
        let leftover: String? = try TemporaryPaths.critical { paths in
            let leftover: String?
            do { leftover = try Self.switchIn(staging, as: target, exchanging: exchanges) } catch { throw switchError(error) }
            paths.remove(staging)
            if let leftover { paths.insert(leftover) }
            return leftover
        }
        finished = true
        Self.syncFolder(self.target.deletingLastPathComponent())
        if let leftover {
            try? FileManager.default.removeItem(atPath: leftover)
            TemporaryPaths.forget(leftover)
        }
    }

    /// Puts `staging` at `target`; returns where the previous release now is (to be removed), or nil
    /// when there was none. Throws the errno of a failed rename, the target unchanged.
    private static func switchIn(_ staging: String, as target: String, exchanging: Bool) throws(SwitchFailure) -> String? {
        var info = stat()
        guard lstat(target, &info) == 0 else {
            guard rename(staging, target) == 0 else { throw SwitchFailure(code: errno) }
            return nil
        }
        if exchanging {
            switch RenameExchange.exchange(staging, target) {
            case .exchanged: return staging
            case .failed(let code): throw SwitchFailure(code: code)
            case .unsupported: break
            }
        }
        let targetURL = URL(fileURLWithPath: target)
        let old = targetURL.deletingLastPathComponent().appendingPathComponent(TemporaryName.make(for: targetURL.lastPathComponent, suffix: "old")).path
        guard rename(target, old) == 0 else { throw SwitchFailure(code: errno) }
        guard rename(staging, target) == 0 else {
            let code = errno
            rename(old, target)
            throw SwitchFailure(code: code)
        }
        return old
    }

    private struct SwitchFailure: Error { var code: Int32 }

    /// Removes the staging folder (nothing of it reaches the target). Nothing after `commit()`.
    package func abandon() {
        guard !finished else { return }
        finished = true
        let staging = url.path
        TemporaryPaths.critical { paths in
            try? FileManager.default.removeItem(atPath: staging)
            paths.remove(staging)
        }
    }

    private func switchError(_ error: any Error) -> OutputError {
        let code = (error as? SwitchFailure)?.code ?? EIO
        return OutputError(path: name, reason: "cannot switch the new outputs in (\(String(cString: strerror(code)))); the previous ones are unchanged")
    }

    /// Removes stale staging folders of `target`; puts back a previous release left under an `.old`
    /// name by a crash between the two renames when the target is missing, and removes the others.
    private static func recover(_ target: URL, in parent: URL, name: String) throws {
        let base = target.lastPathComponent
        TemporaryName.removeStale(in: parent, of: base, suffixes: ["staging"])
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: parent.path)) ?? []
        for entry in entries.sorted() where TemporaryName.isStale(entry, of: base, suffix: "old") {
            let old = parent.appendingPathComponent(entry).path
            var info = stat()
            if lstat(target.path, &info) != 0, errno == ENOENT {
                guard rename(old, target.path) == 0 else {
                    throw OutputError(path: name, reason: "is missing and the previous release under \(entry) cannot be put back")
                }
            } else {
                try? FileManager.default.removeItem(atPath: old)
            }
        }
    }

    /// The existing target's permission bits, or nil when there is none.
    ///
    /// - Throws: `OutputError` when it is not a folder or holds an entry `replaceable` refuses.
    private static func checkReplaceable(_ target: URL, name: String, replaceable: (String) -> Bool) throws -> mode_t? {
        var info = stat()
        guard stat(target.path, &info) == 0 else { return nil }
        guard info.st_mode & S_IFMT == S_IFDIR else { throw OutputError(path: name, reason: "exists and is not a folder") }
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: target.path)) ?? []
        let foreign = entries.sorted().filter { entry in
            var isFolder: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: target.appendingPathComponent(entry).path, isDirectory: &isFolder)
            return isFolder.boolValue || !(replaceable(entry) || isTemporaryOfReplaceable(entry, replaceable))
        }
        if let first = foreign.first {
            let others = foreign.count > 1 ? " and \(foreign.count - 1) more" : ""
            throw OutputError(path: name, reason: """
                holds \(first)\(others), which this command does not write; the folder is replaced as a whole, \
                so give a new or empty folder, or one an earlier run of this command wrote
                """)
        }
        return info.st_mode & 0o7777
    }

    /// `.<file>.<…>.tmp` for a file name `replaceable` accepts.
    private static func isTemporaryOfReplaceable(_ entry: String, _ replaceable: (String) -> Bool) -> Bool {
        guard entry.hasPrefix("."), entry.hasSuffix(".tmp") else { return false }
        let core = entry.dropFirst().dropLast(4)
        var index = core.startIndex
        while let dot = core[index...].firstIndex(of: ".") {
            if dot > core.startIndex, replaceable(String(core[..<dot])) { return true }
            index = core.index(after: dot)
        }
        return false
    }

    /// `fsync(2)` on a folder, so that the renames in it are on disk.
    private static func syncFolder(_ folder: URL) {
        let descriptor = open(folder.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        fsync(descriptor)
        close(descriptor)
    }
}
