import Foundation
import Testing
@testable import Runtime

/// The folder porttutor owns for a run, where a lesson's files go.
@Suite struct SessionFolderTests {
    func base(_ name: String = #function) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("porttutor-sf-\(getpid())-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func itIsPrivateAndGoesWhenEmpty() throws {
        let base = try base()
        defer { try? FileManager.default.removeItem(atPath: base) }
        let folder = try #require(SessionFolder(environment: ["TMPDIR": base + "/"]))
        #expect(folder.path.hasPrefix(base + "/porttutor-session-\(getpid())-"))
        let permissions = try FileManager.default.attributesOfItem(atPath: folder.path)[.posixPermissions] as? Int
        #expect(permissions == 0o700)
        #expect(folder.removeIfEmpty())
        #expect(!FileManager.default.fileExists(atPath: folder.path))
    }

    @Test func aFileKeepsItAndAKilledRunsEmptyFolderIsCleared() throws {
        let base = try base()
        defer { try? FileManager.default.removeItem(atPath: base) }
        let folder = try #require(SessionFolder(environment: ["TMPDIR": base]))
        try Data("x".utf8).write(to: URL(fileURLWithPath: folder.path + "/chat.pcap"))
        #expect(!folder.removeIfEmpty(), "a lesson's file is kept")
        // A run that was killed: its pid is gone (pid_max is below 2^22 + 1 on Linux).
        let abandoned = base + "/porttutor-session-4194305-abcdef"
        let living = base + "/porttutor-session-\(getpid())-ghijkl"
        let unrelated = base + "/porttutor-session-notes"
        for path in [abandoned, living, unrelated] { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false) }
        _ = SessionFolder(environment: ["TMPDIR": base])
        #expect(!FileManager.default.fileExists(atPath: abandoned))
        #expect(FileManager.default.fileExists(atPath: living))
        #expect(FileManager.default.fileExists(atPath: unrelated))
        #expect(FileManager.default.fileExists(atPath: folder.path + "/chat.pcap"))
    }
}
