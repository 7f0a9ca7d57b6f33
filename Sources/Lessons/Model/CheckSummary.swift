import NetworkTypes

/// The words a checklist shows for a check before it holds.
extension Check {
    /// The teacher's `label`, or a description generated from the predicate.
    public var summary: String {
        label ?? kind.summary
    }
}

extension Check.Kind {
    public var summary: String {
        switch self {
        case .listening(let listening):
            var text = "something listens on \(listening.proto.name.uppercased()) port \(listening.port)"
            if let address = listening.address { text += " at \(address)" }
            return text + listening.owner.phrase
        case .connected(let connected):
            return "a connection to port \(connected.port) is established" + connected.owner.phrase
        case .closed(let port):
            return "the connection to port \(port) is closed"
        case .received(let received):
            return "the \(received.side) receives \(received.match)"
        case .httpRequest(let request):
            var text = "an HTTP request"
            if let method = request.method { text = "a \(method) request" }
            if let path = request.path { text += " for \(path)" }
            if !request.headers.isEmpty { text += " with \(request.headers.joined(separator: ", "))" }
            if let port = request.port { text += " reaches port \(port)" }
            return text
        case .httpResponse(let response):
            var text = "an HTTP response"
            if response.status != .any { text += " with status \(response.status)" }
            if let port = response.port { text += " from port \(port)" }
            return text + " comes back"
        case .packet(let packet):
            var text = packet.source == .recording ? "a recorded packet" : "a packet"
            if let filter = packet.filter { text += " matching `\(filter.text)`" }
            if let flags = packet.flags { text += " with flags [\(flags.tcpdumpLetters)]" }
            if let payload = packet.payload { text += " carrying \(payload)" }
            return text + " is captured"
        case .handshake(let port, let source):
            return "the SYN, SYN-ACK, ACK handshake to port \(port) is captured" + (source == .recording ? " (recording)" : "")
        case .typed(let typed):
            return "you type \(typed.match)" + (typed.pane.map { " in the \($0) pane" } ?? "")
        case .capturing(let capturing):
            return "a capture runs on the loopback, in the Packets pane or another terminal"
                + (capturing.port.map { ", seeing \(capturing.proto == .udp ? "UDP " : "")port \($0)" } ?? "")
        case .connectionRow(let row):
            var parts: [String] = []
            if let proto = row.proto { parts.append(proto.name) }
            if let localPort = row.localPort { parts.append("local port \(localPort)") }
            if let remotePort = row.remotePort { parts.append("remote port \(remotePort)") }
            if let port = row.port { parts.append("port \(port)") }
            if let state = row.state { parts.append("in state \(state)") }
            return "the table shows a row with " + parts.joined(separator: ", ")
        case .clients(let clients):
            return "\(clients.count) clients are connected to port \(clients.port) at once"
        case .bindRefused(let refused):
            switch refused.reason {
            case .inUse?: return "the Listener pane is refused port \(refused.port): address already in use"
            case .permission?: return "the Listener pane is refused port \(refused.port): permission denied"
            case nil: return "the Listener pane is refused port \(refused.port)"
            }
        case .datagramLost(let port):
            return "a UDP datagram goes to port \(port) while nothing is bound to it"
        case .anyOf(let checks):
            return checks.map(\.summary).joined(separator: ", or ")
        case .answer:
            return "you answer the question"
        }
    }
}

extension SocketOwner {
    var phrase: String {
        switch self {
        case .any: return ""
        case .porttutor: return " (in porttutor)"
        case .other: return " (by another program)"
        }
    }
}
