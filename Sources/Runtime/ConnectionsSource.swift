import ToolCommands
import SocketsCore
import Connections
import ConnectionsCore
import NetworkTypes
import Tutor
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The kernel's socket table on the run loop: read about once a second, and at once after
/// porttutor's own sockets change. Each read is stepped (a few milliseconds per turn of
/// the loop), so a machine with 20,000 sockets never holds the screen still. Every read
/// asks for all TCP and UDP sockets with their owners: the checks need the owners, and
/// `update` narrows the rows to what the pane's command asked for. The packet sockets come
/// with them (one small file more), so a tcpdump in another terminal counts as a capture.
public final class ConnectionsSource: IOSource {
    public static let everything = ConnectionsRequest(
        query: SocketQuery(transports: [.tcp, .udp], states: .all),
        display: DisplayOptions(style: .ss, numeric: true, showProcesses: true),
        includesPacketSockets: true)

    private let reader: ConnectionsReader
    private let period: Duration
    private var refresh: ConnectionsRefresh?
    private var nextRefresh: Duration = .zero
    /// A refresh was asked for while one was running: start another when it ends.
    private var askedAgain = false

    public init(reader: ConnectionsReader = ConnectionsReader(), period: Duration = .seconds(1)) {
        self.reader = reader
        self.period = period
    }

    public var pollRequests: [PollRequest] {
        guard let fd = refresh?.fileDescriptor else { return [] }
        return [PollRequest(descriptor: fd, events: Int16(POLLIN))]
    }

    public var nextDeadline: Duration? {
        guard let refresh else { return nextRefresh }
        // No descriptor to wait on (the /proc scan): step again on the next turn.
        return refresh.fileDescriptor == nil ? .zero : nil
    }

    public func handle(descriptor: Int32, revents: Int16, now: Duration) -> [Event] {
        step(now: now)
    }

    public func deadlineReached(now: Duration) -> [Event] {
        if refresh == nil { refresh = reader.beginRefresh(Self.everything) }
        return step(now: now)
    }

    /// `Effect.refreshConnections`: read the table now (or again once the read running ends).
    public func refreshNow(now: Duration) -> [Event] {
        if refresh != nil {
            askedAgain = true
            return []
        }
        refresh = reader.beginRefresh(Self.everything)
        return step(now: now)
    }

    public func shutDown() { refresh = nil }

    private func step(now: Duration) -> [Event] {
        guard let running = refresh else { return [] }
        do {
            guard let snapshot = try running.step() else { return [] }
            finish(now: now)
            return [.socketTable(snapshot)]
        } catch {
            finish(now: now)
            return [.socketTableFailed("\(error)")]
        }
    }

    private func finish(now: Duration) {
        refresh = nil
        nextRefresh = SecondsGrid.next(after: now, period: period)
        if askedAgain {
            askedAgain = false
            nextRefresh = now
        }
    }
}
