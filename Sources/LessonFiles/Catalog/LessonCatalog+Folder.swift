import Foundation
import Lessons

/// Reading a folder of lesson files into a catalog: the file-system side of `LessonCatalog`,
/// kept out of the pure `Lessons` target so the tutor's core cannot touch files.
extension LessonCatalog {
    /// The lessons of a folder and every problem found in its files.
    public struct LoadResult: Sendable {
        public var catalog: LessonCatalog
        public var diagnostics: [Diagnostic]
        public var errors: [Diagnostic] { diagnostics.filter(\.isError) }
    }

    /// The lesson files in `folder`: `*.yaml` and `*.yml`, sorted by name.
    public static func lessonFiles(in folder: URL) throws -> [URL] {
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        return lessonFileNames(names).map { folder.appendingPathComponent($0) }
    }

    /// Which of `names` are lesson files (`*.yaml`, `*.yml`, not hidden), in the order they
    /// are read: by name, numbers compared as numbers (`2-x` before `10-x`).
    public static func lessonFileNames(_ names: [String]) -> [String] {
        names
            .filter { ($0.hasSuffix(".yaml") || $0.hasSuffix(".yml")) && !$0.hasPrefix(".") }
            .sorted { $0.localizedStandardCompare($1) == .orderedAscending }
    }

    /// Loads every lesson file of `folder`. Diagnostics name files as `displayFolder/NAME`
    /// (by default the folder's path as given), so they read like the learner's command line.
    public static func load(folder: URL, displayFolder: String? = nil) -> LoadResult {
        let shownFolder = displayFolder ?? folder.path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            let location = SourceLocation(file: shownFolder, line: 1, column: 1)
            return LoadResult(catalog: LessonCatalog(lessons: []), diagnostics: [Diagnostic(at: location, "no such folder: give the folder that holds the lesson files with --lessons DIR or PORTTUTOR_LESSONS=DIR")])
        }
        let files: [URL]
        do {
            files = try lessonFiles(in: folder)
        } catch {
            let location = SourceLocation(file: shownFolder, line: 1, column: 1)
            return LoadResult(catalog: LessonCatalog(lessons: []), diagnostics: [Diagnostic(at: location, "cannot read the lessons folder: \(error.localizedDescription)")])
        }
        if files.isEmpty {
            let location = SourceLocation(file: shownFolder, line: 1, column: 1)
            return LoadResult(catalog: LessonCatalog(lessons: []), diagnostics: [Diagnostic(at: location, "no lesson files (*.yaml) in this folder")])
        }
        let results = files.map { url in
            LessonLoader.load(url: url, displayPath: Self.join(shownFolder, url.lastPathComponent))
        }
        return assemble(results)
    }

    /// Builds a catalog from loaded files, adding diagnostics for lesson ids used twice.
    public static func assemble(_ results: [LessonLoader.Result]) -> LoadResult {
        var diagnostics = results.flatMap(\.diagnostics)
        var lessons: [Lesson] = []
        var firstByID: [String: Lesson] = [:]
        for lesson in results.compactMap(\.lesson) {
            if let first = firstByID[lesson.id] {
                diagnostics.append(Diagnostic(at: lesson.location, "duplicate lesson id '\(lesson.id)': it is already used by \(first.location); each lesson needs its own id"))
                continue
            }
            firstByID[lesson.id] = lesson
            lessons.append(lesson)
        }
        // Stable: an explicit `order` first (ascending), then the file-name order they came in.
        let ordered = lessons.enumerated().sorted { lhs, rhs in
            switch (lhs.element.order, rhs.element.order) {
            case let (left?, right?) where left != right: return left < right
            case (_?, nil): return true
            case (nil, _?): return false
            default: return lhs.offset < rhs.offset
            }
        }.map(\.element)
        return LoadResult(catalog: LessonCatalog(lessons: ordered), diagnostics: diagnostics.sorted())
    }

    static func join(_ folder: String, _ name: String) -> String {
        if folder.isEmpty || folder == "." { return name }
        if folder.hasSuffix(":") { return folder + name }
        return folder.hasSuffix("/") ? folder + name : folder + "/" + name
    }
}

/// Thrown when lessons cannot be used: the same `FILE:LINE:COLUMN: message` lines lint prints.
public struct InvalidLessonsError: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]

    public init(diagnostics: [Diagnostic]) {
        self.diagnostics = diagnostics
    }

    public var description: String {
        let errors = diagnostics.filter(\.isError)
        return errors.map(\.description).joined(separator: "\n")
            + "\nporttutor cannot use these lessons until \(errors.count == 1 ? "this mistake is" : "these \(errors.count) mistakes are") fixed (`porttutor lint` checks again), or point --lessons at another folder."
    }
}

extension LessonCatalog {
    /// Loads `folder` for the tutor: the catalog when every file is valid, else an error listing every problem.
    public static func loadValid(folder: URL, displayFolder: String? = nil) throws(InvalidLessonsError) -> LessonCatalog {
        let result = load(folder: folder, displayFolder: displayFolder)
        guard result.errors.isEmpty else { throw InvalidLessonsError(diagnostics: result.diagnostics) }
        return result.catalog
    }
}
