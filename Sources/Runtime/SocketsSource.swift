import Sockets
import Tutor

/// porttutor's own sockets on the run loop: the Listener pane's `nc -l`, the Client
/// pane's telnet, nc and curl, and the built-in web server, all in one ``SocketHub``.
public final class SocketsSource: IOSource {
    public let hub: SocketHub
    /// The run loop's time zero on the hub's clock (the hub keeps `ContinuousClock` instants).
    private var origin = ContinuousClock.now

    public init(hub: SocketHub = SocketHub(), portHolders: PortHolders? = PortHolders()) {
        self.hub = hub
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

    public func perform(_ effect: Effect, now: Duration) -> [Event]? {
        guard case .socket(let request) = effect else { return nil }
        return wrap(hub.perform(request, now: instant(now)))
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
