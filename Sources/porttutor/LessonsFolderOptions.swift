import ArgumentParser
import Foundation
import LessonFiles
import Lessons

/// Where the lessons are read from: `--lessons DIR`, else `$PORTTUTOR_LESSONS`, else the
/// checkout's `Lessons/` (when run from a build folder), else an installed share folder.
struct LessonsFolderOptions: ParsableArguments {
    @Option(name: .customLong("lessons"), help: ArgumentHelp("The folder of lesson files.", valueName: "DIR"))
    var lessonsFolder: String?

    /// The folder, and how to name it in messages (relative to the current folder when inside it).
    func locate() throws -> (url: URL, shown: String) {
        let executable = (Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])).resolvingSymlinksInPath()
        let found: LessonsFolderLocator.Found
        do {
            found = try LessonsFolderLocator(executable: executable).locate(option: lessonsFolder)
        } catch {
            printError(error.description)
            throw ExitCode.failure
        }
        switch found.origin {
        case .option: return (found.url, lessonsFolder ?? found.url.path)
        case .environment: return (found.url, ProcessInfo.processInfo.environment["PORTTUTOR_LESSONS"] ?? found.url.path)
        case .checkout, .installed: return (found.url, Self.relativeToCurrentFolder(found.url))
        }
    }

    /// The lessons, or every problem printed as `FILE:LINE:COLUMN: message` and a failing exit:
    /// porttutor never starts on an invalid lesson, and never crashes on one.
    func loadCatalog() throws -> LessonCatalog {
        let (url, shown) = try locate()
        let result = LessonCatalog.load(folder: url, displayFolder: shown)
        guard result.errors.isEmpty else {
            printError(InvalidLessonsError(diagnostics: result.diagnostics).description)
            throw ExitCode.failure
        }
        return result.catalog
    }

    static func relativeToCurrentFolder(_ url: URL) -> String {
        let current = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).standardizedFileURL.path
        let path = url.standardizedFileURL.path
        if path == current { return "." }
        if path.hasPrefix(current + "/") { return String(path.dropFirst(current.count + 1)) }
        return path
    }
}

