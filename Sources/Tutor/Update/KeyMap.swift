import Lessons

/// The keys that work in every pane. The help overlay is drawn from this table, so the
/// keys listed there are always the keys that work.
public enum GlobalAction: CaseIterable, Sendable, Hashable {
    case help
    case quit
    case focusNext
    case focusPrevious
    case focusPane
    case zoom
    case scrollUp
    case scrollDown
    case scrollLessonUp
    case scrollLessonDown
    case hint
    case showMe
    case nextStep
    case previousStep
    case lessons
    case explain

    /// The keys as the help overlay shows them.
    public var keyLabel: String {
        switch self {
        case .help: "F1"
        case .quit: "F10  Ctrl-Q"
        case .focusNext: "Tab"
        case .focusPrevious: "Shift-Tab"
        case .focusPane: "Alt-1..5"
        case .zoom: "F2  Alt-Z"
        case .scrollUp: "PgUp"
        case .scrollDown: "PgDn"
        case .scrollLessonUp: "Alt-PgUp"
        case .scrollLessonDown: "Alt-PgDn"
        case .hint: "F3  Alt-H"
        case .showMe: "F4  Alt-S"
        case .nextStep: "F5  Alt-N"
        case .previousStep: "F6  Alt-B"
        case .lessons: "F7  Alt-L"
        case .explain: "F8  Alt-E"
        }
    }

    public var summary: String {
        switch self {
        case .help: "show or hide this help"
        case .quit: "quit (your progress is kept)"
        case .focusNext: "focus the next pane"
        case .focusPrevious: "focus the previous pane"
        case .focusPane: "focus Lesson, Listener, Client, Connections, Packets"
        case .zoom: "zoom the focused pane to the full screen, and back"
        case .scrollUp: "scroll the focused pane back"
        case .scrollDown: "scroll the focused pane forward"
        case .scrollLessonUp: "scroll the lesson's text back, from any pane"
        case .scrollLessonDown: "scroll the lesson's text forward, from any pane"
        case .hint: "show the next hint for this step"
        case .showMe: "show me: type this step's command for me"
        case .nextStep: "skip to the next step (or the next lesson)"
        case .previousStep: "go back one step"
        case .lessons: "pick a lesson"
        case .explain: "explain a captured packet (Up/Down pick, Esc back)"
        }
    }

    /// The action a key triggers in any pane, if any. Only keys a learner cannot type by
    /// accident act: F-keys, Ctrl and Alt combinations, Tab, the page keys. Printable
    /// characters are always text, even in the Lesson pane, so `nc -l 8080` typed there
    /// never skips a step on its `n`.
    public static func action(for key: Key) -> (GlobalAction, PaneID?)? {
        switch key {
        case .function(1): return (.help, nil)
        case .function(10), .control("q"): return (.quit, nil)
        case .tab: return (.focusNext, nil)
        case .backTab: return (.focusPrevious, nil)
        case .function(2), .alt("z"), .alt("Z"): return (.zoom, nil)
        case .pageUp: return (.scrollUp, nil)
        case .pageDown: return (.scrollDown, nil)
        case .altPageUp: return (.scrollLessonUp, nil)
        case .altPageDown: return (.scrollLessonDown, nil)
        case .function(3), .alt("h"): return (.hint, nil)
        case .function(4), .alt("s"): return (.showMe, nil)
        case .function(5), .alt("n"): return (.nextStep, nil)
        case .function(6), .alt("b"): return (.previousStep, nil)
        case .function(7), .alt("l"): return (.lessons, nil)
        case .function(8), .alt("e"): return (.explain, nil)
        case .alt(let c):
            if let n = c.wholeNumberValue, let pane = PaneID(number: n) { return (.focusPane, pane) }
            return nil
        default:
            return nil
        }
    }
}

extension GlobalAction {
    /// The help overlay's rows: actions that come in pairs share a row, to fit 80x24.
    public static var helpRows: [(keys: String, summary: String)] {
        var rows: [(String, String)] = []
        for action in allCases {
            switch action {
            case .focusPrevious, .scrollDown, .scrollLessonDown, .previousStep:
                continue
            case .nextStep:
                rows.append(("\(GlobalAction.nextStep.keyLabel)  \(GlobalAction.previousStep.keyLabel)", "next step (or lesson) / back one step"))
            case .focusNext:
                rows.append(("\(GlobalAction.focusNext.keyLabel)  \(GlobalAction.focusPrevious.keyLabel)", "next / previous pane"))
            case .scrollUp:
                rows.append(("\(GlobalAction.scrollUp.keyLabel)  \(GlobalAction.scrollDown.keyLabel)", "scroll the focused pane back / forward"))
            case .scrollLessonUp:
                rows.append(("\(GlobalAction.scrollLessonUp.keyLabel)  \(GlobalAction.scrollLessonDown.keyLabel)", "scroll the lesson's text, from any pane"))
            default:
                rows.append((action.keyLabel, action.summary))
            }
        }
        return rows
    }
}

/// Keys of the Lesson pane when it has focus. Letters there are text: they go to the
/// step's pane or answer line, never to a command.
public enum LessonPaneKeys {
    public static let table: [(keys: String, summary: String)] = [
        ("typing  Enter", "to the step's pane or answer line / next, when done"),
    ]

    /// What the status bar says when a reading step's Lesson pane is typed in.
    public static let readingHint = "F5 next step · F6 back · F3 hint · F4 show me · Alt-PgDn more text"
}

/// Keys of the input line, listed in the help overlay.
public enum InputLineKeys {
    public static let table: [(keys: String, summary: String)] = [
        ("Enter", "run the command typed"),
        ("Up  Down", "previous and next command"),
        ("Left Right Home End", "move in the line (Ctrl-A, Ctrl-E too)"),
        ("Ctrl-U  Ctrl-K  Ctrl-W", "delete to start, to end, the word before"),
        ("Ctrl-C", "stop what runs in the pane (in the Lesson pane: quit)"),
    ]
}
