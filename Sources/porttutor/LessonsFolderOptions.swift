import ArgumentParser
import BuiltinLessons
import Foundation
import LessonFiles
import Lessons

/// Where the lessons are read from: `--lessons DIR`, else `$PORTTUTOR_LESSONS`, else the
/// lessons built into porttutor.
struct LessonsFolderOptions: ParsableArguments {
    @Option(name: .customLong("lessons"), help: ArgumentHelp("A folder of lesson files to use instead of the built-in lessons (also PORTTUTOR_LESSONS=DIR).", valueName: "DIR"))
    var lessonsFolder: String?

    /// The teacher's folder and how to name it in messages (as given), or nil for the built-in lessons.
    func locate() -> (url: URL, shown: String)? {
        guard let found = LessonsFolderLocator().locate(option: lessonsFolder) else { return nil }
        switch found.origin {
        case .option: return (found.url, lessonsFolder ?? found.url.path)
        case .environment: return (found.url, ProcessInfo.processInfo.environment["PORTTUTOR_LESSONS"] ?? found.url.path)
        }
    }

    /// How messages name where the lessons came from.
    var shownSource: String {
        locate()?.shown ?? "porttutor's built-in lessons"
    }

    /// The lessons, or every problem printed as `FILE:LINE:COLUMN: message` and a failing exit:
    /// porttutor never starts on an invalid lesson, and never crashes on one.
    func loadCatalog() throws -> LessonCatalog {
        let result: LessonCatalog.LoadResult
        if let (url, shown) = locate() {
            result = LessonCatalog.load(folder: url, displayFolder: shown)
        } else {
            result = LessonCatalog.load(files: .builtin)
        }
        guard result.errors.isEmpty else {
            printError(InvalidLessonsError(diagnostics: result.diagnostics).description)
            throw ExitCode.failure
        }
        return result.catalog
    }
}

extension LessonFileSet {
    /// The lessons and recordings compiled into porttutor, named `builtin:NAME`.
    static var builtin: LessonFileSet {
        LessonFileSet(files: BuiltinLessons.files.map { File(name: $0.name, bytes: $0.bytes) },
                      prefix: BuiltinLessons.scheme)
    }
}
