/// What the current step has seen, bounded so a chatty connection cannot grow it without end.
struct StepMemory: Sendable {
    /// How many bytes of each stream are kept (the most recent ones).
    static let streamLimit = 16 * 1024
    static let flowLimit = 64

    struct PaneStream: Hashable, Sendable {
        var side: Side
        var serverPort: Int?
    }

    struct Flow: Hashable, Sendable {
        var source: SocketAddress
        var destination: SocketAddress
    }

    struct Connection: Hashable, Sendable {
        var client: SocketAddress
        var server: SocketAddress
        var fromRecording: Bool
    }

    enum HandshakeStage: Sendable {
        case synSeen, synAckSeen
    }

    struct HandshakeNote: Sendable {
        var port: Int
        var fromRecording: Bool
        var note: String
    }

    var paneStreams: [PaneStream: [UInt8]] = [:]
    /// Live payload bytes per direction, in arrival order of first packet.
    var flows: [Flow: [UInt8]] = [:]
    var flowOrder: [Flow] = []
    var requests: [HTTPRequestSeen] = []
    var responses: [HTTPResponseSeen] = []
    var handshakeStages: [Connection: HandshakeStage] = [:]
    var handshakeNotes: [HandshakeNote] = []
    /// Per port: how its connection was seen to close.
    var closedNotes: [Int: String] = [:]
    /// Connections seen established during this step (client end, server end).
    var establishedPairs: Set<Flow> = []

    // MARK: Recording

    mutating func appendReceived(_ bytes: [UInt8], side: Side, serverPort: Int?) {
        let key = PaneStream(side: side, serverPort: serverPort)
        paneStreams[key, default: []].append(contentsOf: bytes)
        paneStreams[key]?.keepLast(Self.streamLimit)
    }

    mutating func rememberEstablished(in table: [SocketRow]) {
        for row in table where row.proto == .tcp && row.state == .established {
            if let remote = row.remote { establishedPairs.insert(Flow(source: row.local, destination: remote)) }
        }
    }

    mutating func noteTable(_ table: [SocketRow]) {
        var current: [Flow: SocketState] = [:]
        for row in table where row.proto == .tcp {
            if let remote = row.remote { current[Flow(source: row.local, destination: remote)] = row.state }
        }
        for pair in establishedPairs {
            let state = current[pair]
            guard state == nil || state?.isClosing == true else { continue }
            let how = state.map { "now \($0)" } ?? "gone from the table"
            let note = "connection \(pair.source) ⇄ \(pair.destination) closed (\(how))"
            for port in [pair.source.port, pair.destination.port] where closedNotes[port] == nil {
                closedNotes[port] = note
            }
            establishedPairs.remove(pair)
        }
        rememberEstablished(in: table)
    }

    mutating func notePacket(_ packet: PacketSeen) {
        if packet.proto == .tcp { noteHandshake(packet) }
        guard !packet.fromRecording else { return }
        if !packet.payload.isEmpty {
            let flow = Flow(source: packet.source, destination: packet.destination)
            if flows[flow] == nil {
                flowOrder.append(flow)
                if flowOrder.count > Self.flowLimit { flows[flowOrder.removeFirst()] = nil }
            }
            flows[flow, default: []].append(contentsOf: packet.payload)
            flows[flow]?.keepLast(Self.streamLimit)
        }
        if packet.proto == .tcp && (packet.flags.contains(.fin) || packet.flags.contains(.rst)) {
            let what = packet.flags.contains(.rst) ? "RST" : "FIN"
            let note = "\(what) \(packet.source) > \(packet.destination): the connection is closing"
            for port in [packet.source.port, packet.destination.port] where closedNotes[port] == nil {
                closedNotes[port] = note
            }
        }
    }

    private mutating func noteHandshake(_ packet: PacketSeen) {
        let flags = packet.flags
        if flags.contains(.syn) && !flags.contains(.ack) {
            if handshakeStages.count > 256 { handshakeStages.removeAll() }
            handshakeStages[Connection(client: packet.source, server: packet.destination, fromRecording: packet.fromRecording)] = .synSeen
        } else if flags.contains(.syn) && flags.contains(.ack) {
            let key = Connection(client: packet.destination, server: packet.source, fromRecording: packet.fromRecording)
            if handshakeStages[key] == .synSeen { handshakeStages[key] = .synAckSeen }
        } else if flags.contains(.ack) && !flags.contains(.rst) {
            let key = Connection(client: packet.source, server: packet.destination, fromRecording: packet.fromRecording)
            if handshakeStages[key] == .synAckSeen {
                handshakeStages[key] = nil
                var note = "SYN, SYN-ACK, ACK between \(key.client) and \(key.server)"
                if packet.fromRecording { note += " (recording)" }
                handshakeNotes.append(HandshakeNote(port: key.server.port, fromRecording: packet.fromRecording, note: note))
                handshakeNotes.keepLast(16)
            }
        }
    }

    // MARK: Queries

    /// The byte streams that reached `side`, from porttutor's panes and (when `port` is known) from the wire.
    func streams(to side: Side, port: Int?) -> [[UInt8]] {
        var result = paneStreams.filter { key, _ in
            key.side == side && (port == nil || key.serverPort == nil || key.serverPort == port)
        }.map(\.value)
        if let port {
            for flow in flowOrder {
                let reachesSide = side == .listener ? flow.destination.port == port : flow.source.port == port
                if reachesSide, let bytes = flows[flow] { result.append(bytes) }
            }
        }
        return result
    }

    func receivedNote(_ received: Received) -> String? {
        for bytes in streams(to: received.side, port: received.port) where received.match.matches(bytes: bytes) {
            let text = String(decoding: bytes, as: UTF8.self)
            let line = received.match.matchingLine(in: text) ?? text
            return "\(received.side) received \(NoteText.quoted(line))"
        }
        return nil
    }

    func requestsSeen(port: Int?) -> [HTTPRequestSeen] {
        var seen = requests.filter { port == nil || $0.port == nil || $0.port == port }
        for (key, bytes) in paneStreams where key.side == .listener && (port == nil || key.serverPort == nil || key.serverPort == port) {
            seen += HTTPSniffer.requests(in: bytes, port: key.serverPort)
        }
        for flow in flowOrder where port == nil || flow.destination.port == port {
            if let bytes = flows[flow] { seen += HTTPSniffer.requests(in: bytes, port: flow.destination.port) }
        }
        return seen
    }

    func responsesSeen(port: Int?) -> [HTTPResponseSeen] {
        var seen = responses.filter { port == nil || $0.port == nil || $0.port == port }
        for (key, bytes) in paneStreams where key.side == .client && (port == nil || key.serverPort == nil || key.serverPort == port) {
            seen += HTTPSniffer.responses(in: bytes, port: key.serverPort)
        }
        for flow in flowOrder where port == nil || flow.source.port == port {
            if let bytes = flows[flow] { seen += HTTPSniffer.responses(in: bytes, port: flow.source.port) }
        }
        return seen
    }
}
