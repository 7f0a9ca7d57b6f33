#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SafeText
import ToolCommands
import SocketsCore
import NetworkTypes

/// The built-in web server on loopback: the site the HTTP lesson talks to when offline.
extension SocketHub {
    static let lingerTime = Duration.seconds(2)

    func startWebServer(now: ContinuousClock.Instant) -> [SocketEvent] {
        if let webServer {
            let addresses = webServer.sockets.compactMap(POSIXSocket.localAddress)
            return [SocketEvent(.webServer, .webServerStarted(addresses: addresses))]
        }
        let port = configuration.webServer.port
        var state = WebServerState(site: BuiltInWebSite(port: port))
        var bound: [SocketAddress] = []
        for family in [AddressFamily.ipv4, .ipv6] {
            // Port 0 (tests): the kernel picks one for IPv4, and IPv6 gets the same.
            let address = SocketAddress.loopback(family, port: port == 0 ? bound.first?.port ?? 0 : port)
            switch openListeningSocket(address, .tcp) {
            case .success(let fd):
                state.sockets.append(fd)
                roles[fd] = .webListener
                bound.append(POSIXSocket.localAddress(fd) ?? address)
            case .failure(let e):
                if address.family == .ipv6 && !bound.isEmpty
                    && (e == .addressNotAvailable || e == .addressFamilyNotSupported) { continue }
                for fd in state.sockets { forget(fd) }
                return [.failure(.webServer, explained(.bindFailure(e, address: address, transport: .tcp)),
                                 headline: "The built-in web server could not start on port \(port): \(e)")]
            }
        }
        webServer = state
        return [SocketEvent(.webServer, .webServerStarted(addresses: bound), lines: bound.map {
            PaneLine(.status, "Built-in web server listening on http://\($0)/")
        })]
    }

    func stopWebServer() -> [SocketEvent] {
        guard let state = webServer else { return [] }
        for fd in state.sockets { forget(fd) }
        for stream in state.connections.values { forget(stream.fd) }
        webServer = nil
        return [SocketEvent(.webServer, .webServerStopped, lines: [PaneLine(.status, "Built-in web server stopped")])]
    }

    /// The web server's listening addresses (useful when it was started on port 0).
    public var webServerAddresses: [SocketAddress] {
        webServer?.sockets.compactMap(POSIXSocket.localAddress) ?? []
    }

    func acceptWebClients(_ fd: Int32, now: ContinuousClock.Instant) -> [SocketEvent] {
        var events: [SocketEvent] = []
        for _ in 0..<64 {
            guard var state = webServer else { break }
            switch POSIXSocket.accept(fd) {
            case .wouldBlock:
                return events
            case .failed(let e):
                if e == .tooManyOpenFiles || e == .tooManyOpenFilesInSystem {
                    events.append(.failure(.webServer, .tooManyOpenFiles))
                }
                return events
            case .accepted(let clientFD, let peerAddress):
                let peer = peerAddress ?? .loopback(.ipv4, port: 0)
                if state.connections.count >= configuration.webServer.maxConnections {
                    // Answer 503 if the socket takes it at once, then hang up.
                    let response = state.site.error(503, "Too many connections at once; try again.", keepAlive: false)
                    _ = response.bytes(date: BuiltInWebSite.httpDate()).withUnsafeBytes { POSIXSocket.send(clientFD, $0) }
                    POSIXSocket.close(clientFD)
                    continue
                }
                let local = POSIXSocket.localAddress(clientFD) ?? .loopback(.ipv4, port: 0)
                let stream = Stream(id: makeConnectionID(), fd: clientFD, peer: peer, local: local,
                                    limit: configuration.maxPendingOutputBytes, now: now)
                state.connections[stream.id] = stream
                roles[clientFD] = .webConnection(stream.id)
                webServer = state
            }
        }
        return events
    }

