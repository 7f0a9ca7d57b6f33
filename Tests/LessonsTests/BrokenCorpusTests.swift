import Foundation
import Testing
@testable import LessonFiles
@testable import Lessons

/// Every broken lesson in Fixtures/broken gives exactly the `FILE:LINE:COLUMN: message` lines
/// listed in Fixtures/broken/expected.txt (as `porttutor lint FILE` prints them), and fails lint.
@Suite struct BrokenCorpusTests {
    static let folder = TestPaths.fixtures.appendingPathComponent("broken")

    static var files: [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: folder.path))?.filter { $0.hasSuffix(".yaml") }.sorted() ?? []
    }

    static func expectedLines() throws -> [String] {
        let text = try String(contentsOf: folder.appendingPathComponent("expected.txt"), encoding: .utf8)
        return text.split(separator: "\n").map(String.init)
    }

    @Test func theCorpusIsThere() {
        #expect(Self.files.count >= 18)
    }

    @Test(arguments: BrokenCorpusTests.files)
    func brokenFileGivesExactlyTheExpectedMessages(_ file: String) throws {
        let report = LessonLinter.lint(paths: [file], currentDirectory: Self.folder)
        #expect(!report.isValid, "\(file) should not pass lint")
        let expected = try Self.expectedLines().filter { $0.hasPrefix(file + ":") }
        #expect(!expected.isEmpty, "expected.txt has no line for \(file)")
        #expect(report.diagnostics.map(\.description) == expected)
    }

    @Test func linesHaveTheFileLineColumnShape() throws {
        for line in try Self.expectedLines() {
            let parts = line.split(separator: ":", maxSplits: 3, omittingEmptySubsequences: false)
            #expect(parts.count == 4, "\(line)")
            #expect(Int(parts[1]) != nil && Int(parts[2]) != nil, "\(line)")
            #expect(parts[3].hasPrefix(" "), "\(line)")
        }
    }

    @Test func duplicateLessonIDsAcrossFilesAreReportedAtTheSecondFile() throws {
        let folders = TestPaths.fixtures.appendingPathComponent("folders")
        let report = LessonLinter.lint(paths: ["duplicate-ids"], currentDirectory: folders)
        let expected = try String(contentsOf: folders.appendingPathComponent("duplicate-ids.expected.txt"), encoding: .utf8)
            .split(separator: "\n").map(String.init)
        #expect(report.diagnostics.map(\.description) == expected)
        #expect(!report.isValid)
        #expect(report.lessonCount == 1)
    }

    @Test func twoFilesNamedOnTheCommandLineAreCheckedTogetherForDuplicateIDs() {
        let folders = TestPaths.fixtures.appendingPathComponent("folders")
        let report = LessonLinter.lint(paths: ["duplicate-ids/01-first.yaml", "duplicate-ids/02-second.yaml"], currentDirectory: folders)
        #expect(report.errors.map(\.description) == [
            "duplicate-ids/02-second.yaml:2:1: duplicate lesson id 'ports': it is already used by duplicate-ids/01-first.yaml:1:1; each lesson needs its own id",
        ])
    }

    @Test func missingPathsAreReportedNotCrashed() {
        let report = LessonLinter.lint(paths: ["no/such/folder"], currentDirectory: Self.folder)
        #expect(report.errors.map(\.description) == ["no/such/folder:1:1: no such file or folder"])
    }

    @Test func tutorRefusesInvalidLessonsWithTheSameMessages() throws {
        let folder = try TestPaths.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.copyItem(
            at: Self.folder.appendingPathComponent("unknown-pane.yaml"),
            to: folder.appendingPathComponent("01-unknown-pane.yaml"))
        do {
            _ = try LessonCatalog.loadValid(folder: folder, displayFolder: "lessons")
            Issue.record("an invalid lesson was accepted")
        } catch {
            let lines = error.description.split(separator: "\n").map(String.init)
            #expect(lines.first == "lessons/01-unknown-pane.yaml:8:11: unknown pane 'listner'; did you mean 'listener'? (choose one of: lesson, listener, client, connections, packets)")
            #expect(lines.last == "porttutor cannot use these lessons until these 3 mistakes are fixed (`porttutor lint` checks again), or point --lessons at another folder.")
        }
    }

    /// Whatever the bytes, loading never crashes: every prefix of every fixture and shipped lesson.
    @Test func truncatedLessonFilesNeverCrashTheLoader() throws {
        let shipped = try LessonCatalog.lessonFiles(in: TestPaths.shippedLessons)
        let broken = Self.files.map { Self.folder.appendingPathComponent($0) }
        for url in shipped + broken {
            let text = try String(contentsOf: url, encoding: .utf8)
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            for count in stride(from: 0, through: lines.count, by: 3) {
                let prefix = lines.prefix(count).joined(separator: "\n")
                let result = LessonLoader.load(yaml: prefix, displayPath: url.lastPathComponent, url: url)
                #expect(result.lesson != nil || !result.errors.isEmpty)
            }
        }
    }
}
