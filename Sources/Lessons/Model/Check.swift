import NetworkTypes

/// A declarative predicate over what really happened on the machine.
///
/// Lessons never run commands: they name one of these, and the engine decides from the
/// socket table, the capture and the panes whether it holds, however the learner did it.
public struct Check: Sendable, Hashable {
    public var kind: Kind
    /// Optional words for the checklist, instead of the generated description.
    public var label: String?
    /// Where the check was written, for diagnostics.
    public var location: SourceLocation

    public init(_ kind: Kind, label: String? = nil, location: SourceLocation) {
        self.kind = kind
        self.label = label
        self.location = location
    }

    public indirect enum Kind: Sendable, Hashable {
        /// A socket listening on a port (TCP) or bound to it (UDP).
        case listening(Listening)
        /// An established TCP connection to a port.
        case connected(Connected)
        /// A connection to a port that existed was closed (FIN or RST seen, or it left the table).
        case closed(port: Int)
        /// Text arrived at the listener or at the client.
        case received(Received)
        /// An HTTP request reached a server (porttutor's listener, the built-in web server, or seen on the wire).
        case httpRequest(HTTPRequestCheck)
        /// An HTTP response came back to a client.
        case httpResponse(HTTPResponseCheck)
        /// A packet was captured that passes a filter, has some TCP flags, carries some payload.
        case packet(PacketCheck)
        /// The three-way handshake (SYN, SYN-ACK, ACK) of one connection to a port.
        case handshake(port: Int, source: PacketSource)
        /// The learner typed a line in a pane.
        case typed(Typed)
        /// A live capture runs in the Packets pane on the loopback (and lets a port through).
        case capturing(Capturing)
        /// A row of the socket table matches.
        case connectionRow(ConnectionRowCheck)
        /// Several clients connected to one port at the same time, told apart by their own ends.
        case clients(ClientsCheck)
        /// A listener in porttutor's Listener pane was refused its port (in use, or privileged).
        case bindRefused(BindRefusedCheck)
        /// A UDP datagram went to a port no socket was bound to: nobody heard it.
        case datagramLost(port: Int)
        /// At least one of these holds: for "do it in porttutor or in your own terminal".
        case anyOf([Check])
        /// The step's question was answered right. Added by the loader from `question:`.
        case answer(Question)
    }

    /// The names lesson files use for each kind of check, in the order diagnostics list them.
    public static var names: [String] { Name.allCases.map(\.rawValue) }

    /// A check's name as a lesson file spells it, and the arguments its mapping form takes:
    /// the one table the reader, lint's suggestions and the format document are held to.
    public enum Name: String, Sendable, Hashable, CaseIterable {
        case listening, connected, closed, received
        case httpRequest = "http-request"
        case httpResponse = "http-response"
        case packet, handshake, typed, capturing
        case connectionRow = "connection-row"
        case clients
        case bindRefused = "bind-refused"
        case datagramLost = "datagram-lost"
        case anyOf = "any-of"

        /// The keys `- name: {...}` accepts. `any-of` takes a list of checks instead.
        public var arguments: [String] {
            switch self {
            case .listening: return ["port", "proto", "address", "by"]
            case .connected: return ["port", "by"]
            case .closed: return ["port"]
            case .received: return ["by", "text", "pattern", "ignore-case", "port"]
            case .httpRequest: return ["method", "path", "headers", "port"]
            case .httpResponse: return ["status", "port", "complete"]
            case .packet: return ["filter", "flags", "payload", "source"]
            case .handshake: return ["port", "source"]
            case .typed: return ["pane", "text", "pattern", "ignore-case"]
            case .capturing: return ["port", "proto"]
            case .connectionRow: return ["proto", "state", "local-port", "remote-port", "port"]
            case .clients: return ["port", "count"]
            case .bindRefused: return ["port", "reason"]
            case .datagramLost: return ["port"]
            case .anyOf: return []
            }
        }
    }
}

extension Check.Kind {
    /// The port this check watches (a listener, a connection, a handshake...), for the
    /// tables to single out; nil for a check about no one port.
    public var port: Int? {
        switch self {
        case .listening(let listening): return listening.port
        case .connected(let connected): return connected.port
        case .handshake(let port, _), .closed(let port), .datagramLost(let port): return port
        case .clients(let clients): return clients.port
        default: return nil
        }
    }

