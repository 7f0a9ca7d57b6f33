import Lessons
import ToolCommands
import SocketsCore
import SafeText

/// "Show me" and demo mode: types a step's inputs into its panes, visibly, one character
/// at a time, then presses Enter, so the learner sees exactly what a person would type.
public struct Autopilot: Sendable, Equatable {
    public private(set) var inputs: [PerformInput]
    /// Characters of the current line typed so far.
    public private(set) var typed = 0
    /// Typing speed; the presenter changes it in demo mode.
    public var charactersPerSecond: Double
    /// When the next character (or action) is due, in run-loop time.
    public private(set) var nextAt: Duration
    /// Why it is not typing, if it is not.
    public var hold: Hold = .none
    /// Whether an `elsewhere:` item with more to type after it waits for the learner (or
    /// presenter) to say it is done. A demo's quick setup cannot wait: it only says it.
    public let waitsForOwnTerminal: Bool
    /// How long it waits after each Enter (shorter while demo mode sets a step up).
    public private(set) var pauseAfterLine: Duration

    /// Why the autopilot is holding still.
    public enum Hold: Sendable, Equatable {
        case none
        /// The presenter paused it (`p`).
        case presenter
        /// The rest needs this command done in the learner's own terminal first: "show me"
        /// cannot type there, and no fixed pause fits a person switching windows.
        case ownTerminal(String)
    }

    public var isPaused: Bool { hold != .none }

    /// The command the learner is to type in a terminal of their own before it goes on.
    public var ownTerminalCommand: String? {
        if case .ownTerminal(let command) = hold { command } else { nil }
    }

    /// The pause after pressing Enter, so the result shows before the next line.
    public static let afterLine: Duration = .milliseconds(700)

    public init(inputs: [PerformInput], charactersPerSecond: Double, now: Duration,
                pauseAfterLine: Duration = Autopilot.afterLine, waitsForOwnTerminal: Bool = true) {
        self.inputs = inputs
        self.waitsForOwnTerminal = waitsForOwnTerminal
        self.charactersPerSecond = max(1, charactersPerSecond)
        self.nextAt = now
        self.pauseAfterLine = pauseAfterLine
    }

    public var isFinished: Bool { inputs.isEmpty }

    /// One thing the autopilot does to a pane.
    public enum Stroke: Sendable, Equatable {
        case character(PaneID, Character)
        case enter(PaneID)
        case control(PaneID, Character)
        /// A command for a terminal of the learner's own: said, not typed.
        case elsewhere(String)
    }

    /// The strokes due by `now`, in order; advances the autopilot past them.
    mutating func strokes(dueBy now: Duration) -> [Stroke] {
        var strokes: [Stroke] = []
        while !isPaused, let input = inputs.first, nextAt <= now {
            let pane = input.pane
            switch input.action {
            case .line(let text):
                let characters = Array(text)
                if typed < characters.count {
                    strokes.append(.character(pane, characters[typed]))
                    typed += 1
                    nextAt += .milliseconds(Int(1000 / charactersPerSecond))
                } else {
                    strokes.append(.enter(pane))
                    finishInput(next: now + pauseAfterLine)
                }
            case .key(let key):
                strokes.append(.control(pane, key.character))
                finishInput(next: now + pauseAfterLine)
            case .pause(let seconds):
                finishInput(next: now + .milliseconds(Int(seconds * 1000)))
            case .elsewhere(let command):
                strokes.append(.elsewhere(command))
                finishInput(next: now + Autopilot.afterLine)
                let more = inputs.contains { if case .pause = $0.action { false } else { true } }
                if waitsForOwnTerminal && more { hold = .ownTerminal(command) }
            }
        }
        return strokes
    }

    /// How long until the next stroke is due, or nil when there is none.
    func delay(from now: Duration) -> Duration? {
        guard !isFinished, !isPaused else { return nil }
        return max(.zero, nextAt - now)
    }

    private mutating func finishInput(next: Duration) {
        inputs.removeFirst()
        typed = 0
        nextAt = next
    }

    /// The presenter wants it done: no more waiting to start, the rest typed at once
    /// (the short pause after each Enter stays, so every result shows).
    mutating func hurry(now: Duration) {
        hold = .none
        charactersPerSecond = 1000
        nextAt = min(nextAt, now)
    }

    mutating func resume(now: Duration) {
        hold = .none
        nextAt = max(nextAt, now)
    }
}

/// The autopilot's guard: a line a lesson typed runs only if everything it would make
/// porttutor do stays inside ``LessonSandbox`` (the loopback, files in the session folder).
/// The line is tried on a copy of the model first, so a refused line changes nothing but
/// the pane's note; a lesson's bare file name is put in the session folder.
extension Model {
    mutating func submitForLesson(_ line: String, in pane: PaneID) -> [Effect] {
        var trial = self
        let effects = trial.submit(line, in: pane)
        var allowed: [Effect] = []
        for effect in effects {
            switch lessonSandboxed(effect) {
            case .success(let effect): allowed.append(effect)
            case .failure(let refusal):
                autopilot = nil
                showError("porttutor did not run this line of the lesson: \(refusal.reason).", help: [], in: pane)
                return []
            }
        }
        self = trial
        return allowed
    }

    /// Why a lesson's line was not run.
    struct LessonRefusal: Error {
        var reason: String
    }

    /// `effect` as a lesson may have it (a file name moved into the session folder), or why not.
    func lessonSandboxed(_ effect: Effect) -> Result<Effect, LessonRefusal> {
        // A lab lesson in the lab may also reach the lab's second computer.
        let inLabLesson = isInLab && tutorial?.lesson.needsLab == true
        let sandbox = inLabLesson ? LessonSandbox.lab : lessonSandbox
        func refuse(_ reason: String?) -> LessonRefusal? { reason.map(LessonRefusal.init(reason:)) }
        func inSession(_ name: String) -> Result<String, LessonRefusal> {
            if let refusal = refuse(sandbox.refusalOfFile(name)) { return .failure(refusal) }
            guard let sessionFolder else {
                return .failure(LessonRefusal(reason: "a lesson may write no file in this run (there is no session folder)"))
            }
            return .success(LessonSandbox.path(of: name, in: sessionFolder))
        }
        switch effect {
        case .socket(.connectClient(let request)):
            if let refusal = refuse(sandbox.refusalToConnect(to: request.host)) { return .failure(refusal) }
        case .socket(.startListener(let request)):
            if let refusal = refuse(sandbox.refusalToListen(on: request.addresses)) { return .failure(refusal) }
        case .capture(.start(var request)):
            if let refusal = refuse(sandbox.refusal(of: request)) { return .failure(refusal) }
            if let name = request.writePath {
                switch inSession(name) {
                case .success(let path): request.writePath = path
                case .failure(let refusal): return .failure(refusal)
                }
            }
            if case .file(let name)? = request.source {
                switch inSession(name) {
                case .success(let path): request.source = .file(path)
                case .failure(let refusal): return .failure(refusal)
                }
            }
            return .success(.capture(.start(request)))
        case .capture(.save(let name, let packets, let linkType, let force)):
            if force { return .failure(LessonRefusal(reason: "a lesson may not force an overwrite (save!)")) }
            return inSession(name).map { .capture(.save(path: $0, packets: packets, linkType: linkType)) }
        default:
            break
        }
        return .success(effect)
    }
}

/// The lesson picker: type to filter, arrows to choose, Enter to open.
public struct LessonPicker: Sendable, Hashable {
    public var filter = InputLine()
    public var selection = 0

    public init() {}
}
