import Foundation
import Lessons

/// Lesson files held in memory as a folder holds them on disk: porttutor's built-in lessons
/// and recordings. Messages name a file `prefix + name` (`builtin:01-what-is-a-port.yaml:3:5`),
/// and so does a recording's path, which the capture resolves back to these bytes.
public struct LessonFileSet: Sendable {
    public struct File: Sendable {
        public var name: String
        public var bytes: [UInt8]

        public init(name: String, bytes: [UInt8]) {
            self.name = name
            self.bytes = bytes
        }
    }

    public var files: [File]
    /// Put before each file's name in messages and paths, such as `builtin:`.
    public var prefix: String

    public init(files: [File], prefix: String) {
        self.files = files
        self.prefix = prefix
    }

    /// Each lesson file, loaded as a file of a folder would be.
    public func loadEach() -> [LessonLoader.Result] {
        LessonCatalog.lessonFileNames(files.map(\.name)).compactMap { name in
            guard let file = files.first(where: { $0.name == name }) else { return nil }
            let shown = prefix + name
            return LessonLoader.load(bytes: file.bytes, displayPath: shown, origin: .memory(self, displayPath: shown))
        }
    }

    /// The files of this set that `folder` already holds (by name).
    public func existing(in folder: URL) -> [String] {
        files.map(\.name).filter { FileManager.default.fileExists(atPath: folder.appendingPathComponent($0).path) }
    }

    /// Writes every file into `folder` (created when missing), replacing a file of the same
    /// name: `porttutor lessons export` checks ``existing(in:)`` first unless forced.
    public func write(to folder: URL) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for file in files {
            try Data(file.bytes).write(to: folder.appendingPathComponent(file.name), options: .atomic)
        }
    }
}

extension LessonCatalog {
    /// Loads lessons held in memory (the built-in ones), with the diagnostics a folder gets.
    public static func load(files: LessonFileSet) -> LoadResult {
        let results = files.loadEach()
        if results.isEmpty {
            let location = SourceLocation(file: files.prefix, line: 1, column: 1)
            return LoadResult(catalog: LessonCatalog(lessons: []), diagnostics: [Diagnostic(at: location, "no lesson files (*.yaml) built in")])
        }
        return assemble(results)
    }
}
