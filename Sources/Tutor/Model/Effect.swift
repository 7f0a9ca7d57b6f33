import CaptureCore
import Lessons
import SocketsCore
import ToolCommands

/// What `update` asks the outside world to do. The run loop performs effects and feeds
/// their results back as events, so `update` itself never touches a file descriptor.
public enum Effect: Sendable, Equatable {
    /// Leave the screen, restore the terminal and exit with this status.
    case quit(status: Int32)
    /// Write the learner's progress (atomically) so a kill loses nothing.
    case saveProgress(Progress)
    /// Words for the presenter's second screen in demo mode.
    case presenterNotes(String)
    /// Send a `.tick` this long from now (typing animation, demo pacing).
    case wake(after: Duration)
    /// Do something with porttutor's own sockets (listen, connect, send, close).
    case socket(SocketRequest)
    /// Read the socket table now rather than at the next second (after our own socket changed).
    case refreshConnections
    /// Start, stop or replay a capture.
    case capture(CaptureCommand)
    /// In the lab: the programs the current step starts on the lab's computers.
    case lab(LabRequest)
}

/// What porttutor asks of its lab (only when it runs in one).
public enum LabRequest: Sendable, Equatable {
    /// A step of this lesson began: start its programs (those not running already); a new
    /// lesson first stops the last one's.
    case step(lessonID: String, programs: [LabProgram])
}

/// What the Packets pane (and the checks' quiet capture) asks of libpcap.
public enum CaptureCommand: Sendable, Equatable {
    /// The learner's tcpdump: live on an interface, or `-r FILE`.
    case start(CaptureRequest)
    /// Ctrl-C in the Packets pane.
    case stop
    /// Replay a lesson's recording into the pane, labelled as a recording.
    case replay(path: String, label: String)
    /// `save FILE` in the Packets pane: write the packets it holds to a pcap file
    /// (`save! FILE`, `force`: even over an existing file that is not a capture).
    case save(path: String, packets: [CapturedPacket], linkType: LinkType, force: Bool = false)
    /// porttutor's own capture of loopback TCP and UDP, so the checks see packets
    /// whichever tool made them. Started once; fails quietly into a pane note.
    case watchLoopback
}
