#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SafeText
import ToolCommands
import SocketsCore
import NetworkTypes

/// Owns every socket behind the Listener and Client panes and the built-in web server,
/// and turns poll() readiness into ``SocketEvent``s.
///
/// The run loop drives it:
/// 1. poll() on ``pollInterests`` (plus its own fds), with a timeout up to ``nextDeadline``;
/// 2. for each ready fd of ours, ``handle(fd:revents:now:)``;
/// 3. when the deadline passes, ``timersFired(now:)``;
/// 4. effects from `update` go to ``perform(_:now:)``.
/// Nothing here blocks, sleeps or starts a thread.
public final class SocketHub {
    public let configuration: SocketHubConfiguration
    let resolver: any HostResolver

    enum Role {
        case listenerSocket
        case listenerDatagram
        case listenerConnection(ConnectionID)
        case client
        case webListener
        case webConnection(ConnectionID)
    }

    /// An accepted TCP connection (listener or web server side).
    final class Stream {
        let id: ConnectionID
        let fd: Int32
        let peer: SocketAddress
        let local: SocketAddress
        var outgoing: OutgoingBuffer
        var decoder = SafeLineDecoder()
        var lastActivity: ContinuousClock.Instant
        // Web server only:
        var parser = HTTPRequestParser()
        var closeAfterFlush = false
        var lingerUntil: ContinuousClock.Instant?

        init(id: ConnectionID, fd: Int32, peer: SocketAddress, local: SocketAddress, limit: Int,
             now: ContinuousClock.Instant) {
            self.id = id
            self.fd = fd
            self.peer = peer
            self.local = local
            self.outgoing = OutgoingBuffer(limit: limit)
            self.lastActivity = now
        }
    }

    struct ListenerState {
        var request: ListenRequest
        var sockets: [Int32] = []
        var connections: [ConnectionID: Stream] = [:]
        var acceptPausedUntil: ContinuousClock.Instant?
        var lastFullWarning: ContinuousClock.Instant?
        var lastDatagramSender: (fd: Int32, address: SocketAddress)?
    }

    enum ClientPhase {
        case resolving(lookup: Int, poll: ContinuousClock.Instant, giveUp: ContinuousClock.Instant)
        case connecting(address: SocketAddress, remaining: [SocketAddress], deadline: ContinuousClock.Instant)
        case connected
    }

    struct ClientState {
        var session: any ClientSession
        var phase: ClientPhase
        var fd: Int32?
        var outgoing: OutgoingBuffer
        var startedAt: ContinuousClock.Instant
        var lastErrno: Errno?
        var remote: SocketAddress?
        /// Lines typed while still connecting: sent once connected, as a terminal keeps
        /// keystrokes for a telnet that is still "Trying...".
        var typedEarly: [String] = []
    }

    struct WebServerState {
        var sockets: [Int32] = []
        var connections: [ConnectionID: Stream] = [:]
        var site: BuiltInWebSite
    }

    var roles: [Int32: Role] = [:]
    var listener: ListenerState?
    var client: ClientState?
    var webServer: WebServerState?
    var listenerBudget: DisplayBudget
    var clientBudget: DisplayBudget
    private var nextConnectionID = 1
    let scratch: UnsafeMutableRawBufferPointer

    /// Finds who holds a port ("nc (pid 4242)") when a bind fails with "address in use".
    /// The run loop sets it from the socket table; nil leaves the error without a name.
    public var portHolder: ((UInt16, TransportProtocol) -> String?)?

