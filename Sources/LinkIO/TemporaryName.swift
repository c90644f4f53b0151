import Foundation

/// How linkfit names what it writes before switching it into place, and how a later writer
/// recognises what an earlier process left behind.
///
/// A temporary beside `name` is `.<name>.<pid>.<UUID>.<suffix>` (suffix `tmp` for files, `staging`
/// and `old` for folders): hidden, unique, and carrying the id of the process that made it. It is
/// **stale** when that process no longer runs (`kill(pid, 0)` fails with `ESRCH`), or when the name
/// carries no process id (`.links.csv.<UUID>.tmp`, as versions before this one wrote). A process
/// id reused by an unrelated process keeps a stale name until that process ends.
package enum TemporaryName {
    /// A fresh temporary name for `name`.
    package static func make(for name: String, suffix: String) -> String {
        ".\(name).\(getpid()).\(UUID().uuidString).\(suffix)"
    }

    /// True when `entry` is a temporary of `name` with `suffix` (any process, any version).
    package static func isTemporary(_ entry: String, of name: String, suffix: String) -> Bool {
        middle(entry, of: name, suffix: suffix) != nil
    }

    /// True when `entry` is a temporary of `name` whose process has ended (or is unknown).
    package static func isStale(_ entry: String, of name: String, suffix: String) -> Bool {
        guard let middle = middle(entry, of: name, suffix: suffix) else { return false }
        let first = middle.split(separator: ".", maxSplits: 1).first.map(String.init) ?? ""
        guard !first.isEmpty, first.allSatisfy(\.isASCII), first.allSatisfy(\.isNumber), let pid = Int32(first) else {
            return true  // no process id: an older version's name
        }
        if pid == getpid() { return false }
        return kill(pid, 0) != 0 && errno == ESRCH
    }

    /// Removes the stale temporaries of `name` in `folder` (files, or folders with their contents);
    /// returns the entries removed, sorted.
    ///
    /// - Complexity: O(entries in `folder`) plus what is removed.
    @discardableResult
    package static func removeStale(in folder: URL, of name: String, suffixes: [String]) -> [String] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        var removed: [String] = []
        for entry in entries.sorted() where suffixes.contains(where: { isStale(entry, of: name, suffix: $0) }) {
            if (try? FileManager.default.removeItem(at: folder.appendingPathComponent(entry))) != nil { removed.append(entry) }
        }
        return removed
    }

    /// What lies between `.<name>.` and `.<suffix>`, when `entry` has that shape.
    private static func middle(_ entry: String, of name: String, suffix: String) -> Substring? {
        let prefix = ".\(name).", ending = ".\(suffix)"
        guard entry.count > prefix.count + ending.count, entry.hasPrefix(prefix), entry.hasSuffix(ending) else { return nil }
        return entry.dropFirst(prefix.count).dropLast(ending.count)
    }
}
