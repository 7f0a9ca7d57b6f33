#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SafeText
import ToolCommands
import SocketsCore
import NetworkTypes

/// The Listener pane: `nc -l`, `-k`, `-u`.
extension SocketHub {
    func startListener(_ request: ListenRequest, now: ContinuousClock.Instant) -> [SocketEvent] {
        var events = listener == nil ? [] : stopListener(reason: "(the previous listener was closed)")
        var state = ListenerState(request: request)
        var bound: [SocketAddress] = []
        var notes: [PaneLine] = []
        let usingDefaults = request.addresses.count == 2 && request.addresses.allSatisfy(\.isLoopback)
        for address in request.addresses {
            switch openListeningSocket(address, request.transport) {
            case .success(let fd):
                state.sockets.append(fd)
                roles[fd] = request.transport == .tcp ? .listenerSocket : .listenerDatagram
                bound.append(POSIXSocket.localAddress(fd) ?? address)
            case .failure(let e):
                if usingDefaults && address.family == .ipv6
                    && (e == .addressNotAvailable || e == .addressFamilyNotSupported) {
                    notes.append(PaneLine(.status, "(IPv6 is not available on this machine: listening on IPv4 only)"))
                    continue
                }
                for fd in state.sockets { forget(fd) }
                let error = explained(TeachingError.bindFailure(e, address: address, transport: request.transport))
                events.append(.failure(.listener, error, headline: "nc: \(e)"))
                return events
            }
        }
        var lines: [PaneLine] = bound.map {
            PaneLine(.status, request.transport == .tcp ? "Listening on \($0.host) \($0.port)" : "Bound on \($0.host) \($0.port) (UDP)")
        }
        lines += notes
        if let warning = request.exposureWarning { lines.append(PaneLine(.warning, warning)) }
        listener = state
        events.append(SocketEvent(.listener, .listening(addresses: bound, transport: request.transport), lines: lines))
        return events
    }

    func stopListener(reason: String?) -> [SocketEvent] {
        guard let state = listener else { return [] }
        for fd in state.sockets { forget(fd) }
        for stream in state.connections.values { forget(stream.fd) }
        listener = nil
        return [SocketEvent(.listener, .listenerStopped,
                            lines: [PaneLine(.status, reason ?? "(stopped listening)")])]
    }

    func acceptListenerClients(_ fd: Int32, now: ContinuousClock.Instant) -> [SocketEvent] {
        var events: [SocketEvent] = []
        // Accept what is waiting, but a bounded number per wakeup so a SYN flood cannot
        // keep the loop here.
        for _ in 0..<64 {
            guard var state = listener, state.sockets.contains(fd) else { break }
            switch POSIXSocket.accept(fd) {
            case .wouldBlock:
                return events
            case .failed(let e):
                if e == .tooManyOpenFiles || e == .tooManyOpenFilesInSystem {
                    state.acceptPausedUntil = now.advanced(by: .milliseconds(200))
                    let quiet = state.lastFullWarning.map { now - $0 < .seconds(5) } ?? false
                    if !quiet {
                        state.lastFullWarning = now
                        events.append(.failure(.listener, .tooManyOpenFiles))
                    }
                    listener = state
                    return events
                }
                listener = state
                events.append(.failure(.listener, .system("accept()", e)))
                return events
            case .accepted(let clientFD, let peerAddress):
                let peer = peerAddress ?? POSIXSocket.peerAddress(clientFD) ?? .loopback(.ipv4, port: 0)
                let local = POSIXSocket.localAddress(clientFD) ?? .loopback(.ipv4, port: 0)
                if state.connections.count >= configuration.maxListenerClients {
                    POSIXSocket.close(clientFD)
                    let quiet = state.lastFullWarning.map { now - $0 < .seconds(5) } ?? false
                    if !quiet {
                        state.lastFullWarning = now
                        let error = TeachingError.tooManyClients(limit: configuration.maxListenerClients)
                        events.append(SocketEvent(.listener, .clientTurnedAway(peer: peer),
                                                  lines: error.lines.map { PaneLine(.warning, $0) }))
                    } else {
                        events.append(SocketEvent(.listener, .clientTurnedAway(peer: peer)))
                    }
                    listener = state
                    continue
                }
                let stream = Stream(id: makeConnectionID(), fd: clientFD, peer: peer, local: local,
                                    limit: configuration.maxPendingOutputBytes, now: now)
                state.connections[stream.id] = stream
                roles[clientFD] = .listenerConnection(stream.id)
                var lines = [PaneLine(.status, "Connection received on \(peer.host) \(peer.port)", connection: stream.id)]
                if !state.request.keepListening {
                    // nc -l without -k serves exactly one client: it stops listening now.
                    for listening in state.sockets { forget(listening) }
                    state.sockets = []
                    lines.append(PaneLine(.explanation, "(nc -l takes one client and stops listening; nc -lk keeps listening)"))
                }
                listener = state
                events.append(SocketEvent(.listener, .accepted(stream.id, peer: peer, local: local), lines: lines))
                if !state.request.keepListening { return events }
            }
        }
        return events
    }

