import Foundation
import TestSupport
import Testing

@testable import LinkIO

/// An output folder changes as a unit: nothing of a new release is visible before `commit()`, the
/// previous release stays whole until then, and nothing of ours is left beside it afterwards.
@Suite struct StagedFolderTests {
    static let runFiles: Set<String> = ["links.csv", "review.csv", "summary.json"]
    static func replaceable(_ name: String) -> Bool { runFiles.contains(name) }

    /// A fresh parent folder; the target `release` inside it does not exist yet.
    static func parent() throws -> URL {
        let url = TestFolders.root.appendingPathComponent("staged-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func files(_ folder: URL) -> [String: String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        var files: [String: String] = [:]
        for name in names { files[name] = (try? String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)) ?? "?" }
        return files
    }

    static func entries(_ folder: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
    }

    static func writeRelease(_ tag: String, into folder: URL) throws {
        for name in runFiles.sorted() { try "\(tag) \(name)\n".write(to: folder.appendingPathComponent(name), atomically: false, encoding: .utf8) }
    }

    static let previous = ["links.csv": "old links.csv\n", "review.csv": "old review.csv\n", "summary.json": "old summary.json\n"]
    static let new = ["links.csv": "new links.csv\n", "review.csv": "new review.csv\n", "summary.json": "new summary.json\n"]

    @Test func aNewTargetAppearsOnlyAtCommitAndWhole() throws {
        let parent = try Self.parent()
        defer { try? FileManager.default.removeItem(at: parent) }
        let target = parent.appendingPathComponent("release")
        let staged = try StagedFolder(target: target, name: "release", replaceable: Self.replaceable)
        try Self.writeRelease("new", into: staged.url)
        #expect(!FileManager.default.fileExists(atPath: target.path))
        #expect(TemporaryPaths.registered.contains(staged.url.path))
        try staged.commit()
        #expect(Self.files(target) == Self.new)
        #expect(Self.entries(parent) == ["release"])
        #expect(!TemporaryPaths.registered.contains(staged.url.path))
    }

    @Test(arguments: [true, false])
    func anExistingReleaseStaysWholeUntilCommitThenIsReplaced(exchanges: Bool) throws {
        let parent = try Self.parent()
        defer { try? FileManager.default.removeItem(at: parent) }
        let target = parent.appendingPathComponent("release")
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        try Self.writeRelease("old", into: target)
        // A temporary an older version left (no process id in its name) goes with the old release.
        try "partial".write(to: target.appendingPathComponent(".links.csv.\(UUID().uuidString).tmp"), atomically: false, encoding: .utf8)
        let staged = try StagedFolder(target: target, name: "release", replaceable: Self.replaceable)
        staged.exchanges = exchanges
        try Self.writeRelease("new", into: staged.url)
        #expect(Self.files(target).filter { !$0.key.hasPrefix(".") } == Self.previous)
        try staged.commit()
        #expect(Self.files(target) == Self.new)
        #expect(Self.entries(parent) == ["release"])
        let mode = try FileManager.default.attributesOfItem(atPath: target.path)[.posixPermissions] as? NSNumber
        #expect(mode?.intValue == 0o700, "the folder keeps its owner-only permissions")
    }

