import CaptureCore

/// What the Packets pane's tcpdump is doing. A live capture and a replay are different
/// cases, so a recording's label and a `-w` file never sit on the same capture.
public enum PacketsCapture: Sendable, Hashable {
    /// Nothing captures (never started, stopped or failed).
    case idle
    /// tcpdump captures live. With `-w`, `writePath` is the file the packets go to
    /// instead of the pane.
    case capturing(writePath: String?)
    /// A recording (or `tcpdump -r FILE`) plays into the pane: what it is.
    case replaying(label: String)

    /// What a capture that has just opened is doing.
    public init(_ start: CaptureStart) {
        if let label = start.recordingLabel {
            self = .replaying(label: label)
        } else {
            self = .capturing(writePath: start.request?.writePath)
        }
    }

    /// tcpdump or a replay runs: Ctrl-C stops it, and quitting asks first.
    public var isRunning: Bool {
        if case .idle = self { false } else { true }
    }

    /// The packets come from a recording: the pane's own capture is the only one that
    /// sees them, so they go to the checks from here.
    public var isReplay: Bool {
        if case .replaying = self { true } else { false }
    }

    /// The packets go to a file, not the pane: the pane has no count of its own to give.
    public var writesToFile: Bool {
        if case .capturing(writePath: .some) = self { true } else { false }
    }

    /// The word the Packets title starts with.
    public var doing: String {
        switch self {
        case .idle: "stopped"
        case .capturing: "capturing"
        case .replaying: "recording"
        }
    }
}