    /// The name a lesson file writes for this kind; nil for `answer`, which the loader
    /// makes from `question:` rather than from a check item.
    public var name: Check.Name? {
        switch self {
        case .listening: return .listening
        case .connected: return .connected
        case .closed: return .closed
        case .received: return .received
        case .httpRequest: return .httpRequest
        case .httpResponse: return .httpResponse
        case .packet: return .packet
        case .handshake: return .handshake
        case .typed: return .typed
        case .capturing: return .capturing
        case .connectionRow: return .connectionRow
        case .clients: return .clients
        case .bindRefused: return .bindRefused
        case .datagramLost: return .datagramLost
        case .anyOf: return .anyOf
        case .answer: return nil
        }
    }
}

/// Whose socket counts: porttutor's panes, a real tool in another terminal, or either.
public enum SocketOwner: String, Sendable, Hashable, CaseIterable {
    case any, porttutor, other
}

/// Which end of a conversation received text.
public enum Side: String, Sendable, Hashable, CaseIterable, Codable, CustomStringConvertible {
    /// The program that listened (`nc -l`), i.e. the server side.
    case listener
    /// The program that connected (`telnet`, `nc`, `curl`).
    case client
    public var description: String { rawValue }
}

/// Whether packets count when captured live, when replayed from a lesson's recording, or both.
public enum PacketSource: String, Sendable, Hashable, CaseIterable {
    case live, recording, any

    func admits(fromRecording: Bool) -> Bool {
        switch self {
        case .any: return true
        case .live: return !fromRecording
        case .recording: return fromRecording
        }
    }
}

/// How to recognise text: a substring, a regular expression, or bytes (for binary payloads).
public enum TextMatch: Sendable, Hashable, CustomStringConvertible {
    case contains(String, ignoreCase: Bool)
    /// Swift regular expression syntax; validated when the lesson loads.
    case pattern(String, ignoreCase: Bool)
    /// These bytes appear in a row (payloads only).
    case bytes([UInt8])

    public var description: String {
        switch self {
        case .contains(let text, _): return "“\(text)”"
        case .pattern(let pattern, _): return "/\(pattern)/"
        case .bytes(let bytes): return "bytes " + bytes.map { String(format2: $0) }.joined()
        }
    }
}

extension String {
    /// Two lowercase hex digits.
    init(format2 byte: UInt8) {
        let digits = Array("0123456789abcdef")
        self = String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
    }
}

public struct Listening: Sendable, Hashable {
    public var port: Int
    public var proto: TransportProtocol
    /// When set, the socket must be reachable at this address: bound to it, or to the wildcard.
    public var address: LessonHost?
    public var owner: SocketOwner

    public init(port: Int, proto: TransportProtocol = .tcp, address: LessonHost? = nil, owner: SocketOwner = .any) {
        self.port = port
        self.proto = proto
        self.address = address
        self.owner = owner
    }
}

public struct Connected: Sendable, Hashable {
    /// The server's port: the connection's remote port as the client sees it.
    public var port: Int
    public var owner: SocketOwner

    public init(port: Int, owner: SocketOwner = .any) {
        self.port = port
        self.owner = owner
    }
}

public struct Received: Sendable, Hashable {
    public var side: Side
    public var match: TextMatch
    /// The listener's port. With it, payloads captured on the wire count too, so real tools in
    /// another terminal satisfy the check.
    public var port: Int?

    public init(side: Side, match: TextMatch, port: Int? = nil) {
        self.side = side
        self.match = match
        self.port = port
    }
}

public struct HTTPRequestCheck: Sendable, Hashable {
    public var method: String?
    public var path: String?
    /// Header names that must be present, compared without case.
    public var headers: [String]
    /// The server's port; with it, requests seen on the wire count too.
    public var port: Int?

    public init(method: String? = nil, path: String? = nil, headers: [String] = [], port: Int? = nil) {
        self.method = method
        self.path = path
        self.headers = headers
        self.port = port
    }
}

/// A status code or a class of them.
public enum StatusMatch: Sendable, Hashable, CustomStringConvertible {
    case any
    case exactly(Int)
    /// `3xx`: 300...399.
    case inClass(Int)

    public func matches(_ status: Int) -> Bool {
        switch self {
        case .any: return true
        case .exactly(let code): return code == status
        case .inClass(let digit): return status / 100 == digit
        }
    }

    public var description: String {
        switch self {
        case .any: return "any status"
        case .exactly(let code): return String(code)
        case .inClass(let digit): return "\(digit)xx"
        }
    }
}

