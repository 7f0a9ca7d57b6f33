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

    @Argument(help: ArgumentHelp("Lesson files or folders (default: the lessons folder).", valueName: "PATH"))
    var paths: [String] = []

    @Flag(name: .customLong("no-warnings"), help: "Print errors only.")
    var hideWarnings = false

    @OptionGroup var lessonsOptions: LessonsFolderOptions

    func run() throws {
        let targets = paths.isEmpty ? [try lessonsOptions.locate().shown] : paths
        let report = LessonLinter.lint(paths: targets)
        for diagnostic in report.diagnostics where diagnostic.isError || !hideWarnings {
            Console.out(diagnostic.description)
        }
        printError(report.summary)
        if !report.isValid { throw ExitCode.failure }
    }
}
