import CaptureCore
import ToolCommands
import Lessons
import ConnectionsCore
import NetworkTypes

/// One pane's state: what it shows, and its input line when it takes commands.
public struct Pane: Sendable, Hashable {
    public let id: PaneID
    public var scrollback: Scrollback
    public var input: InputLine?
    /// A short line under the title: what the pane is doing now ("listening on :8080").
    public var status: StyledLine?
    /// Shown before the input line, like a shell's prompt.
    public var prompt: String
    /// Shown dim in the empty input line: what to type there.
    public var placeholder: String?
    /// What a peer sent after its last newline (a `login: ` prompt), drawn under the
    /// scrollback until the rest of the line arrives; one per connection.
    public var unfinishedLines: [Int: StyledLine] = [:]

    public init(id: PaneID, scrollbackCapacity: Int = 2000) {
        self.id = id
        self.scrollback = Scrollback(capacity: scrollbackCapacity, anchorsAtTop: id == .lesson)
        self.input = id.takesCommands ? InputLine() : nil
        self.prompt = id.prompt
    }
}

/// What sits over the panes, when anything does.
public enum Overlay: Sendable, Hashable {
    case help
    case presenterHelp
    case lessonPicker(LessonPicker)
}

/// How the screen is being used: by a learner, or by a presenter on a projector.
public enum Presentation: String, Sendable, Hashable {
    case tutorial
    case demo
}

/// The whole state of the app. `update` changes it; `view` draws it.
public struct Model: Sendable {
    public var size: TerminalSize
    public var presentation: Presentation
    public var focus: PaneID = .lesson
    /// The focused pane fills the screen.
    public var isZoomed = false
    public var overlay: Overlay?
    public var panes: [PaneID: Pane]
    /// A one-line message in the status bar, replaced by the next one, and cleared once it
    /// is old news (``Model/noticeLifetime``), so it never describes a step long gone.
    public var notice: StyledLine? {
        didSet { noticeShownAt = now }
    }
    /// When the notice was set, on the model's clock.
    public private(set) var noticeShownAt: Duration = .zero
    /// How long a notice stays: time to read a line, not a session.
    public static let noticeLifetime: Duration = .seconds(15)
    /// Set once quitting has begun, so a second signal does not quit twice.
    public var isQuitting = false
    /// Ctrl-C in the Lesson pane asked "quit, with tools still running?"; a second one
    /// quits, any other key takes the question back.
    public var confirmingQuit = false
    /// The lessons and where the learner is in them; nil only when no lesson is loaded.
    public var tutorial: Tutorial?
    /// "Show me" (or demo mode) typing a step's commands.
    public var autopilot: Autopilot?
    /// The command for the learner's own terminal that show me last said in this step: kept
    /// in the Lesson pane, where it is whole (a 64-column status row cuts it), until the
    /// step ends. Whether show me waits for it is the autopilot's ``Autopilot/Hold``.
    public var ownTerminalCommandSaid: String?
    /// What the autopilot may make porttutor do for a lesson (see ``Autopilot``'s guard);
    /// a `needs: lab` lesson in the lab gets ``LessonSandbox/lab`` instead.
    public var lessonSandbox: LessonSandbox = .standard
    /// The folder porttutor owns for this run, where a lesson's files go; nil: a lesson
    /// may write no file at all.
    public var sessionFolder: String?
    /// How long a finished step shows its ✔ before the next step comes by itself; tests
    /// that run in real time set it low.
    public var nextStepDelay: Duration = Model.defaultNextStepDelay
    /// Characters per second the autopilot types at.
    public var typingSpeed: Double = 25
    /// Demo mode's switches; nil in tutorial mode.
    public var demo: Demo?
    /// The pane where something last happened: demo mode spotlights it.
    public var spotlight: PaneID?
    /// The latest run-loop time seen (from `.started` and `.tick`), for keys that start steps.
    public var now: Duration = .zero
    /// The Connections pane's table: the command typed, the last snapshot, the scroll.
    public var connections = ConnectionsPaneModel()
    /// How the Connections pane scrolls its table, and why the table could not be read.
    public var connectionsPane = ConnectionsPaneState()
    /// The Packets pane's packets, printed as tcpdump prints them; nil before any capture.
    public var packetLog: PacketLog?
    /// The packet being explained in the Packets pane (its number in the capture), if any.
    public var packetSelection: Int?
    /// What runs in each command pane, as a shell would know it.
    public var tools = RunningTools()
    /// porttutor runs in its lab (`porttutor --lab`): the Lesson pane's title says so.
    public var isInLab = false {
        didSet { refreshLessonPane() }
    }
    /// The one line offering the lab, set when it is available here, and shown where
    /// capture is refused (the Packets pane, the status bar).
    public var labOffer: String?

    public init(size: TerminalSize, presentation: Presentation = .tutorial, tutorial: Tutorial? = nil) {
        self.size = size
        self.presentation = presentation
        self.tutorial = tutorial
        self.demo = presentation == .demo ? Demo() : nil
        if presentation == .demo { typingSpeed = 12 }
        var panes: [PaneID: Pane] = [:]
        for id in PaneID.allCases { panes[id] = Pane(id: id) }
        self.panes = panes
        PaneIntroductions.install(into: &self)
        syncAnswerLine()
        refreshLessonPane()
    }

    /// The Lesson pane takes typing only while the step asks a question.
    mutating func syncAnswerLine() {
        guard panes[.lesson] != nil else { return }
        let asks = tutorial.map { $0.step.question != nil && !$0.lessonComplete } ?? false
        if asks && self[pane: .lesson].input == nil {
            self[pane: .lesson].input = InputLine()
            self[pane: .lesson].prompt = "answer> "
        } else if !asks && self[pane: .lesson].input != nil {
            self[pane: .lesson].input = nil
        }
        self[pane: .lesson].placeholder = asks ? answerPlaceholder : nil
    }

    /// What the empty answer line invites: in demo mode the room answers aloud instead.
    private var answerPlaceholder: String? {
        guard presentation == .tutorial, let tutorial, let question = tutorial.step.question else { return nil }
        // Answered right (or shown): the line's next job is to move on, not to take letters.
        if !tutorial.questionOpen || tutorial.answerShown { return "Enter for the next step" }
        let count = question.choices.count
        guard count > 1 else { return "type your answer, then Enter" }
        let letters = (0..<count).map(Question.letter(forChoice:))
        return "type \(letters.dropLast().joined(separator: ", ")) or \(letters.last!), then Enter"
    }

    public subscript(pane id: PaneID) -> Pane {
        get { panes[id]! }
        set { panes[id] = newValue }
    }
}
