#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SafeText
import ToolCommands
import SocketsCore
import NetworkTypes

/// The Client pane: telnet, nc, curl.
extension SocketHub {
    static let resolutionPollInterval = Duration.milliseconds(20)

    func connectClient(_ request: ClientRequest, now: ContinuousClock.Instant) -> [SocketEvent] {
        var events = client == nil ? [] : closeClient(byPeer: false, lines: [PaneLine(.status, "(previous connection closed)")])
        let timeout = configuration.connectTimeoutSeconds
        let session: any ClientSession
        switch request {
        case .telnet(let t): session = TelnetSession(command: t, connectTimeoutSeconds: timeout)
        case .netcat(let n): session = NetcatClientSession(request: n, connectTimeoutSeconds: timeout)
        case .curl(let c): session = CurlSession(command: c, connectTimeoutSeconds: timeout)
        }
        var state = ClientState(session: session, phase: .connected, fd: nil,
                                outgoing: OutgoingBuffer(limit: configuration.maxPendingOutputBytes), startedAt: now)
        if var addresses = ImmediateResolution.addresses(for: session.host, port: session.port) {
            if let family = session.family { addresses = addresses.filter { $0.family == family } }
            client = state
            events += startAttempts(addresses, now: now)
            return events
        }
        let lookup = resolver.start(host: session.host, port: session.port, transport: session.transport)
        state.phase = .resolving(lookup: lookup, poll: now,
                                 giveUp: now.advanced(by: .seconds(configuration.resolutionTimeoutSeconds)))
        client = state
        events.append(SocketEvent(.client, .resolving(host: session.host)))
        // The lookup may already be answered (a cache, /etc/hosts): check at once.
        events += clientTimers(now: now)
        return events
    }

    func clientTimers(now: ContinuousClock.Instant) -> [SocketEvent] {
        guard let state = client else { return [] }
        switch state.phase {
        case .resolving(let lookup, let poll, let giveUp):
            guard poll <= now else { return [] }
            switch resolver.status(of: lookup) {
            case .pending:
                if now >= giveUp {
                    resolver.cancel(lookup)
                    let host = state.session.host
                    return clientFailed(.portRunIntoName(host: host) ?? .offline(host: host, webServerPort: configuration.webServer.port),
                                        errno: nil, now: now)
                }
                client?.phase = .resolving(lookup: lookup, poll: now.advanced(by: Self.resolutionPollInterval), giveUp: giveUp)
                return []
            case .resolved(var addresses):
                if let family = state.session.family { addresses = addresses.filter { $0.family == family } }
                return startAttempts(addresses, now: now)
            case .failed(let failure):
                let host = state.session.host
                let error: TeachingError = .portRunIntoName(host: host) ?? (failure == .nameNotFound
                    ? .nameNotFound(host: host)
                    : .offline(host: host, webServerPort: configuration.webServer.port))
                return clientFailed(error, errno: nil, now: now)
            }
        case .connecting(let address, let remaining, let deadline):
            guard deadline <= now else { return [] }
            if let fd = state.fd { forget(fd); client?.fd = nil }
            client?.lastErrno = .timedOut
            if !remaining.isEmpty {
                let lines = client?.session.attemptFailed(address, .timedOut) ?? []
                return [SocketEvent(.client, .notice, lines: lines)] + startAttempts(remaining, now: now)
            }
            return clientFailed(.timedOut(host: state.session.host, port: state.session.port,
                                          seconds: state.session.connectTimeoutSeconds),
                                errno: nil, now: now)
        case .connected:
            return []
        }
    }

    /// Tries `addresses` in order until one connects (as telnet and curl do).
    func startAttempts(_ addresses: [SocketAddress], now: ContinuousClock.Instant) -> [SocketEvent] {
        guard var state = client else { return [] }
        guard let address = addresses.first else {
            if let e = state.lastErrno {
                return clientFailed(.connectFailure(e, host: state.session.host, port: state.session.port,
                                                    webServerPort: configuration.webServer.port,
                                                    timeoutSeconds: state.session.connectTimeoutSeconds),
                                    errno: e, now: now)
            }
            return clientFailed(.nameNotFound(host: state.session.host), errno: nil, now: now)
        }
        let remaining = Array(addresses.dropFirst())
        var events = [SocketEvent(.client, .trying(address), lines: state.session.trying(address))]
        let fd: Int32
        switch POSIXSocket.make(address.family, state.session.transport) {
        case .success(let made): fd = made
        case .failure(let e):
            client?.lastErrno = e
            events.append(SocketEvent(.client, .notice, lines: remaining.isEmpty ? [] : state.session.attemptFailed(address, e)))
            client?.session = state.session
            return events + startAttempts(remaining, now: now)
        }
        roles[fd] = .client
        state.fd = fd
        let deadline = now.advanced(by: .seconds(state.session.connectTimeoutSeconds))
        switch POSIXSocket.connect(fd, to: address) {
        case .connected:
            client = state
            return events + clientConnected(address, now: now)
        case .inProgress:
            state.phase = .connecting(address: address, remaining: remaining, deadline: deadline)
            client = state
            return events
        case .failed(let e):
            forget(fd)
            state.fd = nil
            state.lastErrno = e
            client = state
            if !remaining.isEmpty {
                let lines = client?.session.attemptFailed(address, e) ?? []
                return events + [SocketEvent(.client, .notice, lines: lines)] + startAttempts(remaining, now: now)
            }
            return events + startAttempts([], now: now)
        }
    }

