import NetworkTypes

/// Something the engine saw really happen, fed to the `CheckEvaluator`.
///
/// Observations are plain data: the engine translates socket events, socket-table snapshots,
/// captured packets and key presses into these and never decides itself whether a step is done.
public enum Observation: Sendable, Hashable {
    /// The whole socket table as it is now (like `ss -tuan`): replaces the previous snapshot.
    case socketTable([SocketRow])
    /// Bytes that arrived at porttutor's listener or client, in the order they arrived.
    /// `serverPort` is the listener's port (for the client: the port it connected to), when known.
    case received(Side, [UInt8], serverPort: Int?)
    /// A request a porttutor server parsed (its built-in web server, for instance).
    case httpRequest(HTTPRequestSeen)
    /// A response a porttutor client parsed.
    case httpResponse(HTTPResponseSeen)
    /// porttutor's own curl finished an exchange: cleanly, or with one of curl's errors.
    case httpExchange(HTTPExchangeOutcome)
    /// A packet captured live, or replayed from a recording.
    case packet(PacketSeen)
    /// A line the learner entered in a pane (after Enter), as typed.
    case typed(PaneID, String)
    /// The live capture running in porttutor's Packets pane now, nil when none runs (it
    /// stopped, failed to start, or the pane replays a file): replaces the previous one.
    case paneCapture(CaptureSeen?)
    /// The packet sockets open on the machine now, each with a process holding it: how a
    /// tcpdump in another terminal shows. Replaces the previous list.
    case packetSockets([PacketSocketSeen])
    /// porttutor's Listener pane was refused a port by the kernel (bind failed).
    case bindRefused(port: Int, reason: BindRefusal)
}

/// A packet socket that receives frames, and one process holding it: a live capture
/// somewhere on the machine, as the kernel lists it (`ss -0 -p`): which interface it
/// watches and who holds it, not what its filter keeps.
public struct PacketSocketSeen: Sendable, Hashable {
    /// The holder's command name (`tcpdump`, `dumpcap`).
    public var process: String
    public var pid: Int
    /// The interface it is bound to (`lo`), nil for every interface (`tcpdump -i any`).
    public var interface: String?
    /// porttutor's own (its quiet loopback capture, or the Packets pane's), told by pid.
    public var isPorttutor: Bool

    public init(process: String, pid: Int, interface: String?, isPorttutor: Bool = false) {
        self.process = process
        self.pid = pid
        self.interface = interface
        self.isPorttutor = isPorttutor
    }

    /// The programs whose packet socket counts as a learner's capture: tcpdump, and
    /// Wireshark's family (the GUI and tshark capture through dumpcap). Daemons hold packet
    /// sockets too (DHCP clients), and do not count.
    public static let captureTools: Set<String> = ["tcpdump", "tshark", "dumpcap", "wireshark"]

    public var isCaptureTool: Bool { Self.captureTools.contains(process) }

    /// Whether it sees loopback traffic: bound to the loopback or to every interface.
    public var seesLoopback: Bool {
        interface.map { ["lo", "lo0"].contains($0) } ?? true
    }

    /// A learner's capture of the loopback in a terminal of their own.
    public var isLearnersLoopbackCapture: Bool {
        !isPorttutor && isCaptureTool && seesLoopback
    }
}

/// A live capture that really started, as tcpdump would report `listening on lo`.
public struct CaptureSeen: Sendable, Hashable {
    /// The interface it opened: `lo`, `lo0`, `any`, `eth0`.
    public var interface: String
    /// The tcpdump filter expression, "" for every packet.
    public var filter: String

    public init(interface: String, filter: String = "") {
        self.interface = interface
        self.filter = filter
    }

    /// Whether it sees loopback traffic: on the loopback itself (Linux `lo`, macOS `lo0`),
    /// or on Linux's `any`, which includes it.
    public var seesLoopback: Bool {
        ["lo", "lo0", "any"].contains(interface)
    }