    public init(configuration: SocketHubConfiguration = SocketHubConfiguration(),
                resolver: (any HostResolver)? = nil) {
        self.configuration = configuration
        self.resolver = resolver ?? makeSystemHostResolver()
        self.listenerBudget = DisplayBudget(bytesPerSecond: configuration.displayBytesPerSecond)
        self.clientBudget = DisplayBudget(bytesPerSecond: configuration.displayBytesPerSecond)
        self.scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: max(1024, configuration.readChunkBytes),
                                                              alignment: 16)
    }

    deinit {
        for fd in roles.keys { POSIXSocket.close(fd) }
        if case .resolving(let lookup, _, _)? = client?.phase { resolver.cancel(lookup) }
        scratch.deallocate()
    }

    /// The error with the port's holder named, when it is "address in use" and one is found.
    /// When the holder is porttutor's own web server, the error says so in its own words:
    /// "held by porttutor, stop the program" would ask the learner to quit the tutorial.
    func explained(_ error: TeachingError) -> TeachingError {
        guard case .addressInUse(let port, let address, let transport) = error.kind else { return error }
        if transport == .tcp, webServerAddresses.contains(where: { $0.port == port }) {
            return .heldByWebServer(port: port, address: address)
        }
        guard let holder = portHolder?(port, transport) else { return error }
        return error.withPortHolder(holder)
    }

    func makeConnectionID() -> ConnectionID {
        defer { nextConnectionID += 1 }
        return ConnectionID(rawValue: nextConnectionID)
    }

    // MARK: - What the run loop asks

    /// Every fd to poll and what for. POLLOUT only while output waits or a connect is in
    /// progress, so an idle hub never wakes the loop.
    public var pollInterests: [PollInterest] {
        var result: [PollInterest] = []
        result.reserveCapacity(roles.count)
        let now = ContinuousClock.now
        for (fd, role) in roles {
            var events = PollInterest.readable
            switch role {
            case .listenerSocket:
                if let until = listener?.acceptPausedUntil, until > now { continue }
            case .listenerDatagram, .webListener:
                break
            case .listenerConnection(let id):
                if listener?.connections[id]?.outgoing.isEmpty == false { events |= PollInterest.writable }
            case .webConnection(let id):
                if webServer?.connections[id]?.outgoing.isEmpty == false { events |= PollInterest.writable }
            case .client:
                if let client {
                    if case .connecting = client.phase { events = PollInterest.writable }
                    else if !client.outgoing.isEmpty { events |= PollInterest.writable }
                }
            }
            result.append(PollInterest(fd: fd, events: events))
        }
        return result.sorted { $0.fd < $1.fd }
    }

    /// The earliest moment ``timersFired(now:)`` has work: a lookup to poll, a connect
    /// timeout, an idle web client, a paused accept, a summary of skipped bytes.
    public var nextDeadline: ContinuousClock.Instant? {
        var deadlines: [ContinuousClock.Instant] = []
        if let client {
            switch client.phase {
            case .resolving(_, let poll, _): deadlines.append(poll)
            case .connecting(_, _, let deadline): deadlines.append(deadline)
            case .connected: break
            }
        }
        if let until = listener?.acceptPausedUntil { deadlines.append(until) }
        // A fixed moment, not "now + a bit": a deadline recomputed from now is never due.
        if let due = listenerBudget.summaryDue { deadlines.append(due) }
        if let due = clientBudget.summaryDue { deadlines.append(due) }
        if let webServer {
            let idle = Duration.seconds(configuration.webServer.idleTimeoutSeconds)
            for stream in webServer.connections.values {
                deadlines.append(stream.lingerUntil ?? stream.lastActivity.advanced(by: idle))
            }
        }
        return deadlines.min()
    }

    /// Handles readiness of one of our fds (`revents` as poll() returned it).
    public func handle(fd: Int32, revents: Int16, now: ContinuousClock.Instant = .now) -> [SocketEvent] {
        guard let role = roles[fd] else { return [] }
        switch role {
        case .listenerSocket: return acceptListenerClients(fd, now: now)
        case .listenerDatagram: return readDatagram(fd, now: now)
        case .listenerConnection(let id): return serviceListenerConnection(id, revents: revents, now: now)
        case .client: return serviceClient(revents: revents, now: now)
        case .webListener: return acceptWebClients(fd, now: now)
        case .webConnection(let id): return serviceWebConnection(id, revents: revents, now: now)
        }
    }

    /// Timeouts and polls due at `now`.
    public func timersFired(now: ContinuousClock.Instant = .now) -> [SocketEvent] {
        var events: [SocketEvent] = []
        events += clientTimers(now: now)
        if let until = listener?.acceptPausedUntil, until <= now { listener?.acceptPausedUntil = nil }
        if let text = listenerBudget.summary(now: now) {
            events.append(SocketEvent(.listener, .notice, lines: [PaneLine(.warning, text)]))
        }
        if let text = clientBudget.summary(now: now) {
            events.append(SocketEvent(.client, .notice, lines: [PaneLine(.warning, text)]))
        }
        events += webServerTimers(now: now)
        return events
    }

    /// Carries out one request from the panes.
    public func perform(_ request: SocketRequest, now: ContinuousClock.Instant = .now) -> [SocketEvent] {
        switch request {
        case .startListener(let listen): return startListener(listen, now: now)
        case .stopListener: return stopListener(reason: nil)
        case .listenerLine(let text): return listenerSend(text: text, bytes: nil)
        case .listenerBytes(let bytes): return listenerSend(text: nil, bytes: bytes)
        case .closeListenerConnection(let id): return closeListenerConnection(id, byPeer: false)
        case .connectClient(let request): return connectClient(request, now: now)
        case .clientLine(let text): return clientUserLine(text, now: now)
        case .clientEscape: return clientEscape(now: now)
        case .clientBytes(let bytes): return clientSendRaw(bytes, now: now)
        case .closeClient: return closeClient(byPeer: false, lines: [PaneLine(.status, "(closed)")])
        case .startWebServer: return startWebServer(now: now)
        case .stopWebServer: return stopWebServer()
        }
    }

    // MARK: - Facts for checks and tests

    /// How many descriptors the hub holds open right now.
    public var openDescriptorCount: Int { roles.count }
    /// Clients connected to the listener.
    public var listenerConnectionCount: Int { listener?.connections.count ?? 0 }
    public var isListening: Bool { !(listener?.sockets.isEmpty ?? true) }
    public var isClientConnected: Bool { if case .connected? = client?.phase { return true } else { return false } }
    public var isClientActive: Bool { client != nil }
    public var webServerConnectionCount: Int { webServer?.connections.count ?? 0 }
    public var isWebServerRunning: Bool { webServer != nil }

    // MARK: - Shared helpers

    /// Opens, configures, binds and (for TCP) listens on one address.
    func openListeningSocket(_ address: SocketAddress, _ transport: TransportProtocol) -> Result<Int32, Errno> {
        let fd: Int32
        switch POSIXSocket.make(address.family, transport) {
        case .success(let made): fd = made
        case .failure(let e): return .failure(e)
        }
        POSIXSocket.setReuseAddress(fd)
        // An IPv6 wildcard (::) also takes IPv4, as the learner asked for "everything";
        // ::1 is IPv6 only so that 127.0.0.1 can be its own socket.
        if address.family == .ipv6 { POSIXSocket.setIPv6Only(fd, !address.isUnspecified) }
        if let e = POSIXSocket.bind(fd, to: address) { POSIXSocket.close(fd); return .failure(e) }
        if transport == .tcp, let e = POSIXSocket.listen(fd, backlog: configuration.listenBacklog) {
            POSIXSocket.close(fd)
            return .failure(e)
        }
        return .success(fd)
    }

    /// Reads once from a stream socket into the scratch buffer.
    func readOnce(_ fd: Int32) -> POSIXSocket.IOResult {
        POSIXSocket.receive(fd, into: scratch)
    }

    func scratchBytes(_ count: Int) -> ArraySlice<UInt8> {
        ArraySlice(UnsafeRawBufferPointer(rebasing: scratch[0..<count]))
    }

    func forget(_ fd: Int32) {
        roles[fd] = nil
        POSIXSocket.close(fd)
    }
}
