import ArgumentParser
import LessonFiles
import Lessons

/// Forgets saved progress, for one lesson or all of them.
struct ResetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reset",
        abstract: "Forget your progress in one lesson, or in all of them."
    )

    @Argument(help: "The lesson to reset: its id, number, or the start or a word of its name or title.")
    var lesson: String?

    @Flag(help: "Reset every lesson.")
    var all = false

    @OptionGroup var lessonsOptions: LessonsFolderOptions

    func validate() throws {
        if lesson == nil && !all {
            throw ValidationError("Say what to reset: `porttutor reset LESSON` for one lesson, or `porttutor reset --all`.")
        }
        if lesson != nil && all {
            throw ValidationError("Give a lesson or --all, not both.")
        }
    }

    func run() throws {
        let store = ProgressStore(directory: ProgressStore.defaultDirectory())
        var lessonID: String?
        if let lesson {
            let catalog = try lessonsOptions.loadCatalog()
            do {
                let match = try catalog.find(lesson)
                if let explanation = match.explanation(for: lesson, action: "resetting") { printError(explanation) }
                lessonID = match.lesson.id
            } catch {
                printError(error.description)
                throw ExitCode.failure
            }
        }
        do {
            let loaded = try store.reset(lessonID: lessonID)
            if let warning = loaded.warning { printError("warning: \(warning)") }
        } catch {
            printError(error.description)
            throw ExitCode.failure
        }
        Console.out(lessonID.map { "Progress in \($0) forgotten." } ?? "All progress forgotten.")
    }
}
