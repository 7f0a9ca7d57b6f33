import CaptureCore

/// What is running in the command panes, as the shell in a real terminal would know it:
/// while `nc -l` runs, lines typed in the Listener pane go to the peer, not to a shell.
public struct RunningTools: Sendable, Hashable {
    /// `nc -l` is listening or still talking to its client.
    public var listenerRunning = false
    /// The port the listener is bound to (the lesson checks' "server port").
    public var listenerPort: Int?
    /// The listener's title-bar status while no client is connected ("listening on …").
    public var listenerIdleStatus: String?
    /// The listener's clients now connected, by connection: their addresses.
    public var listenerPeers: [Int: String] = [:]
    /// telnet, nc or curl is connecting or connected.
    public var clientRunning = false
    /// Which of them runs, while one does: Ctrl-C means something else to each.
    public var clientTool: ClientTool?
    /// The client's connection is made (no longer resolving or trying).
    public var clientConnected = false
    /// The port the client connects to.
    public var clientServerPort: Int?
    /// The learner's tcpdump (or a replay) is running in the Packets pane.
    public var captureRunning = false
    /// Set while the pane's tcpdump writes packets to a file (`-w`) instead of showing them.
    public var captureWritePath: String?
    /// Set while the Packets pane replays a recording: what it is.
    public var recordingLabel: String?
    /// The link type of porttutor's own capture (Ethernet on Linux's lo).
    public var watchLinkType: LinkType = .ethernet
    /// The built-in web server's port, once it listens.
    public var webServerPort: Int?
    /// Why porttutor's own capture could not start (no permission…), for the Packets pane.
    public var watchProblem: [String]?
    /// The Connections pane keeps the lesson port's rows in view until the learner scrolls.
    public var connectionsFollowLessonPort = true
    /// The socket table could not be read: why.
    public var tableProblem: String?

    public init() {}
}

/// The tools the Client pane runs.
public enum ClientTool: Sendable, Hashable {
    case telnet
    case netcat
    case curl
}
