import Foundation

/// Where the tests write files: one root folder per test process, removed when the process exits,
/// so that a test run leaves nothing behind in the temporary directory (runs used to leave hundreds
/// of folders each there: 6,000 folders and 2.2 GB over a few weeks).
public enum TestFolders {
    /// `linkfit-tests-<pid>` in the temporary directory, made empty on first use.
    public static let root: URL = {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("linkfit-tests-\(ProcessInfo.processInfo.processIdentifier)")
        try? FileManager.default.removeItem(at: url)
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(at: TestFolders.root) }
        return url
    }()

    /// A new empty folder `label-UUID` under `root`.
    public static func make(_ label: String) -> URL {
        let url = root.appendingPathComponent("\(label)-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
