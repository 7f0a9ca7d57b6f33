import BuiltinLessons
import Foundation
import Testing
@testable import LessonFiles
@testable import Lessons

/// The lessons compiled into porttutor are the package's `Lessons/` folder, byte for byte,
/// and load as a folder does, with messages that name `builtin:FILE`.
@Suite struct BuiltinLessonsTests {
    static var builtin: LessonFileSet {
        LessonFileSet(files: BuiltinLessons.files.map { .init(name: $0.name, bytes: $0.bytes) }, prefix: BuiltinLessons.scheme)
    }

    /// Every file of Lessons/ (a lesson or a recording added by anyone) is built in, unchanged.
    @Test func everyFileOfTheLessonsFolderIsBuiltInByteForByte() throws {
        let folder = TestPaths.shippedLessons
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { name in
            var isDirectory: ObjCBool = false
            return !name.hasPrefix(".") && FileManager.default.fileExists(atPath: folder.appendingPathComponent(name).path, isDirectory: &isDirectory) && !isDirectory.boolValue
        }.sorted()
        #expect(BuiltinLessons.files.map(\.name) == names)
        for name in names {
            let onDisk = try [UInt8](Data(contentsOf: folder.appendingPathComponent(name)))
            #expect(BuiltinLessons.file(named: name)?.bytes == onDisk, "\(name) differs from its built-in copy")
        }
        #expect(names.contains("tls-on-loopback.pcap"), "the recording is built in too")
    }

    @Test func builtInCatalogIsTheFoldersCatalog() throws {
        let builtin = LessonCatalog.load(files: Self.builtin)
        #expect(builtin.errors.isEmpty, "\(builtin.errors.map(\.description))")
        let folder = try LessonCatalog.loadValid(folder: TestPaths.shippedLessons)
        #expect(builtin.catalog.lessons.map(\.id) == folder.lessons.map(\.id))
        #expect(builtin.catalog.lessons.map(\.steps.count) == folder.lessons.map(\.steps.count))
        let withRecording = try #require(builtin.catalog.lessons.first { $0.recording != nil })
        #expect(withRecording.recording?.path == "builtin:tls-on-loopback.pcap")
        #expect(withRecording.sourcePath.hasPrefix("builtin:"))
    }

    /// A mistake in a lesson held in memory is reported as in a file: `builtin:NAME:LINE:COLUMN`.
    @Test func diagnosticsNameTheBuiltInFile() {
        let broken = LessonFileSet(files: [
            .init(name: "01-broken.yaml", bytes: Array("id: broken\ntitle: Broken\nsummary: s\nstepz: []\n".utf8)),
            .init(name: "02-no-recording.yaml", bytes: Array("id: two\ntitle: Two\nsummary: s\nrecording: gone.pcap\nsteps:\n  - id: a\n    title: A\n    text: T\n".utf8)),
            .init(name: "03-latin1.yaml", bytes: [0x69, 0x64, 0x3A, 0x20, 0xE9]),
            .init(name: "notes.txt", bytes: Array("not a lesson".utf8)),
        ], prefix: "builtin:")
        let report = LessonLinter.lint(files: broken)
        let lines = report.errors.map(\.description)
        #expect(report.fileCount == 3, "only *.yaml files are lessons")
        #expect(lines.contains { $0.hasPrefix("builtin:01-broken.yaml:4:1: ") && $0.contains("stepz") }, "\(lines)")
        #expect(lines.contains { $0.hasPrefix("builtin:02-no-recording.yaml:4:12: recording 'gone.pcap' not found") }, "\(lines)")
        #expect(lines.contains("builtin:03-latin1.yaml:1:1: this file is not UTF-8 text; save it as UTF-8"), "\(lines)")
    }

    /// `porttutor lessons export` writes the files as they are, and can tell what is already there.
    @Test func exportWritesEveryFileAndSeesExistingOnes() throws {
        let folder = try TestPaths.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let target = folder.appendingPathComponent("mine")
        #expect(Self.builtin.existing(in: target).isEmpty)
        try Self.builtin.write(to: target)
        let exported = try LessonCatalog.loadValid(folder: target)
        #expect(exported.lessons.count == LessonCatalog.load(files: Self.builtin).catalog.lessons.count)
        #expect(Self.builtin.existing(in: target).sorted() == BuiltinLessons.files.map(\.name).sorted())
    }
}