    func clientConnected(_ remote: SocketAddress, now: ContinuousClock.Instant) -> [SocketEvent] {
        guard var state = client, let fd = state.fd else { return [] }
        let local = POSIXSocket.localAddress(fd) ?? .loopback(remote.family, port: 0)
        state.phase = .connected
        state.remote = remote
        let step = state.session.connected(local: local, remote: remote)
        let early = state.typedEarly
        state.typedEarly = []
        client = state
        var events = apply(step, kind: .connected(local: local, remote: remote), now: now)
        for line in early where client != nil { events += clientUserLine(line, now: now) }
        return events
    }

    /// Shows a step's lines, sends its bytes, closes if it says so.
    func apply(_ step: ClientStep, kind: SocketEvent.Kind, now: ContinuousClock.Instant,
               echo: [PaneLine] = []) -> [SocketEvent] {
        var events: [SocketEvent] = []
        var kind = kind
        if let status = step.httpStatus {
            events.append(SocketEvent(.client, kind, lines: []))
            kind = .httpResponse(status: status.status, reason: status.reason)
        }
        events.append(SocketEvent(.client, kind, lines: echo + step.lines, partialLine: step.partialLine))
        if let outcome = step.httpFinished { events.append(SocketEvent(.client, .httpExchangeFinished(outcome))) }
        if let prompt = step.prompt { events.append(SocketEvent(.client, .promptChanged(prompt))) }
        if !step.send.isEmpty { events += clientQueue(step.send, now: now) }
        if step.close { events += closeClient(byPeer: false, lines: []) }
        return events.filter { !($0.kind == .notice && $0.lines.isEmpty) }
    }

    func clientQueue(_ bytes: [UInt8], now: ContinuousClock.Instant) -> [SocketEvent] {
        guard let state = client, let fd = state.fd, case .connected = state.phase else {
            return [SocketEvent(.client, .notice, lines: [PaneLine(.warning, "Not sent: not connected yet.")])]
        }
        if state.session.transport == .udp {
            switch bytes.withUnsafeBytes({ POSIXSocket.send(fd, $0) }) {
            case .failed(let e):
                return udpFailure(e, now: now)
            default:
                return [SocketEvent(.client, .clientSent(byteCount: bytes.count))]
            }
        }
        guard client!.outgoing.append(bytes) else {
            let error = TeachingError.sendBufferFull(limit: configuration.maxPendingOutputBytes)
            return [.failure(.client, error)]
        }
        var events = [SocketEvent(.client, .clientSent(byteCount: bytes.count))]
        if let e = client!.outgoing.flush(to: fd) { events += clientBroken(e, now: now) }
        return events
    }

    func udpFailure(_ e: Errno, now: ContinuousClock.Instant) -> [SocketEvent] {
        guard let state = client else { return [] }
        if e == .connectionRefused {
            return [SocketEvent(.client, .notice, lines: [
                PaneLine(.warning, "Nothing is listening on UDP port \(state.session.port) at \(state.session.host)."),
                PaneLine(.explanation, "An earlier datagram was answered by an ICMP \"port unreachable\" message:"),
                PaneLine(.explanation, "UDP has no handshake, so this is the only way to learn the port is closed."),
            ])]
        }
        return [.failure(.client, .system("send()", e))]
    }