public struct HTTPResponseCheck: Sendable, Hashable {
    public var status: StatusMatch
    /// The server's port; with it, responses seen on the wire count too.
    public var port: Int?
    /// The whole exchange must have finished well, as the client judges it: a status line,
    /// headers ended by an empty line, the body, and then the end (the length announced, or
    /// the close), with curl finishing without an error. A status line alone is not enough.
    /// On the wire (a real curl in another terminal), the server's bytes must form such a
    /// response and the connection must close after it (a FIN).
    public var complete: Bool

    public init(status: StatusMatch = .any, port: Int? = nil, complete: Bool = false) {
        self.status = status
        self.port = port
        self.complete = complete
    }
}

public struct PacketCheck: Sendable, Hashable {
    public var filter: PacketFilter?
    /// The exact set of TCP flags, as tcpdump prints them: `[SYN]`, `[SYN, ACK]`, `[ACK]`.
    public var flags: TCPFlags?
    public var payload: TextMatch?
    public var source: PacketSource

    public init(filter: PacketFilter? = nil, flags: TCPFlags? = nil, payload: TextMatch? = nil, source: PacketSource = .live) {
        self.filter = filter
        self.flags = flags
        self.payload = payload
        self.source = source
    }
}

public struct Typed: Sendable, Hashable {
    /// Any pane when nil.
    public var pane: PaneID?
    public var match: TextMatch

    public init(pane: PaneID? = nil, match: TextMatch) {
        self.pane = pane
        self.match = match
    }
}

/// A capture of the loopback that really runs, unlike `typed`, which also ticks for a
/// tcpdump command that failed (a wrong interface, no permission): in porttutor's Packets
/// pane, or a capture tool in another terminal, seen by its packet socket.
public struct Capturing: Sendable, Hashable {
    /// When set, the Packets pane's filter must let this port's loopback traffic through.
    /// Another program's filter is not read, so there the port is taken on trust.
    public var port: Int?
    /// Whose traffic on that port the filter must let through: TCP (default) or UDP.
    public var proto: TransportProtocol

    public init(port: Int? = nil, proto: TransportProtocol = .tcp) {
        self.port = port
        self.proto = proto
    }
}

public struct ConnectionRowCheck: Sendable, Hashable {
    /// The state names a lesson file's diagnostics list, as docs/LESSON-FORMAT.md lists
    /// them; `SocketState(name:)` reads these and the other tools' spellings.
    public static let stateNames = [
        "LISTEN", "SYN-SENT", "SYN-RECV", "ESTABLISHED", "FIN-WAIT-1", "FIN-WAIT-2", "TIME-WAIT",
        "CLOSE", "CLOSE-WAIT", "LAST-ACK", "CLOSING", "UNCONN",
    ]


    public var proto: TransportProtocol?
    public var state: SocketState?
    public var localPort: Int?
    public var remotePort: Int?
    /// Either end's port.
    public var port: Int?

    public init(proto: TransportProtocol? = nil, state: SocketState? = nil, localPort: Int? = nil, remotePort: Int? = nil, port: Int? = nil) {
        self.proto = proto
        self.state = state
        self.localPort = localPort
        self.remotePort = remotePort
        self.port = port
    }
}

/// `clients: {port: 8080, count: 2}`: so many clients connected to the port at once, read
/// from the listener's side of the table (established rows whose local port is `port`),
/// so real telnets in other terminals count as much as porttutor's Client pane.
public struct ClientsCheck: Sendable, Hashable {
    public var port: Int
    /// At least this many at the same time; 2 unless the lesson says.
    public var count: Int

    public init(port: Int, count: Int = 2) {
        self.port = port
        self.count = count
    }
}

/// Why the kernel refused a listener its port.
public enum BindRefusal: String, Sendable, Hashable, CaseIterable {
    /// EADDRINUSE: another socket holds the port on that address.
    case inUse = "in-use"
    /// EACCES: a port below the unprivileged start (1024), and no right to it.
    case permission
}

/// `bind-refused: {port: 8088, reason: in-use}`: porttutor's Listener pane asked for the
/// port and the kernel said no. A real nc in another terminal fails where porttutor cannot
/// see it, so this is the one check that only the Listener pane can tick.
public struct BindRefusedCheck: Sendable, Hashable {
    public var port: Int
    /// nil: either reason.
    public var reason: BindRefusal?

    public init(port: Int, reason: BindRefusal? = nil) {
        self.port = port
        self.reason = reason
    }
}
