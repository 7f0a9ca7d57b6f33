import ArgumentParser
import Foundation
import LessonFiles

/// `porttutor lessons ...`: the built-in lessons as files, for a teacher to start from.
struct LessonsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lessons",
        abstract: "Work with the lessons built into porttutor.",
        subcommands: [LessonsExportCommand.self]
    )
}

/// Writes the built-in lessons and recordings into a folder, to edit and use with `--lessons`.
struct LessonsExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the built-in lessons and recordings into a folder.",
        discussion: """
        A starting point for your own lessons: edit the files, check them with `porttutor lint DIR`, \
        and teach with `porttutor --lessons DIR`. Files already in the folder are left alone unless \
        you add --force. See docs/LESSON-FORMAT.md for the format.
        """
    )

    @Argument(help: ArgumentHelp("The folder to write into (created when missing).", valueName: "DIR"))
    var folder: String

    @Flag(help: "Replace files of the same name already in the folder.")
    var force = false

    func run() throws {
        let files = LessonFileSet.builtin
        let url = URL(fileURLWithPath: folder)
        if !force {
            let existing = files.existing(in: url)
            guard existing.isEmpty else {
                printError("""
                \(folder) already holds \(existing.joined(separator: ", ")): nothing was written, so your edits are safe.
                Export into an empty folder, or add --force to replace these files with the built-in ones.
                """)
                throw ExitCode.failure
            }
        }
        do {
            try files.write(to: url)
        } catch {
            printError("cannot write the lessons into \(folder): \(error.localizedDescription)")
            throw ExitCode.failure
        }
        Console.out("Wrote \(files.files.count) files into \(folder): \(files.files.map(\.name).joined(separator: ", ")).")
        Console.out("Check them with `porttutor lint \(folder)`; teach with `porttutor --lessons \(folder)`.")
    }
}
