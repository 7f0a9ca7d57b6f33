import ArgumentParser

/// Opens the screen: the guided walkthrough, one lesson, or the projector demo.
struct TutorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tutor",
        abstract: "Start the interactive tutorial (the default)."
    )

    @Argument(help: "The lesson to open: its id, a unique prefix, or a close misspelling.")
    var lesson: String?

    @Flag(help: "Instructor demo mode for a projector.")
    var demo = false

    @OptionGroup var lessonsOptions: LessonsFolderOptions

    func run() throws {
        print("porttutor: the screen arrives with the foundation issue")
    }
}