    @Test func anAbandonedStagingFolderLeavesNothingAndTheTargetUntouched() throws {
        let parent = try Self.parent()
        defer { try? FileManager.default.removeItem(at: parent) }
        let target = parent.appendingPathComponent("release")
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: false)
        try Self.writeRelease("old", into: target)
        do {
            let staged = try StagedFolder(target: target, name: "release", replaceable: Self.replaceable)
            try Self.writeRelease("new", into: staged.url)
            #expect(Self.entries(parent).count == 2)
        }
        #expect(Self.entries(parent) == ["release"])
        #expect(Self.files(target) == Self.previous)
    }

    @Test func aFolderHoldingOtherFilesIsRefusedBeforeAnything() throws {
        let parent = try Self.parent()
        defer { try? FileManager.default.removeItem(at: parent) }
        let target = parent.appendingPathComponent("data")
        try FileManager.default.createDirectory(at: target.appendingPathComponent("sub"), withIntermediateDirectories: true)
        try "x".write(to: target.appendingPathComponent("did.csv"), atomically: false, encoding: .utf8)
        try "x".write(to: target.appendingPathComponent("links.csv"), atomically: false, encoding: .utf8)
        #expect(throws: OutputError(path: "data", reason: """
            holds did.csv and 1 more, which this command does not write; the folder is replaced as a whole, \
            so give a new or empty folder, or one an earlier run of this command wrote
            """)) {
            _ = try StagedFolder(target: target, name: "data", replaceable: Self.replaceable)
        }
        #expect(Self.entries(target) == ["did.csv", "links.csv", "sub"])
        #expect(Self.entries(parent) == ["data"])
    }

    @Test func aFileInThePlaceOfTheFolderIsRefused() throws {
        let parent = try Self.parent()
        defer { try? FileManager.default.removeItem(at: parent) }
        let target = parent.appendingPathComponent("release")
        try "x".write(to: target, atomically: false, encoding: .utf8)
        #expect(throws: OutputError(path: "release", reason: "exists and is not a folder")) {
            _ = try StagedFolder(target: target, name: "release", replaceable: Self.replaceable)
        }
    }

    /// A process id no process has (above Linux's largest pid_max, 2²²).
    static let deadPID = "2147483646"

    @Test func whatAKilledProcessLeftIsClearedByTheNextStagedFolder() throws {
        let parent = try Self.parent()
        defer { try? FileManager.default.removeItem(at: parent) }
        let target = parent.appendingPathComponent("release")
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: false)
        try Self.writeRelease("old", into: target)
        let staleStaging = parent.appendingPathComponent(".release.\(Self.deadPID).\(UUID().uuidString).staging")
        try FileManager.default.createDirectory(at: staleStaging, withIntermediateDirectories: false)
        try Self.writeRelease("half", into: staleStaging)
        let staleOld = parent.appendingPathComponent(".release.\(Self.deadPID).\(UUID().uuidString).old")
        try FileManager.default.createDirectory(at: staleOld, withIntermediateDirectories: false)
        // Someone else's folder with a similar name is left alone.
        let other = parent.appendingPathComponent(".release-notes")
        try FileManager.default.createDirectory(at: other, withIntermediateDirectories: false)
        let staged = try StagedFolder(target: target, name: "release", replaceable: Self.replaceable)
        #expect(Self.entries(parent) == [".release-notes", staged.url.lastPathComponent, "release"].sorted())
        try staged.commit()
        #expect(Self.entries(parent) == [".release-notes", "release"])
    }

    @Test func aPreviousReleaseLeftBetweenTheTwoRenamesIsPutBack() throws {
        let parent = try Self.parent()
        defer { try? FileManager.default.removeItem(at: parent) }
        let target = parent.appendingPathComponent("release")
        let old = parent.appendingPathComponent(".release.\(Self.deadPID).\(UUID().uuidString).old")
        try FileManager.default.createDirectory(at: old, withIntermediateDirectories: false)
        try Self.writeRelease("old", into: old)
        let staged = try StagedFolder(target: target, name: "release", replaceable: Self.replaceable)
        #expect(Self.files(target) == Self.previous, "the previous release is back before any work")
        staged.abandon()
        #expect(Self.entries(parent) == ["release"])
    }
}

@Suite struct TemporaryNameTests {
    @Test func aNameCarriesTheProcessAndIsStaleOnlyWhenThatProcessHasEnded() {
        let mine = TemporaryName.make(for: "links.csv", suffix: "tmp")
        #expect(mine.hasPrefix(".links.csv.\(getpid())."))
        #expect(mine.hasSuffix(".tmp"))
        #expect(TemporaryName.isTemporary(mine, of: "links.csv", suffix: "tmp"))
        #expect(!TemporaryName.isStale(mine, of: "links.csv", suffix: "tmp"))
        #expect(!TemporaryName.isStale(".links.csv.1.\(UUID().uuidString).tmp", of: "links.csv", suffix: "tmp"), "pid 1 runs")
        #expect(TemporaryName.isStale(".links.csv.2147483646.\(UUID().uuidString).tmp", of: "links.csv", suffix: "tmp"))
        #expect(TemporaryName.isStale(".links.csv.\(UUID().uuidString).tmp", of: "links.csv", suffix: "tmp"), "older versions' names")
        #expect(TemporaryName.isStale(".summary.json.2147483646.tmp", of: "summary.json", suffix: "tmp"))
        #expect(!TemporaryName.isStale(".links.csv.2147483646.x.tmp", of: "review.csv", suffix: "tmp"))
        #expect(!TemporaryName.isStale("links.csv", of: "links.csv", suffix: "tmp"))
        #expect(!TemporaryName.isStale(".links.csv..tmp", of: "links.csv", suffix: "tmp"))
    }

    @Test func writersRemoveStaleTemporariesOfTheirOwnFileOnly() throws {
        let folder = try StagedFolderTests.parent()
        defer { try? FileManager.default.removeItem(at: folder) }
        let stale = [".links.csv.2147483646.\(UUID().uuidString).tmp", ".links.csv.\(UUID().uuidString).tmp",
                     ".summary.json.2147483646.tmp"]
        let kept = [".links.csv.1.\(UUID().uuidString).tmp", ".review.csv.2147483646.\(UUID().uuidString).tmp"]
        for name in stale + kept { try "x".write(to: folder.appendingPathComponent(name), atomically: false, encoding: .utf8) }
        let writer = try CSVWriter(url: folder.appendingPathComponent("links.csv"), header: ["A"])
        #expect(TemporaryPaths.registered.contains { $0.hasPrefix(folder.path + "/.links.csv.\(getpid()).") })
        try writer.commit()
        #expect(!TemporaryPaths.registered.contains { $0.hasPrefix(folder.path + "/") })
        try AtomicFile.write("{}", to: folder.appendingPathComponent("summary.json"))
        #expect(StagedFolderTests.entries(folder) == (kept + ["links.csv", "summary.json"]).sorted())
    }
}
