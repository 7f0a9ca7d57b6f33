import ArgumentParser
import LessonFiles
import Lessons
import SafeText
import Tutor

/// Prints the lessons in teaching order with the learner's progress in each.
struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the lessons and your progress.",
        discussion: "Open one with `porttutor NAME` (its name, number, or the start or a word of its name or title). Forget progress with `porttutor reset`."
    )

    @Option(name: .customLong("recap"), help: ArgumentHelp("Show a lesson's recap again: what you did, the commands, the idea to keep.", valueName: "LESSON"))
    var recapOf: String?

    @OptionGroup var lessonsOptions: LessonsFolderOptions

    func run() throws {
        let catalog = try lessonsOptions.loadCatalog()
        if let recapOf {
            try showRecap(of: recapOf, in: catalog)
            return
        }
        let loaded = ProgressStore(directory: ProgressStore.defaultDirectory()).load()
        if let warning = loaded.warning { printError("warning: \(warning)") }
        let progress = loaded.progress
        let resume = progress.resumePoint(in: catalog)?.lesson.id
        let idWidth = max(6, catalog.lessons.map(\.id.count).max() ?? 0)
        let statuses = catalog.lessons.map { progress.status(of: $0).description }
        let statusWidth = max(8, statuses.map(\.count).max() ?? 0)
        Console.out("   #   " + "LESSON".padded(to: idWidth) + "  " + "PROGRESS".padded(to: statusWidth) + "  TITLE")
        let titleColumn = 7 + idWidth + 2 + statusWidth + 2
        for (index, lesson) in catalog.lessons.enumerated() {
            let marker = lesson.id == resume && progress.lastLesson != nil ? ">" : " "
            let number = String(index + 1).leftPadded(to: 2)
            let lab = lesson.needsLab ? Self.labMark : " "
            let title = Self.wrap(lesson.title, width: Self.width - titleColumn)
            Console.out(" \(marker)\(number)\(lab)  \(lesson.id.padded(to: idWidth))  \(statuses[index].padded(to: statusWidth))  \(title[0])")
            for more in title.dropFirst() { Console.out(String(repeating: " ", count: titleColumn) + more) }
        }
        if catalog.lessons.contains(where: \.needsLab) {
            Console.out("\n\(Self.labMark) needs porttutor's lab: start it with `porttutor --lab` (no root needed).")
        }
        if progress.lastLesson != nil, let resume {
            Console.out("\n> `porttutor` resumes in \(resume).")
        }
        Console.out("\n" + Self.labSentences)
    }
}

extension ListCommand {
    /// The widest line `list` prints: a terminal's usual 80 columns.
    static let width = 80
    /// The mark of a lesson that needs the lab, explained under the list.
    static let labMark = "*"

    /// The lab in two sentences (README says the same), in lines of at most `width`.
    static let labSentences = """
        No root? `porttutor --lab` runs the tutorial in a private network of its own,
        where you may capture packets, use ports below 1024 and add firewall rules,
        with a second computer, server.lab, to reach. While it runs, `porttutor shell`
        opens your shell inside it, so the real nc, curl and tcpdump see the same
        network.
        """

    /// `text` in lines of at most `width` cells, broken at spaces as the panes break theirs.
    static func wrap(_ text: String, width: Int) -> [String] {
        let rows = LineWrapper.wrap(StyledLine(SafeText(untrusted: text)), width: max(width, 1))
        let lines = rows.map { row in
            String(row.map(\.text).joined().reversed().drop { $0 == " " }.reversed())
        }
        return lines.isEmpty ? [""] : lines
    }

    /// The end of a lesson, as the Lesson pane showed it when the lesson was finished.
    func showRecap(of name: String, in catalog: LessonCatalog) throws {
        let match: LessonCatalog.Match
        do {
            match = try catalog.find(name)
        } catch {
            printError(error.description)
            throw ExitCode.failure
        }
        if let explanation = match.explanation(for: name, action: "showing") { printError(explanation) }
        let lesson = match.lesson
        guard let recap = lesson.recap else {
            Console.out("'\(lesson.id)' has no recap; its steps are listed with `porttutor list`.")
            return
        }
        var text = "Recap of \(lesson.title)\n\nYou did:\n"
        text += recap.did.map { "  • \($0)\n" }.joined()
        text += "\nCommands:\n" + recap.commands.map { "  $ \($0)\n" }.joined()
        text += "\nThe idea to keep:\n  \(recap.idea)"
        Console.out(text)
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
