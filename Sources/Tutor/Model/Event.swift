import CaptureCore
import ConnectionsCore
import Lessons
import NetworkTypes
import SocketsCore
import ToolCommands

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
    /// A timer fired; `now` is monotonic time since the run loop started. `timeOfDay` is
    /// the local wall-clock time in seconds since midnight (0..<86400), when the runtime
    /// read it (demo mode's clock); `update` never reads a clock itself.
    case tick(now: Duration, timeOfDay: Int? = nil)
    /// A signal that asks porttutor to end (SIGINT, SIGTERM, SIGHUP).
    case terminationSignal(Int32)
    /// Something the runtime wants the learner to know (a save failed).
    case notice(String)
    /// What happened on porttutor's own sockets (listener, client, built-in web server).
    case sockets([SocketEvent])
    /// A fresh read of the kernel's socket table (every socket, with owners).
    case socketTable(SocketSnapshot)
    /// The socket table could not be read: why.
    case socketTableFailed(String)
    /// What the capture did: started, packets, stopped, failed.
    case capture(CaptureReport)
}

/// News from the packet capture. `pane` reports belong to the learner's tcpdump in the
/// Packets pane; `watch` reports to porttutor's own quiet capture that lets the checks see
/// packets whichever tool made them.
public enum CaptureReport: Sendable {
    /// A capture opened: live on an interface, or replaying a file (a recording).
    case started(CaptureStart)
    /// Packets that arrived, in order (at most one poll's worth).
    case packets([CapturedPacket], for: CaptureRole)
    /// `save FILE` wrote this many packets.
    case saved(path: String, count: Int)
    /// libpcap's own counters for the pane's capture.
    case statistics(CaptureStatistics)
    /// The capture ended (a `-c` count reached, a file read to its end, stopped).
    case stopped(CaptureRole, reason: String)
    /// It could not start or broke: what happened and what to do, line by line.
    /// `needsPermission` when the process may not capture at all (demo mode then replays).
    case failed(CaptureRole, [String], needsPermission: Bool)
}

/// Which capture a report is about.
public enum CaptureRole: Sendable, Hashable {
    /// The learner's tcpdump in the Packets pane.
    case pane
    /// porttutor's own capture for the lesson checks.
    case watch
}

/// A capture that has just opened.
public struct CaptureStart: Sendable, Hashable {
    public var role: CaptureRole
    public var linkType: LinkType
    /// `lo`, or the file being replayed.
    public var source: String
    /// Set when replaying: what was recorded ("curl fetching …"), or "reading from file …".
    public var recordingLabel: String?
    /// A note about the interface name ("lo0 is macOS's name; on Linux it is lo").
    public var note: String?
    public var request: CaptureRequest?
    /// The machine's time zone and interface names, for printing its packets as tcpdump would.
    public var host: HostFacts

    public init(role: CaptureRole, linkType: LinkType, source: String, recordingLabel: String? = nil,
                note: String? = nil, request: CaptureRequest? = nil, host: HostFacts = HostFacts()) {
        self.role = role
        self.linkType = linkType
        self.source = source
        self.recordingLabel = recordingLabel
        self.note = note
        self.request = request
        self.host = host
    }
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
