import NetworkTypes

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

    /// One byte stream: what a porttutor pane received, or one direction of a captured conversation.
    enum Stream: Hashable, Sendable {
        case pane(PaneStream)
        case flow(Flow)

        /// The listener's port, when known.
        func serverPort(towards side: Side) -> Int? {
            switch self {
            case .pane(let pane): return pane.serverPort
            case .flow(let flow): return side == .listener ? flow.destination.portNumber : flow.source.portNumber
            }
        }
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
    /// Exchanges porttutor's own curl finished, cleanly or not.
    var exchanges: [HTTPExchangeOutcome] = []
    /// The directions of live conversations that sent a FIN: who hung up.
    var finSent: Set<Flow> = []
    /// HTTP heads found in each stream, re-parsed only when that stream grows.
    var parsedRequests: [Stream: [HTTPRequestSeen]] = [:]
    var parsedResponses: [Stream: [HTTPResponseSeen]] = [:]
    /// The stream the current observation added to, so only it is searched again.
    var changed: Stream?
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
        let stream = Stream.pane(key)
        changed = stream
        if side == .listener {
            parsedRequests[stream] = HTTPSniffer.requests(in: paneStreams[key] ?? [], port: serverPort)
        } else {
            parsedResponses[stream] = HTTPSniffer.responses(in: paneStreams[key] ?? [], port: serverPort)
        }
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
            for port in [pair.source.portNumber, pair.destination.portNumber] where closedNotes[port] == nil {
                closedNotes[port] = note
            }
            establishedPairs.remove(pair)
        }
        rememberEstablished(in: table)
    }

    /// `heard`: a socket was there to take the payload (see ``CheckEvaluator/heard(_:table:)``).
    mutating func notePacket(_ packet: PacketSeen, heard: Bool = true) {
        if packet.proto == .tcp { noteHandshake(packet) }
        guard !packet.fromRecording else { return }
        if !packet.payload.isEmpty && heard {
            let flow = Flow(source: packet.source, destination: packet.destination)
            if flows[flow] == nil {
                flowOrder.append(flow)
                if flowOrder.count > Self.flowLimit {
                    let oldest = flowOrder.removeFirst()
                    flows[oldest] = nil
                    parsedRequests[.flow(oldest)] = nil
                    parsedResponses[.flow(oldest)] = nil
                }
            }
            flows[flow, default: []].append(contentsOf: packet.payload)
            flows[flow]?.keepLast(Self.streamLimit)
            let bytes = flows[flow] ?? []
            changed = .flow(flow)
            parsedRequests[.flow(flow)] = HTTPSniffer.requests(in: bytes, port: flow.destination.portNumber)
            parsedResponses[.flow(flow)] = HTTPSniffer.responses(in: bytes, port: flow.source.portNumber)
        }
        if packet.proto == .tcp && packet.flags.contains(.fin) {
            if finSent.count > 256 { finSent.removeAll() }
            finSent.insert(Flow(source: packet.source, destination: packet.destination))
        }
        if packet.proto == .tcp && (packet.flags.contains(.fin) || packet.flags.contains(.rst)) {
            let what = packet.flags.contains(.rst) ? "RST" : "FIN"
            let note = "\(what) \(packet.source) > \(packet.destination): the connection is closing"
            for port in [packet.source.portNumber, packet.destination.portNumber] where closedNotes[port] == nil {
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
                handshakeNotes.append(HandshakeNote(port: key.server.portNumber, fromRecording: packet.fromRecording, note: note))
                handshakeNotes.keepLast(16)
            }
        }
    }

    // MARK: Queries

    func bytes(of stream: Stream) -> [UInt8]? {
        switch stream {
        case .pane(let key): return paneStreams[key]
        case .flow(let flow): return flows[flow]
        }
    }

    /// Whether `stream` carries bytes that reached `side` (of the listener on `port`, when given).
    func stream(_ stream: Stream, reaches side: Side, port: Int?) -> Bool {
        switch stream {
        case .pane(let key):
            return key.side == side && (port == nil || key.serverPort == nil || key.serverPort == port)
        case .flow(let flow):
            guard let port else { return false }
            return side == .listener ? flow.destination.portNumber == port : flow.source.portNumber == port
        }
    }

    /// Searches only the stream the last observation grew: earlier bytes were searched then.
    func receivedNote(_ received: Received) -> String? {
        guard let changed, stream(changed, reaches: received.side, port: received.port),
              let bytes = bytes(of: changed), received.match.matches(bytes: bytes) else { return nil }
        let text = String(decoding: bytes, as: UTF8.self)
        let line = received.match.matchingLine(in: text) ?? text
        return "\(received.side) received \(NoteText.quoted(line))"
    }

    func requestsSeen(port: Int?) -> [HTTPRequestSeen] {
        var seen = requests.filter { port == nil || $0.port == nil || $0.port == port }
        for (stream, found) in parsedRequests {
            if case .flow(let flow) = stream, port != nil, flow.destination.portNumber != port { continue }
            seen += found.filter { port == nil || $0.port == nil || $0.port == port }
        }
        return seen
    }

    /// Each response seen on the wire from the server on `port`, judged as curl would,
    /// newest first: the server-to-client bytes of each conversation, and who hung up.
    func wireResponses(port: Int) -> [WireResponse.Verdict] {
        flowOrder.reversed().filter { $0.source.portNumber == port }.compactMap { flow in
            guard let bytes = flows[flow] else { return nil }
            let reply = Flow(source: flow.destination, destination: flow.source)
            return WireResponse.judge(bytes, serverClosed: finSent.contains(flow), clientClosed: finSent.contains(reply))
        }
    }

    func responsesSeen(port: Int?) -> [HTTPResponseSeen] {
        var seen = responses.filter { port == nil || $0.port == nil || $0.port == port }
        for (stream, found) in parsedResponses {
            if case .flow(let flow) = stream, port != nil, flow.source.portNumber != port { continue }
            seen += found.filter { port == nil || $0.port == nil || $0.port == port }
        }
        return seen
    }
}
