import ArgumentParser
import Runtime
import TUI
import Tutor
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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

    @Option(help: ArgumentHelp("Colour theme: default, mono, projector, projector-mono.", valueName: "NAME"))
    var theme: String?

    @OptionGroup var lessonsOptions: LessonsFolderOptions

    func validate() throws {
        if let theme, !Theme.all.contains(where: { $0.name == theme }) {
            throw ValidationError("unknown theme '\(theme)'; choose one of: \(Theme.all.map(\.name).joined(separator: ", "))")
        }
    }

    func run() throws {
        let presentation: Presentation = demo ? .demo : .tutorial
        let environment = currentEnvironment()
        let terminal = try NcursesTerminal { hasColor in
            Theme.choose(presentation: presentation, environment: environment,
                         terminalHasColor: hasColor, requested: theme)
        }
        let status: Int32
        do {
            let loop = try RunLoop(model: Model(size: terminal.size, presentation: presentation), terminal: terminal)
            status = try loop.run()
            terminal.end()
        } catch {
            // The screen goes first, so the message lands on a sane terminal.
            terminal.end()
            throw error
        }
        if status != 0 { throw ExitCode(status) }
    }
}
/// The process environment as a dictionary (without Foundation).
func currentEnvironment() -> [String: String] {
    var result: [String: String] = [:]
    var pointer = environ
    while let entry = pointer.pointee {
        let pair = String(cString: entry)
        if let eq = pair.firstIndex(of: "=") {
            result[String(pair[..<eq])] = String(pair[pair.index(after: eq)...])
        }
        pointer += 1
    }
    return result
}