    func serviceListenerConnection(_ id: ConnectionID, revents: Int16, now: ContinuousClock.Instant) -> [SocketEvent] {
        guard let stream = listener?.connections[id] else { return [] }
        var events: [SocketEvent] = []
        if revents & Int16(POLLOUT) != 0, let e = stream.outgoing.flush(to: stream.fd) {
            return closeListenerConnection(id, byPeer: true, error: e)
        }
        guard revents & Int16(POLLIN | POLLHUP | POLLERR) != 0 else { return events }
        switch readOnce(stream.fd) {
        case .transferred(let n):
            stream.lastActivity = now
            var lines: [PaneLine] = []
            if listenerBudget.admit(n, now: now) {
                lines = stream.decoder.feed(scratchBytes(n)).map { PaneLine(.received, $0, connection: id) }
            } else {
                stream.decoder = SafeLineDecoder()
            }
            events.append(SocketEvent(.listener, .received(id, byteCount: n), lines: lines,
                                      partialLine: stream.decoder.partialLine, payload: Array(scratchBytes(n))))
        case .wouldBlock:
            break
        case .endOfStream:
            events += closeListenerConnection(id, byPeer: true)
        case .failed(let e):
            events += closeListenerConnection(id, byPeer: true, error: e)
        }
        return events
    }

    func closeListenerConnection(_ id: ConnectionID, byPeer: Bool, error: Errno? = nil) -> [SocketEvent] {
        guard var state = listener, let stream = state.connections.removeValue(forKey: id) else { return [] }
        forget(stream.fd)
        var lines: [PaneLine] = []
        if let last = stream.decoder.finish() { lines.append(PaneLine(.received, last, connection: id)) }
        let who = "\(stream.peer.host) \(stream.peer.port)"
        if let error, error == .connectionReset {
            lines.append(PaneLine(.status, "Connection reset by \(who)", connection: id))
            lines += TeachingError.connectionReset.lines.dropFirst().map { PaneLine(.explanation, $0, connection: id) }
        } else if let error {
            lines.append(PaneLine(.status, "Connection with \(who) failed: \(error)", connection: id))
        } else {
            lines.append(PaneLine(.status, byPeer ? "Connection closed by \(who)" : "Closed the connection to \(who)",
                                  connection: id))
        }
        listener = state
        var events = [SocketEvent(.listener, .peerClosed(id, peer: stream.peer), lines: lines)]
        if !state.request.keepListening && state.connections.isEmpty && state.sockets.isEmpty {
            listener = nil
            events.append(SocketEvent(.listener, .listenerStopped, lines: [
                PaneLine(.status, "nc exits: its one client has gone. Type nc -l \(state.request.port) again, or use nc -lk to keep listening."),
            ]))
        }
        return events
    }

    func readDatagram(_ fd: Int32, now: ContinuousClock.Instant) -> [SocketEvent] {
        var events: [SocketEvent] = []
        for _ in 0..<64 {
            guard listener != nil else { break }
            let (result, sender) = POSIXSocket.receiveDatagram(fd, into: scratch)
            switch result {
            case .transferred(let n):
                let from = sender ?? .loopback(.ipv4, port: 0)
                listener?.lastDatagramSender = (fd, from)
                var lines = [PaneLine(.status, "Datagram of \(n) bytes from \(from.host) \(from.port)")]
                if listenerBudget.admit(n, now: now) {
                    var decoder = SafeLineDecoder()
                    lines += decoder.feed(scratchBytes(n)).map { PaneLine(.received, $0) }
                    if let last = decoder.finish() { lines.append(PaneLine(.received, last)) }
                }
                events.append(SocketEvent(.listener, .datagram(from: from, byteCount: n), lines: lines,
                                          payload: Array(scratchBytes(n))))
            case .wouldBlock, .endOfStream:
                return events
            case .failed(let e):
                // A previous reply bounced (ICMP port unreachable): report, keep listening.
                events.append(SocketEvent(.listener, .notice, lines: [
                    PaneLine(.warning, "The last reply could not be delivered: \(e)."),
                    PaneLine(.explanation, "UDP has no connection; the kernel learns of a closed port from an ICMP message."),
                ]))
                return events
            }
        }
        return events
    }

    func listenerSend(text: String?, bytes: [UInt8]?) -> [SocketEvent] {
        guard let state = listener else {
            return [.failure(.listener, TeachingError(kind: .notConnected, summary: "Nothing is listening: start with nc -l PORT.",
                                                       meaning: [], advice: []))]
        }
        let payload = bytes ?? (state.request.crlf ? LineEnding.crlf : .lf).bytes(for: text ?? "")
        let echo = text.map { [PaneLine(.sent, $0)] } ?? []
        if state.request.transport == .udp {
            guard let (fd, address) = state.lastDatagramSender else {
                return [SocketEvent(.listener, .notice, lines: echo + [
                    PaneLine(.warning, "Not sent: no datagram has arrived yet, so there is nobody to answer."),
                    PaneLine(.explanation, "A UDP listener learns a peer's address only from a datagram it receives."),
                ])]
            }
            switch POSIXSocket.sendDatagram(fd, payload, to: address) {
            case .failed(let e):
                return [.failure(.listener, .system("sendto() \(address)", e))]
            default:
                return [SocketEvent(.listener, .sent(byteCount: payload.count, recipients: []), lines: echo)]
            }
        }
        guard !state.connections.isEmpty else {
            return [SocketEvent.failure(.listener, .notConnected)]
        }
        var events: [SocketEvent] = []
        var recipients: [ConnectionID] = []
        for id in state.connections.keys.sorted() {
            guard let stream = state.connections[id] else { continue }
            if stream.outgoing.append(payload) {
                recipients.append(id)
                if let e = stream.outgoing.flush(to: stream.fd) {
                    events += closeListenerConnection(id, byPeer: true, error: e)
                }
            } else {
                events.append(SocketEvent(.listener, .failed(.sendBufferFull(limit: configuration.maxPendingOutputBytes)),
                                          lines: TeachingError.sendBufferFull(limit: configuration.maxPendingOutputBytes)
                                              .lines.map { PaneLine(.warning, $0, connection: id) }))
            }
        }
        events.insert(SocketEvent(.listener, .sent(byteCount: payload.count, recipients: recipients), lines: echo), at: 0)
        return events
    }
}
