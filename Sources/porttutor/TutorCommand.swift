import RuntimeFolder
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

    @Option(help: ArgumentHelp("Colour theme: auto asks the terminal its background (light or dark), and NO_COLOR gives mono. --demo uses the projector version of each.", valueName: "auto|dark|light|mono"))
    var theme: ThemeChoice = .auto

    @Option(help: ArgumentHelp("Record the session as an asciicast v2 file (asciinema's format: `asciinema play FILE`). An existing recording is replaced; any other file only with --force.", valueName: "FILE.cast"))
    var record: String?

    @Flag(help: "With --record, replace FILE even when it is not a recording.")
    var force = false

    @Option(help: ArgumentHelp("The port of the built-in web server the HTTP lesson talks to.", valueName: "PORT"))
    var webPort: UInt16 = WebServerConfiguration.defaultPort

    @Option(help: ArgumentHelp("Seconds a finished step waits before the next one opens by itself (Enter moves on sooner, any other key stays).", valueName: "SECONDS"))
    var nextStepDelay: Int = Int(Model.defaultNextStepDelay.components.seconds)

    @Flag(help: "Run the tutorial in porttutor's lab: a private network of its own, where capturing, ports below 1024 and firewall rules need no root, with a second computer (server.lab). `porttutor shell` joins it from another terminal.")
    var lab = false

    @OptionGroup var lessonsOptions: LessonsFolderOptions

    func validate() throws {
        if notes != nil && !demo {
            throw ValidationError("--notes goes with --demo: presenter notes are for demo mode")
        }
        if !(1...3600).contains(nextStepDelay) {
            throw ValidationError("--next-step-delay takes whole seconds from 1 to 3600, not \(nextStepDelay)")
        }
        if force && record == nil {
            throw ValidationError("--force goes with --record FILE: it lets the recording replace a file that is not one")
        }
    }

    func run() throws {
        if let record { throw ExitCode(try runRecorded(to: record)) }
        let presentation: Presentation = demo ? .demo : .tutorial
        let environment = ProcessInfo.processInfo.environment
        let place = try LabPlace.enter(asked: lab, environment: environment)
        let catalog = try lessonsOptions.loadCatalog()
        guard !catalog.lessons.isEmpty else {
            printError("porttutor found no lesson files in \(lessonsOptions.shownSource). Give another folder with --lessons DIR.")
            throw ExitCode.failure
        }
        // Demo mode is the presenter's: it neither reads nor writes the learner's progress,
        // and opens at the first step of the lesson asked for (or lesson 1).
        let store: ProgressStore? = demo ? nil : ProgressStore(directory: ProgressStore.defaultDirectory())
        let loaded = store?.load() ?? ProgressStore.Loaded(progress: Lessons.Progress(), warning: nil)
        var (lessonIndex, stepIndex, chosen) = try startingPoint(in: catalog, progress: loaded.progress)
        if demo { stepIndex = 0 }
        let notesOutput = try notes.map { try PresenterNotes(path: $0) }

        // Asked before ncurses starts, so the answer is not read as keys. Not asked when
        // the choice is made already (a theme named, or NO_COLOR).
        let background = theme == .auto && environment["NO_COLOR"].map(\.isEmpty) ?? true && NcursesTerminal.problemWithTerminal() == nil
            ? BackgroundQuery.ask() : nil
        let tutorial = Tutorial(catalog: catalog, progress: loaded.progress, lessonIndex: lessonIndex, stepIndex: stepIndex)
        let terminal = try NcursesTerminal { hasColor in
            Theme.choose(presentation: presentation, environment: environment,
                         terminalHasColor: hasColor, requested: theme.style, background: background)
        }
        var model = Model(size: terminal.size, presentation: presentation, tutorial: tutorial)
        model.nextStepDelay = .seconds(nextStepDelay)
        if let message = loaded.notice ?? chosen ?? place.notice {
            model.notice = StyledLine(SafeText(untrusted: message), loaded.notice != nil || chosen == nil ? .warning : .emphasis)
        }
        model.isInLab = place.isInLab
        model.labOffer = place.offer
        // The one folder a lesson's "show me" and demo mode may write files in.
        let sessionFolder = SessionFolder(environment: environment)
        model.sessionFolder = sessionFolder?.path
        model.connections = ConnectionsPaneModel(services: .system, ephemeralPorts: .system,
                                                 interfaces: InterfaceIndexNames.current(), userNames: .system)
        // `porttutor notes` attaches to a demo through this; without it the demo still runs.
        var notesChannel: NotesChannel?
        if demo {
            do {
                let rehearsals = ProgressStore.defaultDirectory().appendingPathComponent(RehearsalTimes.fileName)
                notesChannel = try NotesChannel(directory: RuntimeFolder(environment: environment), rehearsalFile: rehearsals)
            } catch {
                model.notice = StyledLine(SafeText(untrusted: "porttutor notes cannot attach: \(error)"), .warning)
            }
        }
        let clock = SystemClock()
        let saver = store.map(ProgressSaver.init(store:))
        let sources = IOSources(progress: saver,
                                sockets: SocketsSource(hub: SocketHub(configuration: hubConfiguration), clock: clock),
                                connections: ConnectionsSource(), capture: CaptureSource(alsoWatching: place.isInLab ? LabHost.lab.interfaceName : nil), presenterNotes: notesOutput,
                                notesChannel: notesChannel,
                                lab: place.isInLab ? LabPrograms(environment: environment) : nil)
        let status: Int32
        do {
            let loop = try RunLoop(model: model, terminal: terminal, clock: clock, sources: sources)
            status = try loop.run()  // ends the terminal
        } catch {
            // The screen goes first, so the message lands on a sane terminal.
            terminal.end()
            sessionFolder?.removeIfEmpty()
            throw error
        }
        if let chosen { printError(chosen) }
        if let refusal = place.refusal { printError(refusal) }
        if let sessionFolder, !sessionFolder.removeIfEmpty() {
            printError("Files a lesson saved are in \(sessionFolder.path)")
        }
        // The status bar had room for a line; the whole story is told again here.
        if let warning = loaded.warning { printError("warning: \(warning)") }
        if let failure = saver?.failure, failure != loaded.warning { printError("Progress not saved: \(failure)") }
        if status != 0 { throw ExitCode(status) }
    }

    /// `--record`: this process relays and records; the screen runs as a child in a
    /// pseudo-terminal, with the same arguments but the recording's, and the theme already
    /// chosen (so the child's background question is neither asked again nor recorded).
    private func runRecorded(to path: String) throws -> Int32 {
        let environment = ProcessInfo.processInfo.environment
        // The screen under the recorder is started without --record; should that ever fail,
        // this mark stops a recorder inside a recorder.
        guard environment[Self.recorderMark] == nil else {
            printError("This porttutor runs inside a recording already (PORTTUTOR_RECORDING is set); a recording cannot start another.")
            return ExitCode.failure.rawValue
        }
        setenv(Self.recorderMark, "1", 1)
        do {
            try RecordingRelay.checkTarget(path, force: force)
        } catch {
            printError("\(error)")
            return ExitCode.failure.rawValue
        }
        if let problem = NcursesTerminal.problemWithTerminal() {
            printError(problem.description)
            return ExitCode.failure.rawValue
        }
        var arguments = Self.withoutRecording(Array(CommandLine.arguments.dropFirst()))
        if theme == .auto && environment["NO_COLOR"].map(\.isEmpty) ?? true {
            arguments += ["--theme", BackgroundQuery.ask() == .light ? "light" : "dark"]
        }
        let executable = Self.ownExecutable()
        do {
            let relay = try RecordingRelay(castPath: path)
            let title = "porttutor" + (demo ? " --demo" : "") + (lesson.map { " \($0)" } ?? "")
            return try relay.run(executable: executable, arguments: arguments, title: title)
        } catch {
            printError("\(error)")
            return ExitCode.failure.rawValue
        }
    }

    /// Set in the environment of the screen a recorder runs.
    static let recorderMark = "PORTTUTOR_RECORDING"

    /// The arguments without `--record FILE` (or `--record=FILE`) and `--force`.
    static func withoutRecording(_ arguments: [String]) -> [String] {
        var kept: [String] = []
        var skipNext = false
        for argument in arguments {
            if skipNext { skipNext = false; continue }
            if argument == "--record" { skipNext = true; continue }
            if argument.hasPrefix("--record=") || argument == "--force" { continue }
            kept.append(argument)
        }
        return kept
    }

    /// This program's own file, to run the screen under the recorder.
    private static func ownExecutable() -> String {
        #if os(Linux)
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        if count > 0 { return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self) }
        #endif
        return Bundle.main.executablePath ?? CommandLine.arguments[0]
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