    func serviceWebConnection(_ id: ConnectionID, revents: Int16, now: ContinuousClock.Instant) -> [SocketEvent] {
        guard let stream = webServer?.connections[id] else { return [] }
        var events: [SocketEvent] = []
        if revents & Int16(POLLOUT) != 0 {
            if stream.outgoing.flush(to: stream.fd) != nil { closeWebConnection(id); return events }
            finishIfFlushed(stream, now: now)
        }
        guard revents & Int16(POLLIN | POLLHUP | POLLERR) != 0 else { return events }
        switch readOnce(stream.fd) {
        case .transferred(let n):
            stream.lastActivity = now
            if stream.lingerUntil != nil { return events }  // draining after our answer
            for output in stream.parser.feed(scratchBytes(n)) {
                events += answer(output, on: stream, now: now)
            }
            if stream.outgoing.flush(to: stream.fd) != nil { closeWebConnection(id); return events }
            finishIfFlushed(stream, now: now)
        case .wouldBlock:
            break
        case .endOfStream:
            // The client has said all it will say; answer what is queued, then close.
            if stream.outgoing.isEmpty { closeWebConnection(id) }
            else { stream.closeAfterFlush = true; stream.parser.stop() }
        case .failed:
            closeWebConnection(id)
        }
        return events
    }

    private func answer(_ output: HTTPRequestParser.Output, on stream: Stream, now: ContinuousClock.Instant) -> [SocketEvent] {
        guard let site = webServer?.site else { return [] }
        let response: BuiltInWebSite.Response
        let requestLine: [UInt8]
        switch output {
        case .request(let head):
            response = site.respond(to: head)
            requestLine = head.requestLine
        case .reject(let status, let detail, let line):
            response = site.error(status, detail, keepAlive: false)
            requestLine = line
        }
        if !response.keepAlive {
            stream.parser.stop()
            stream.closeAfterFlush = true
        }
        if !stream.outgoing.append(response.bytes(date: BuiltInWebSite.httpDate())) {
            stream.closeAfterFlush = true
            stream.parser.stop()
        }
        let shown = SafeText(bytes: requestLine.prefix(200))
        return [SocketEvent(.webServer, .webRequest(peer: stream.peer, requestLine: shown, status: response.status),
                            lines: [PaneLine(.status, "\(stream.peer) \"\(shown.string)\" \(response.status)")])]
    }

    /// After the last answer is sent: half-close and drain, so the client reads the whole
    /// answer instead of a reset caused by request bytes we never read.
    private func finishIfFlushed(_ stream: Stream, now: ContinuousClock.Instant) {
        guard stream.closeAfterFlush, stream.outgoing.isEmpty, stream.lingerUntil == nil else { return }
        POSIXSocket.shutdownWrite(stream.fd)
        stream.lingerUntil = now.advanced(by: Self.lingerTime)
    }

    func closeWebConnection(_ id: ConnectionID) {
        guard let stream = webServer?.connections.removeValue(forKey: id) else { return }
        forget(stream.fd)
    }

    func webServerTimers(now: ContinuousClock.Instant) -> [SocketEvent] {
        guard let state = webServer else { return [] }
        var events: [SocketEvent] = []
        let idle = Duration.seconds(configuration.webServer.idleTimeoutSeconds)
        for stream in Array(state.connections.values) {
            if let until = stream.lingerUntil {
                if until <= now { closeWebConnection(stream.id) }
                continue
            }
            guard stream.lastActivity.advanced(by: idle) <= now else { continue }
            if stream.parser.isInsideRequest {
                events += answer(.reject(status: 408, detail: "No complete request arrived within \(configuration.webServer.idleTimeoutSeconds) seconds.",
                                         requestLine: []), on: stream, now: now)
                _ = stream.outgoing.flush(to: stream.fd)
                finishIfFlushed(stream, now: now)
                if !stream.outgoing.isEmpty { closeWebConnection(stream.id) }
            } else {
                closeWebConnection(stream.id)
            }
        }
        return events
    }
}
