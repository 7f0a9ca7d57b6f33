import Lessons

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
    public var isPaused = false
    /// How long it waits after each Enter (shorter while demo mode sets a step up).
    public private(set) var pauseAfterLine: Duration

    /// The pause after pressing Enter, so the result shows before the next line.
    public static let afterLine: Duration = .milliseconds(700)

    public init(inputs: [PerformInput], charactersPerSecond: Double, now: Duration, pauseAfterLine: Duration = Autopilot.afterLine) {
        self.inputs = inputs
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
        isPaused = false
        charactersPerSecond = 1000
        nextAt = min(nextAt, now)
    }

    mutating func resume(now: Duration) {
        isPaused = false
        nextAt = max(nextAt, now)
    }
}

/// The lesson picker: type to filter, arrows to choose, Enter to open.
public struct LessonPicker: Sendable, Hashable {
    public var filter = InputLine()
    public var selection = 0

    public init() {}
}