    /// Whether its filter lets a conversation with `port` on the loopback through, in
    /// either direction and either IP family: a TCP one (SYN and SYN-ACK), or for `udp` a
    /// datagram each way. A filter beyond the lessons' small language cannot be judged
    /// here; it counts, since the capture did start and the note shows it.
    public func admitsLoopbackTraffic(port: Int, proto: TransportProtocol = .tcp) -> Bool {
        let text = filter.trimmingCharacters(in: " \t")
        guard !text.isEmpty, let parsed = try? PacketFilter(text) else { return true }
        guard let port = UInt16(exactly: port) else { return false }
        let client: UInt16 = 51234 == port ? 51235 : 51234
        return AddressFamily.allCases.contains { family in
            let server = SocketAddress.loopback(family, port: port), caller = SocketAddress.loopback(family, port: client)
            if proto == .udp {
                return parsed.matches(PacketSeen(proto: .udp, source: caller, destination: server))
                    || parsed.matches(PacketSeen(proto: .udp, source: server, destination: caller))
            }
            return parsed.matches(PacketSeen(source: caller, destination: server, flags: [.syn]))
                || parsed.matches(PacketSeen(source: server, destination: caller, flags: [.syn, .ack]))
        }
    }
}

extension SocketState {
    /// The connection is going away or gone: the other side said goodbye, or we did.
    /// `close` is left out: in the table it is ss's UNCONN, a socket that is not connected
    /// rather than one closing.
    var isClosing: Bool {
        [.finWait1, .finWait2, .timeWait, .closeWait, .lastAck, .closing].contains(self)
    }
}

/// One row of the socket table.
public struct SocketRow: Sendable, Hashable, CustomStringConvertible {
    public var proto: TransportProtocol
    public var local: SocketAddress
    /// Nil (or unspecified) for listening sockets.
    public var remote: SocketAddress?
    public var state: SocketState
    /// The owning program's name, `porttutor` for porttutor's own panes; nil when unknown.
    public var process: String?

    public init(proto: TransportProtocol, local: SocketAddress, remote: SocketAddress? = nil, state: SocketState, process: String? = nil) {
        self.proto = proto
        self.local = local
        self.remote = remote
        self.state = state
        self.process = process
    }

    /// A listening TCP socket, or a bound UDP socket.
    public var isListening: Bool {
        switch proto {
        case .tcp: return state == .listen
        case .udp: return state == .close && (remote == nil || remote?.port == 0 || remote?.isUnspecified == true)
        }
    }

    /// Whether porttutor owns it; the rest belong to other programs (real `nc`, browsers...).
    public var isPorttutor: Bool { process == "porttutor" }

    public var description: String {
        var text = "\(proto) \(local)"
        if let remote { text += " ⇄ \(remote)" }
        text += " \(state)"
        if let process { text += " (\(process))" }
        return text
    }

    func owned(by owner: SocketOwner) -> Bool {
        switch owner {
        case .any: return true
        case .porttutor: return isPorttutor
        case .other: return !isPorttutor
        }
    }
}

/// A decoded packet, as the capture pane shows it.
public struct PacketSeen: Sendable, Hashable {
    public var proto: TransportProtocol
    public var source: SocketAddress
    public var destination: SocketAddress
    /// Empty for UDP.
    public var flags: TCPFlags
    public var payload: [UInt8]
    /// Replayed from a lesson's recording, not captured now.
    public var fromRecording: Bool

    public init(proto: TransportProtocol = .tcp, source: SocketAddress, destination: SocketAddress, flags: TCPFlags = [], payload: [UInt8] = [], fromRecording: Bool = false) {
        self.proto = proto
        self.source = source
        self.destination = destination
        self.flags = flags
        self.payload = payload
        self.fromRecording = fromRecording
    }
}

public struct HTTPRequestSeen: Sendable, Hashable {
    public var method: String
    public var path: String
    /// `HTTP/1.1`, or nil for a bare `GET /` typed by hand.
    public var version: String?
    /// In the order they came, names as sent.
    public var headers: [HTTPHeader]
    /// The server's port, when known.
    public var port: Int?

    public init(method: String, path: String, version: String? = nil, headers: [HTTPHeader] = [], port: Int? = nil) {
        self.method = method
        self.path = path
        self.version = version
        self.headers = headers
        self.port = port
    }

    public func hasHeader(_ name: String) -> Bool {
        headers.contains { $0.name.lowercased() == name.lowercased() }
    }
}

public struct HTTPResponseSeen: Sendable, Hashable {
    public var status: Int
    /// `Found` in `HTTP/1.1 302 Found`.
    public var reason: String
    /// The server's port, when known.
    public var port: Int?

    public init(status: Int, reason: String = "", port: Int? = nil) {
        self.status = status
        self.reason = reason
        self.port = port
    }
}

