import ToolCommands
import SocketsCore
import Sockets
import Tutor

/// porttutor's own sockets on the run loop: the Listener pane's `nc -l`, the Client
/// pane's telnet, nc and curl, and the built-in web server, all in one ``SocketHub``.
public final class SocketsSource: IOSource {
    public let hub: SocketHub
    /// The session's time zero on the hub's clock: the hub keeps `ContinuousClock` instants
    /// (and reads `ContinuousClock.now` itself), so it runs on the real clock only.
    private let origin: ContinuousClock.Instant

    public init(hub: SocketHub = SocketHub(), clock: SystemClock, portHolders: PortHolders? = PortHolders()) {
        self.hub = hub
        self.origin = clock.origin
        if let portHolders {
            hub.portHolder = { port, transport in portHolders.holder(of: port, udp: transport == .udp) }
        }
    }

    public var pollRequests: [PollRequest] {
        hub.pollInterests.map { PollRequest(descriptor: $0.fd, events: $0.events) }
    }

    public var nextDeadline: Duration? {
        hub.nextDeadline.map { $0 - origin }
    }

    public func handle(descriptor: Int32, revents: Int16, now: Duration) -> [Event] {
        wrap(hub.handle(fd: descriptor, revents: revents, now: instant(now)))
    }

    public func deadlineReached(now: Duration) -> [Event] {
        wrap(hub.timersFired(now: instant(now)))
    }

    /// `Effect.socket`.
    public func perform(_ request: SocketRequest, now: Duration) -> [Event] {
        wrap(hub.perform(request, now: instant(now)))
    }

    public func shutDown() {
        _ = hub.perform(.closeClient)
        _ = hub.perform(.stopListener)
        _ = hub.perform(.stopWebServer)
    }

    private func instant(_ now: Duration) -> ContinuousClock.Instant { origin + now }

    private func wrap(_ events: [SocketEvent]) -> [Event] {
        events.isEmpty ? [] : [.sockets(events)]
    }
}
