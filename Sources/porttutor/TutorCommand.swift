import ToolCommands
import SocketsCore
import ArgumentParser
import Connections
import ConnectionsCore
import NetworkTypes
import Foundation
import Lab
import LessonFiles
import Lessons
import Runtime
import SafeText
import Sockets
import TUI
import Tutor

/// Opens the screen: the guided walkthrough, one lesson, or the projector demo.
struct TutorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tutor",
        abstract: "Start the interactive tutorial (the default).",
        discussion: "With no lesson, resumes where you left off. Keys: F1 lists them all."
    )

    @Argument(help: "The lesson to open: its id, its number, a unique prefix, a word of its id or title (http), or a close misspelling.")
    var lesson: String?

    @Flag(help: "Instructor demo mode for a projector.")
    var demo = false

    @Option(help: ArgumentHelp("In demo mode, write presenter notes to this terminal or file (e.g. /dev/pts/3).", valueName: "PATH"))
    var notes: String?

    @Option(help: ArgumentHelp("Colour theme (chosen from the terminal, NO_COLOR and --demo when not given).", valueName: "NAME"))
    var theme: ThemeChoice?

    @Option(help: ArgumentHelp("The port of the built-in web server the HTTP lesson talks to.", valueName: "PORT"))
    var webPort: UInt16 = WebServerConfiguration.defaultPort

    @Flag(help: "Run the tutorial in porttutor's lab: a private network of its own, where capturing, ports below 1024 and firewall rules need no root, with a second computer (server.lab). `porttutor shell` joins it from another terminal.")
    var lab = false

    @OptionGroup var lessonsOptions: LessonsFolderOptions

    func validate() throws {
        if notes != nil && !demo {
            throw ValidationError("--notes goes with --demo: presenter notes are for demo mode")
        }
    }

    func run() throws {
        let presentation: Presentation = demo ? .demo : .tutorial
        let environment = ProcessInfo.processInfo.environment
        let place = try LabPlace.enter(asked: lab, environment: environment)
        let catalog = try lessonsOptions.loadCatalog()
        guard !catalog.lessons.isEmpty else {
            printError("porttutor found no lesson files in \(try lessonsOptions.locate().shown). Give another folder with --lessons DIR.")
            throw ExitCode.failure
        }
        // Demo mode is the presenter's: it neither reads nor writes the learner's progress,
        // and opens at the first step of the lesson asked for (or lesson 1).
        let store: ProgressStore? = demo ? nil : ProgressStore(directory: ProgressStore.defaultDirectory())
        let loaded = store?.load() ?? ProgressStore.Loaded(progress: Lessons.Progress(), warning: nil)
        var (lessonIndex, stepIndex, chosen) = try startingPoint(in: catalog, progress: loaded.progress)
        if demo { stepIndex = 0 }
        let notesOutput = try notes.map { try PresenterNotes(path: $0) }

        let tutorial = Tutorial(catalog: catalog, progress: loaded.progress, lessonIndex: lessonIndex, stepIndex: stepIndex)
        let terminal = try NcursesTerminal { hasColor in
            Theme.choose(presentation: presentation, environment: environment,
                         terminalHasColor: hasColor, requested: theme?.theme)
        }
        var model = Model(size: terminal.size, presentation: presentation, tutorial: tutorial)
        if let message = loaded.warning ?? chosen ?? place.notice {
            model.notice = StyledLine(SafeText(untrusted: message), loaded.warning != nil || chosen == nil ? .warning : .emphasis)
        }
        model.isInLab = place.isInLab
        model.labOffer = place.offer
        model.connections = ConnectionsPaneModel(services: .system, ephemeralPorts: .system,
                                                 interfaces: InterfaceIndexNames.current())
        let clock = SystemClock()
        let sources = IOSources(progress: store.map(ProgressSaver.init(store:)),
                                sockets: SocketsSource(hub: SocketHub(configuration: hubConfiguration), clock: clock),
                                connections: ConnectionsSource(), capture: CaptureSource(), presenterNotes: notesOutput,
                                lab: place.isInLab ? LabPrograms(environment: environment) : nil)
        let status: Int32
        do {
            let loop = try RunLoop(model: model, terminal: terminal, clock: clock, sources: sources)
            status = try loop.run()  // ends the terminal
        } catch {
            // The screen goes first, so the message lands on a sane terminal.
            terminal.end()
            throw error
        }
        if let chosen { printError(chosen) }
        if let refusal = place.refusal { printError(refusal) }
        if status != 0 { throw ExitCode(status) }
    }

    private var hubConfiguration: SocketHubConfiguration {
        var configuration = SocketHubConfiguration()
        configuration.webServer.port = webPort
        return configuration
    }

    /// The lesson and step to open, and the sentence saying which lesson a loose name chose.
    private func startingPoint(in catalog: LessonCatalog, progress: Lessons.Progress) throws -> (Int, Int, String?) {
        guard let lesson else {
            let resume = progress.resumePoint(in: catalog)
            let index = resume.flatMap { point in catalog.lessons.firstIndex { $0.id == point.lesson.id } } ?? 0
            let finished = progress.hasFinished(catalog)
                ? "You have finished all \(catalog.lessons.count) lessons; this is where you left off. F7 opens any lesson again; `porttutor reset` starts over."
                : nil
            return (index, resume?.stepIndex ?? 0, finished)
        }
        do {
            let match = try catalog.find(lesson)
            let index = catalog.lessons.firstIndex { $0.id == match.lesson.id } ?? 0
            return (index, progress.resumeStepIndex(in: match.lesson), match.explanation(for: lesson))
        } catch {
            printError(error.description)
            throw ExitCode.failure
        }
    }
}
