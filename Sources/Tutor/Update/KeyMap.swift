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
        }
    }

    /// The action a key triggers in any pane, if any. `focus` matters for plain digits,
    /// which jump between panes only where no input line would take them.
    public static func action(for key: Key, focus: PaneID) -> (GlobalAction, PaneID?)? {
        switch key {
        case .function(1): return (.help, nil)
        case .function(10), .control("q"): return (.quit, nil)
        case .tab: return (.focusNext, nil)
        case .backTab: return (.focusPrevious, nil)
        case .function(2), .alt("z"), .alt("Z"): return (.zoom, nil)
        case .pageUp: return (.scrollUp, nil)
        case .pageDown: return (.scrollDown, nil)
        case .alt(let c):
            if let n = c.wholeNumberValue, let pane = PaneID(number: n) { return (.focusPane, pane) }
            return nil
        case .character(let c) where !focus.takesCommands:
            if let n = c.wholeNumberValue, let pane = PaneID(number: n) { return (.focusPane, pane) }
            return nil
        default:
            return nil
        }
    }
}

/// Keys of the input line, listed in the help overlay.
public enum InputLineKeys {
    public static let table: [(keys: String, summary: String)] = [
        ("Enter", "run the command typed"),
        ("Up  Down", "previous and next command"),
        ("Left Right Home End", "move in the line (Ctrl-A, Ctrl-E too)"),
        ("Ctrl-U  Ctrl-K  Ctrl-W", "delete to start, to end, the word before"),
        ("Ctrl-C", "stop what runs in the pane; quit when nothing runs"),
    ]
}