    func serviceClient(revents: Int16, now: ContinuousClock.Instant) -> [SocketEvent] {
        guard let state = client, let fd = state.fd else { return [] }
        if case .connecting(let address, let remaining, _) = state.phase {
            guard revents & Int16(POLLOUT | POLLERR | POLLHUP) != 0 else { return [] }
            if let e = POSIXSocket.pendingError(fd) {
                forget(fd)
                client?.fd = nil
                client?.lastErrno = e
                if !remaining.isEmpty {
                    let lines = client?.session.attemptFailed(address, e) ?? []
                    return [SocketEvent(.client, .notice, lines: lines)] + startAttempts(remaining, now: now)
                }
                return startAttempts([], now: now)
            }
            return clientConnected(address, now: now)
        }
        var events: [SocketEvent] = []
        if revents & Int16(POLLOUT) != 0, let e = client?.outgoing.flush(to: fd) {
            return clientBroken(e, now: now)
        }
        guard revents & Int16(POLLIN | POLLHUP | POLLERR) != 0 else { return events }
        switch readOnce(fd) {
        case .transferred(let n):
            guard var session = client?.session else { return events }
            // curl must parse every byte to find the end of the response; telnet and nc
            // only show them, so a flood beyond the display budget is counted, not drawn.
            let show = session is CurlSession || clientBudget.admit(n, now: now)
            var step: ClientStep
            if show {
                step = session.received(scratchBytes(n))
            } else {
                step = ClientStep()
            }
            client?.session = session
            let payload = Array(scratchBytes(n))
            events += apply(step, kind: .clientReceived(byteCount: n), now: now).map { event in
                guard case .clientReceived = event.kind else { return event }
                var withBytes = event
                withBytes.payload = payload
                return withBytes
            }
        case .wouldBlock:
            break
        case .endOfStream:
            guard var session = client?.session else { return events }
            var step = session.peerClosed()
            step.close = false
            client?.session = session
            events += apply(step, kind: .notice, now: now)
            events += closeClient(byPeer: true, lines: [])
        case .failed(let e):
            if state.session.transport == .udp { return udpFailure(e, now: now) }
            events += clientBroken(e, now: now)
        }
        return events
    }

    func clientBroken(_ e: Errno, now: ContinuousClock.Instant) -> [SocketEvent] {
        let error: TeachingError = e == .connectionReset ? .connectionReset : .system("the connection", e)
        var lines: [PaneLine] = [PaneLine(.error, e == .connectionReset ? "Connection reset by peer." : "Connection failed: \(e)")]
        lines += error.lines.dropFirst().map { PaneLine(.explanation, $0) }
        return closeClient(byPeer: true, lines: lines)
    }

    func clientFailed(_ error: TeachingError, errno: Errno?, now: ContinuousClock.Instant) -> [SocketEvent] {
        guard let state = client else { return [] }
        let elapsed = now - state.startedAt
        let ms = Int(elapsed.components.seconds) * 1000 + Int(elapsed.components.attoseconds / 1_000_000_000_000_000)
        if let fd = state.fd { forget(fd) }
        if case .resolving(let lookup, _, _) = state.phase { resolver.cancel(lookup) }
        client = nil
        return [SocketEvent(.client, .failed(error), lines: state.session.failed(error, errno: errno, elapsedMilliseconds: ms)),
                SocketEvent(.client, .clientClosed(byPeer: false))]
    }

    func clientUserLine(_ text: String, now: ContinuousClock.Instant) -> [SocketEvent] {
        guard var session = client?.session else {
            return [SocketEvent(.client, .notice, lines: [
                PaneLine(.warning, "Not connected. Start with telnet HOST PORT, nc HOST PORT or curl URL."),
            ])]
        }
        if let state = client, state.session.transport == .tcp, state.typedEarly.count < 64 {
            if case .connected = state.phase {} else {
                client?.typedEarly.append(text)
                return []
            }
        }
        let inPrompt = (session as? TelnetSession)?.mode == .commandPrompt
        let step = session.userLine(text)
        client?.session = session
        let echo = inPrompt ? [PaneLine(.status, TelnetSession.prompt + text)]
                            : step.send.isEmpty ? [] : [PaneLine(.sent, text)]
        return apply(step, kind: .notice, now: now, echo: echo)
    }

    func clientEscape(now: ContinuousClock.Instant) -> [SocketEvent] {
        guard var session = client?.session else { return [] }
        let step = session.escape()
        client?.session = session
        return apply(step, kind: .notice, now: now)
    }

    func clientSendRaw(_ bytes: [UInt8], now: ContinuousClock.Instant) -> [SocketEvent] {
        clientQueue(bytes, now: now)
    }

    func closeClient(byPeer: Bool, lines: [PaneLine]) -> [SocketEvent] {
        guard let state = client else { return [] }
        if let fd = state.fd { forget(fd) }
        if case .resolving(let lookup, _, _) = state.phase { resolver.cancel(lookup) }
        client = nil
        return [SocketEvent(.client, .clientClosed(byPeer: byPeer), lines: lines)]
    }
}
