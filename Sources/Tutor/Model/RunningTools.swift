import CaptureCore
import Lessons

/// What is running in the command panes, as the shell in a real terminal would know it:
/// while `nc -l` runs, lines typed in the Listener pane go to the peer, not to a shell.
/// Each tool's state is an enum whose cases hold only what is true in them, so a client
/// cannot be connected without running, nor a listener have peers without listening.
public struct RunningTools: Sendable, Hashable {
    /// `nc -l` in the Listener pane.
    public var listener: ListenerState = .idle(lastPort: nil)
    /// telnet, nc or curl in the Client pane.
    public var client: ClientState = .idle(lastServerPort: nil)
    /// The learner's tcpdump (or a replayed recording) in the Packets pane.
    public var packets: PacketsCapture = .idle
    /// porttutor's own quiet capture, which feeds the packet checks.
    public var quietCapture: QuietCapture = .starting
    /// The built-in web server's port, once it listens; nil while it does not.
    public var webServerPort: Int?

    public init() {}

    /// The panes where a tool runs, in screen order: what a Ctrl-C in the Lesson pane
    /// was probably meant for.
    public var busyPanes: [PaneID] {
        [(PaneID.listener, listener.isRunning), (.client, client.isRunning), (.packets, packets.isRunning)]
            .filter(\.1).map(\.0)
    }
}
