import Lessons

/// Demo mode's own state: what the presenter has switched on and off.
public struct Demo: Sendable, Hashable {
    /// The screen is blanked (as a clicker's "black screen" button does).
    public var isBlank = false
    /// The clock and the elapsed time show in the status bar.
    public var showsClock = true
    /// When the demo began, for the elapsed timer.
    public var startedAt: Duration = .zero
    /// Only the lesson's own rows in the connection table.
    public var hidesNoise = true
    /// Wall-clock time of day in seconds since midnight, kept current by the runtime's ticks.
    public var timeOfDay: Int?
    /// The panes being set up for the step the presenter jumped to; nil otherwise.
    public var setup: DemoSetup?
    /// porttutor may not capture here: the steps' recordings stand in for live packets.
    public var capturesDenied = false
    /// The tcpdump typed in the Packets pane that a recording stands in for, while it "runs".
    public var standIn: CaptureSeen?
    /// The last tcpdump typed, in case it fails for want of permission.
    public var typedCapture: CaptureSeen?
    /// The step whose recording has played (once per step).
    public var playedRecording: String?
    /// The line the presenter marked for the room, if any.
    public var mark: PaneMark?
    /// What the presenter typed after `g` ("go to"): `3` or `2.3`; nil when not asked.
    public var goTo: String?

    public init() {}

    /// Typing paces the presenter steps through with + and -.
    public static let paces: [Double] = [4, 8, 12, 20, 40, 80]

    public static let secondsPerDay = 86_400

    /// The status bar's clock: the time of day as `14:05` (when known) and the time since
    /// the demo began as `⏱ 12:34` (`⏱ 1:02:03` past an hour).
    public func clockText(now: Duration) -> String {
        var text = ""
        if let timeOfDay {
            text += Self.twoDigits(timeOfDay / 3600 % 24) + ":" + Self.twoDigits(timeOfDay / 60 % 60) + "  "
        }
        let elapsed = max(0, Int((now - startedAt).components.seconds))
        let hours = elapsed / 3600
        text += "⏱ " + (hours > 0 ? "\(hours):" : "") + Self.twoDigits(elapsed / 60 % 60) + ":" + Self.twoDigits(elapsed % 60)
        return text
    }

    private static func twoDigits(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
}

/// What the presenter's keys do in demo mode. Clickers send Page Down / Right / Space for
/// next, Page Up / Left for back, and "." or "b" for a black screen.
public enum PresenterAction: CaseIterable, Sendable, Hashable {
    case next, back, goTo, reveal, scrollBack, scrollForward, mark, markUp, markDown, pause, zoom, blank, clock, restart, faster, slower, noise, help, quit

    public var keyLabel: String {
        switch self {
        case .next: "Space  →  PgDn  Enter"
        case .back: "←  PgUp  Backspace"
        case .goTo: "g N Enter"
        case .reveal: "a"
        case .scrollBack: "["
        case .scrollForward: "]"
        case .mark: "m"
        case .markUp: "k"
        case .markDown: "j"
        case .pause: "p"
        case .zoom: "z  F2"
        case .blank: "b  ."
        case .clock: "c"
        case .restart: "r"
        case .faster: "+"
        case .slower: "-"
        case .noise: "h"
        case .help: "?  F1"
        case .quit: "q  F10"
        }
    }

    public var summary: String {
        switch self {
        case .next: "type at once, reveal, else next step"
        case .back: "back one step (panes set up for it)"
        case .goTo: "go to step N (or lesson.step)"
        case .reveal: "reveal the question's answer and why"
        case .scrollBack: "scroll the spotlighted pane back"
        case .scrollForward: "scroll it forward"
        case .mark: "mark a line for the room, or unmark"
        case .markUp: "move the mark up (or scroll a line)"
        case .markDown: "move the mark down"
        case .pause: "pause or resume the typing"
        case .zoom: "zoom the spotlighted pane, and back"
        case .blank: "blank the screen, and back"
        case .clock: "show or hide the clock and timer"
        case .restart: "restart the lesson (panes cleared)"
        case .faster: "type faster"
        case .slower: "type slower"
        case .noise: "show or hide other programs' rows"
        case .help: "this list"
        case .quit: "quit"
        }
    }

    /// The key list's rows: keys that come in pairs share one, to fit 64x20.
    public static var helpRows: [(keys: String, summary: String)] {
        allCases.compactMap { action in
            switch action {
            case .scrollForward, .markUp, .markDown, .slower, .quit: nil
            case .help: ("\(PresenterAction.help.keyLabel) / \(PresenterAction.quit.keyLabel)", "this list / quit")
            case .scrollBack: ("[  ]", "scroll the spotlighted pane")
            case .mark: ("m  k  j", "mark a line, k j move it, m unmarks")
            case .faster: ("+  -", "type faster / slower")
            default: (action.keyLabel, action.summary)
            }
        }
    }

    public static func action(for key: Key) -> PresenterAction? {
        switch key {
        case .character(" "), .right, .pageDown, .enter, .character("n"), .down: .next
        case .left, .pageUp, .backspace, .up: .back
        case .character("g"): .goTo
        case .character("a"): .reveal
        case .character("["): .scrollBack
        case .character("]"): .scrollForward
        case .character("m"): .mark
        case .character("k"): .markUp
        case .character("j"): .markDown
        case .character("p"): .pause
        case .character("z"), .function(2): .zoom
        case .character("b"), .character("."), .character("B"): .blank
        case .character("c"): .clock
        case .character("r"): .restart
        case .character("+"), .character("="): .faster
        case .character("-"): .slower
        case .character("h"): .noise
        case .character("?"), .function(1): .help
        case .character("q"), .function(10), .control("q"), .control("c"): .quit
        default: nil
        }
    }
}

extension Model {
    /// The panes demo mode shows: the lesson, the spotlighted pane, and the pane of the
    /// current step (with its natural partner: a chat needs both ends).
    public var demoPanes: [PaneID] {
        var shown: [PaneID] = [.lesson]
        if let spotlight, spotlight != .lesson { shown.append(spotlight) }
        if let step = tutorial?.stepPane, step != .lesson, !shown.contains(step) { shown.append(step) }
        if shown.count < 3, let step = tutorial?.stepPane, let partner = step.demoPartner, !shown.contains(partner) {
            shown.append(partner)
        }
        return Array(shown.prefix(3))
    }
}

extension PaneID {
    /// The pane worth seeing beside this one in a demo.
    var demoPartner: PaneID? {
        switch self {
        case .listener: .client
        case .client: .listener
        case .packets: .client
        case .connections: .client
        case .lesson: nil
        }
    }
}
