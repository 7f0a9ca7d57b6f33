import ArgumentParser
import LessonFiles
import Lessons

/// Prints the lessons in teaching order with the learner's progress in each.
struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the lessons and your progress.",
        discussion: "Open one with `porttutor NAME` (its name, number, or the start or a word of its name or title). Forget progress with `porttutor reset`."
    )

    @OptionGroup var lessonsOptions: LessonsFolderOptions

    func run() throws {
        let catalog = try lessonsOptions.loadCatalog()
        let loaded = ProgressStore(directory: ProgressStore.defaultDirectory()).load()
        if let warning = loaded.warning { printError("warning: \(warning)") }
        let progress = loaded.progress
        let resume = progress.resumePoint(in: catalog)?.lesson.id
        let idWidth = max(6, catalog.lessons.map(\.id.count).max() ?? 0)
        let statuses = catalog.lessons.map { progress.status(of: $0).description }
        let statusWidth = max(8, statuses.map(\.count).max() ?? 0)
        Console.out("   #  " + "LESSON".padded(to: idWidth) + "  " + "PROGRESS".padded(to: statusWidth) + "  TITLE")
        for (index, lesson) in catalog.lessons.enumerated() {
            let marker = lesson.id == resume && progress.lastLesson != nil ? ">" : " "
            let number = String(index + 1).leftPadded(to: 2)
            Console.out(" \(marker)\(number)  \(lesson.id.padded(to: idWidth))  \(statuses[index].padded(to: statusWidth))  \(lesson.title)")
        }
        if progress.lastLesson != nil, let resume {
            Console.out("\n> `porttutor` resumes in \(resume).")
        }
    }
}

extension String {
    func padded(to width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }

    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
