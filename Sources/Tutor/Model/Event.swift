/// Everything that can happen to porttutor, as plain data. The run loop turns file
/// descriptors, signals and timers into events; `update` is the only thing that reads them.
public enum Event: Sendable {
    /// The run loop has started: the moment to open what the session needs.
    case started(now: Duration)
    case key(Key)
    /// The terminal changed size (SIGWINCH or the backend noticed).
    case resize(TerminalSize)
    /// A mouse click landed in a pane.
    case click(PaneID)
    /// The mouse wheel turned over a pane: positive scrolls back in history.
    case wheel(PaneID, lines: Int)
    /// A timer fired; `now` is monotonic time since the run loop started.
    case tick(now: Duration)
    /// A signal that asks porttutor to end (SIGINT, SIGTERM, SIGHUP).
    case terminationSignal(Int32)
    /// Something the runtime wants the learner to know (a save failed).
    case notice(String)
}

/// The terminal size in cells.
public struct TerminalSize: Sendable, Hashable, CustomStringConvertible {
    public var columns: Int
    public var rows: Int

    public init(columns: Int, rows: Int) {
        self.columns = max(0, columns)
        self.rows = max(0, rows)
    }

    public var description: String { "\(columns)x\(rows)" }
}
