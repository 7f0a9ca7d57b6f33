import ArgumentParser
import Foundation
import LessonFiles
import Lessons

/// Validates lesson files and reports `FILE:LINE:COLUMN: message` diagnostics, like a compiler,
/// so editors and CI can jump to each mistake.
struct LintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Check lesson files for mistakes.",
        discussion: "Prints one FILE:LINE:COLUMN: message line per problem. Exits 0 when every lesson is valid (warnings allowed), 1 otherwise."
    )

    @Argument(help: ArgumentHelp("Lesson files or folders (default: the --lessons folder, else the built-in lessons).", valueName: "PATH"))
    var paths: [String] = []

    @Flag(name: .customLong("no-warnings"), help: "Print errors only.")
    var hideWarnings = false

    @OptionGroup var lessonsOptions: LessonsFolderOptions

    func run() throws {
        let report: LessonLinter.Report
        if !paths.isEmpty {
            report = LessonLinter.lint(paths: paths)
        } else if let folder = lessonsOptions.locate() {
            report = LessonLinter.lint(paths: [folder.shown])
        } else {
            report = LessonLinter.lint(files: .builtin)
        }
        for diagnostic in report.diagnostics where diagnostic.isError || !hideWarnings {
            Console.out(diagnostic.description)
        }
        printError(report.summary)
        if !report.isValid { throw ExitCode.failure }
    }
}
