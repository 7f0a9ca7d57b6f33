import ArgumentParser

/// Prints the lessons found in the lessons folder.
struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the lessons.")
    @OptionGroup var lessonsOptions: LessonsFolderOptions
    func run() throws { print("(the Lessons issue fills this in)") }
}
