import NetworkTypes

/// What was seen when a check first held: "listening on 127.0.0.1:8080".
public struct CheckTick: Sendable, Hashable {
    /// The position of the check in `Step.checks`.
    public var checkIndex: Int
    /// A short note, one line, safe for a terminal: quoted text went through `SafeText`.
    public var note: String

    public init(checkIndex: Int, note: String) {
        self.checkIndex = checkIndex
        self.note = note
    }
}

/// The engine's reply to an answer typed in the lesson pane.
public enum AnswerVerdict: Sendable, Hashable {
    /// Right: the note says why (and, for live answers, what was really seen).
    case correct(note: String)
    /// Not right: advice on where to look, never the answer itself.
    case wrong(advice: String)
    /// Not in a form the question takes (nothing, a word where a number is asked, a letter
    /// that is not a choice): what to type instead. Not a try: a slip of form is not a
    /// wrong idea, and must not bring F4's answer closer.
    case unreadable(advice: String)
    /// The current step asks no question.
    case noQuestion
}

/// Decides which of the current step's checks hold, from observations of what really happened.
///
/// The rules (also in docs/LESSON-FORMAT.md):
/// - A step is done when every check has held; order does not matter.
/// - A check stays ticked once it has held, even if the state changes later (nc may exit).
/// - State checks (`listening`, `connected`, `connection-row`, `capturing`) look at the latest
///   socket table, packet sockets and Packets pane, including those current when the step
///   began: work done early counts.
/// - Event checks (`received`, `http-*`, `packet`, `handshake`, `typed`, `closed`) only count
///   what happens after the step began, so text typed for an earlier step cannot tick a later one.
/// - Live answers use facts kept across steps (the client's ephemeral port, the last HTTP status).
public struct CheckEvaluator: Sendable {
    public private(set) var step: Step?
    /// One entry per check of the step: nil until it holds.
    public private(set) var ticks: [CheckTick?] = []
    /// The latest socket table.
    public private(set) var table: [SocketRow] = []
    /// The Packets pane's live capture, kept across steps like the table: a capture
    /// started for an earlier step still counts.
    public private(set) var paneCapture: CaptureSeen?
    /// The packet sockets open now (captures outside porttutor among them), kept across
    /// steps like the table.
    public private(set) var packetSockets: [PacketSocketSeen] = []

    // Facts that outlive a step.
    private var clientPorts: [Int: [Int]] = [:]
    /// Server ports in the order first seen, to forget the oldest when there are many.
    private var clientPortOrder: [Int] = []
    private var lastResponse: HTTPResponseSeen?
    /// The last response porttutor's own client received: other programs' HTTP on the
    /// loopback (a dev server's polling, a parallel test) must not hide it.
    private var lastOwnResponse: HTTPResponseSeen?

    // What this step has seen so far.
    private var memory = StepMemory()
    /// Ports the Listener pane was refused during this step, and why.
    private var refusals: [(port: Int, reason: BindRefusal)] = []
    /// Each step's own HTTP exchange, for questions about an earlier step's answer.
    private var exchanges = ExchangeLog()

    public init() {}

    /// Starts evaluating `step`; state checks that already hold tick at once (see `ticks`).
    @discardableResult
    public mutating func begin(_ step: Step) -> [CheckTick] {
        self.step = step
        ticks = Array(repeating: nil, count: step.checks.count)
        memory = StepMemory()
        refusals = []
        memory.rememberEstablished(in: table)
        exchanges.begin(step)
        let ticked = evaluate(nil)
        if isComplete { exchanges.close() }
        return ticked
    }

    /// Every check has held.
    public var isComplete: Bool {
        step != nil && ticks.allSatisfy { $0 != nil }
    }

    /// Records what happened and returns the checks that hold for the first time.
    @discardableResult
    public mutating func observe(_ observation: Observation) -> [CheckTick] {
        memory.changed = nil
        switch observation {
        case .socketTable(let rows):
            table = rows
            for row in rows where row.proto == .tcp && row.state != .listen {
                if let remote = row.remote, remote.portNumber != 0 { rememberClientPort(row.local.portNumber, server: remote.portNumber) }
            }
            memory.noteTable(rows)
        case .received(let side, let bytes, let port):
            memory.appendReceived(bytes, side: side, serverPort: port)
            if side == .client, let stream = memory.changed, let response = memory.parsedResponses[stream]?.last {
                lastResponse = response
                lastOwnResponse = response
                exchanges.note(response)
            }
        case .httpRequest(let request):
            memory.requests.append(request)
            memory.requests.keepLast(64)
        case .httpExchange(let exchange):
            memory.exchanges.append(exchange)
            memory.exchanges.keepLast(16)
        case .httpResponse(let response):
            memory.responses.append(response)
            memory.responses.keepLast(64)
            lastResponse = response
            lastOwnResponse = response
            exchanges.note(response)
        case .packet(let packet):
            memory.notePacket(packet, heard: Self.heard(packet, table: table))
            if !packet.fromRecording {
                if packet.flags.contains(.syn) && !packet.flags.contains(.ack) {
                    rememberClientPort(packet.source.portNumber, server: packet.destination.portNumber)
                }
                if !packet.payload.isEmpty, case .flow(let flow)? = memory.changed,
                   let response = memory.parsedResponses[.flow(flow)]?.last {
                    lastResponse = response
                    exchanges.note(response)
                }
            }
        case .typed:
            break
        case .paneCapture(let capture):
            paneCapture = capture
        case .packetSockets(let sockets):
            packetSockets = sockets
        case .bindRefused(let port, let reason):
            refusals.append((port, reason))
            refusals.keepLast(16)
        }
        let ticked = evaluate(observation)
        if isComplete { exchanges.close() }
        return ticked
    }

    /// Checks an answer to the step's question; a right answer ticks the `.answer` check.
    public mutating func answer(_ text: String) -> AnswerVerdict {
        guard let step, let index = step.checks.firstIndex(where: { if case .answer = $0.kind { return true } else { return false } }),
              case .answer(let question) = step.checks[index].kind else {
            return .noQuestion
        }
        let verdict = judge(for: question).judge(text, for: question)
        if case .correct(let note) = verdict, ticks[index] == nil {
            ticks[index] = CheckTick(checkIndex: index, note: note)
        }
        return verdict
    }

    /// What F4 shows once the learner has tried twice: the right answer, read from the
    /// machine for a live one; nil when there is no question or nothing to show yet.
    public func revealAnswer() -> String? {
        guard let question = step?.question else { return nil }
        return judge(for: question).reveal(question)
    }

    private func judge(for question: Question) -> AnswerJudge {
        var judge = AnswerJudge(table: table, clientPorts: clientPorts,
                                lastResponses: [lastOwnResponse, lastResponse].compactMap { $0 })
        if case .live(.httpStatus(let stepID)) = question.answer {
            judge.stepResponses = exchanges.responses(of: stepID)
            judge.thisStepResponses = step.map { exchanges.responses(of: $0.id) } ?? []
        }
        return judge
    }

    /// Folds `observations` over a fresh evaluator: which checks of `step` they satisfy.
    public static func evaluate(_ step: Step, observations: [Observation], startingTable: [SocketRow] = []) -> [CheckTick?] {
        var evaluator = CheckEvaluator()
        evaluator.observe(.socketTable(startingTable))
        evaluator.begin(step)
        for observation in observations { evaluator.observe(observation) }
        return evaluator.ticks
    }

    // MARK: Evaluation

    private mutating func evaluate(_ observation: Observation?) -> [CheckTick] {
        guard let step else { return [] }
        var newTicks: [CheckTick] = []
        for (index, check) in step.checks.enumerated() where ticks[index] == nil {
            if let observation, !Self.canChange(check.kind, observation) { continue }
            if let note = holds(check, observation) {
                let tick = CheckTick(checkIndex: index, note: note)
                ticks[index] = tick
                newTicks.append(tick)
            }
        }
        return newTicks
    }

    /// Whether `observation` can make `kind` hold, so heavy traffic does not re-check everything.
    static func canChange(_ kind: Check.Kind, _ observation: Observation) -> Bool {
        switch (kind, observation) {
        case (.anyOf(let checks), _):
            return checks.contains { canChange($0.kind, observation) }
        case (.listening, .socketTable), (.connected, .socketTable), (.connectionRow, .socketTable), (.closed, .socketTable),
             (.clients, .socketTable), (.bindRefused, .bindRefused):
            return true
        case (.datagramLost, .packet(let packet)):
            return packet.proto == .udp && !packet.fromRecording
        case (.closed, .packet(let packet)):
            return packet.flags.contains(.fin) || packet.flags.contains(.rst)
        case (.httpResponse(let wanted), .packet(let packet)) where wanted.complete:
            return !packet.fromRecording && (!packet.payload.isEmpty || packet.flags.contains(.fin))
        case (.httpResponse(let wanted), _) where wanted.complete:
            if case .httpExchange = observation { return true }
            return false
        case (.packet, .packet), (.handshake, .packet):
            return true
        case (.received, .packet(let packet)), (.httpRequest, .packet(let packet)), (.httpResponse, .packet(let packet)):
            return !packet.payload.isEmpty && !packet.fromRecording
        case (.received, .received), (.httpRequest, .received), (.httpResponse, .received):
            return true
        case (.httpRequest, .httpRequest), (.httpResponse, .httpResponse):
            return true
        case (.typed, .typed), (.capturing, .paneCapture), (.capturing, .packetSockets):
            return true
        default:
            return false
        }
    }

    /// Whether a socket could take the packet's payload: always for TCP (data flows only on
    /// a connection); for UDP, when a UDP socket is bound to its destination port in the
    /// latest table. A datagram to a port nobody bound (or only a TCP listener) reached no
    /// one, and must not tick "received".
    static func heard(_ packet: PacketSeen, table: [SocketRow]) -> Bool {
        packet.proto != .udp || table.contains { $0.proto == .udp && $0.local.portNumber == packet.destination.portNumber }
    }

    private mutating func rememberClientPort(_ port: Int, server: Int) {
        if clientPorts[server] == nil {
            clientPortOrder.append(server)
            if clientPortOrder.count > 256 { clientPorts[clientPortOrder.removeFirst()] = nil }
        }
        var ports = clientPorts[server, default: []]
        ports.removeAll { $0 == port }
        ports.append(port)
        ports.keepLast(8)
        clientPorts[server] = ports
    }

    /// The note when `check` holds now, nil otherwise.
    private func holds(_ check: Check, _ observation: Observation?) -> String? {
        switch check.kind {
        case .listening(let listening):
            let row = table.first { row in
                row.isListening && row.proto == listening.proto && row.local.portNumber == listening.port
                    && row.owned(by: listening.owner) && (listening.address.map { row.local.isUnspecified || $0.matches(row.local.address) } ?? true)
            }
            return row.map { "listening on \($0.local)" + Self.ownerNote($0) }
        case .connected(let connected):
            let established = table.filter { $0.proto == .tcp && $0.state == .established && $0.owned(by: connected.owner) }
            if let row = established.first(where: { $0.remote?.portNumber == connected.port }), let remote = row.remote {
                return "connected \(row.local) → \(remote)" + Self.ownerNote(row)
            }
            if let row = established.first(where: { $0.local.portNumber == connected.port }), let remote = row.remote {
                return "connected \(remote) → \(row.local)" + Self.ownerNote(row)
            }
            return nil
        case .connectionRow(let wanted):
            return table.first { row in
                (wanted.proto.map { $0 == row.proto } ?? true)
                    && (wanted.state.map { $0 == row.state } ?? true)
                    && (wanted.localPort.map { $0 == row.local.portNumber } ?? true)
                    && (wanted.remotePort.map { $0 == row.remote?.portNumber } ?? true)
                    && (wanted.port.map { $0 == row.local.portNumber || $0 == row.remote?.portNumber } ?? true)
            }.map { row in
                var unowned = row
                unowned.process = nil
                return "row \(unowned)" + Self.ownerNote(row)
            }
        case .closed(let port):
            return memory.closedNotes[port]
        case .received(let received):
            return memory.receivedNote(received)
        case .httpRequest(let wanted):
            return memory.requestsSeen(port: wanted.port).last { request in
                (wanted.method.map { $0 == request.method } ?? true)
                    && (wanted.path.map { $0 == request.path } ?? true)
                    && wanted.headers.allSatisfy(request.hasHeader)
            }.map { request in
                var note = "\(NoteText.printable(request.method, limit: 10)) \(NoteText.printable(request.path, limit: 30))"
                if let version = request.version { note += " \(NoteText.printable(version, limit: 10))" }
                let names = wanted.headers.isEmpty ? request.headers.prefix(4).map(\.name) : wanted.headers
                if !names.isEmpty { note += " with " + names.map { NoteText.printable($0, limit: 20) }.joined(separator: ", ") }
                return note
            }
        case .httpResponse(let wanted) where wanted.complete:
            return completeExchangeNote(wanted)
        case .httpResponse(let wanted):
            return memory.responsesSeen(port: wanted.port).last { wanted.status.matches($0.status) }.map { response in
                "response \(response.status) \(NoteText.printable(response.reason, limit: 30))".trimmingTrailingSpace
            }
        case .packet(let wanted):
            guard case .packet(let packet)? = observation, Self.packet(packet, matches: wanted) else { return nil }
            return Self.packetNote(packet)
        case .handshake(let port, let source):
            return memory.handshakeNotes.first { $0.port == port && source.admits(fromRecording: $0.fromRecording) }?.note
        case .typed(let typed):
            guard case .typed(let pane, let line)? = observation, typed.pane.map({ $0 == pane }) ?? true else { return nil }
            let trimmed = line.trimmingCharacters(in: " \t\r\n")
            guard typed.match.matches(text: trimmed) else { return nil }
            return "typed \(NoteText.quoted(trimmed)) in the \(pane) pane"
        case .capturing(let wanted):
            return paneCaptureNote(wanted) ?? learnersCaptureNote(wanted)
        case .clients(let wanted):
            return clientsNote(wanted)
        case .bindRefused(let wanted):
            return refusals.last { refusal in refusal.port == wanted.port && (wanted.reason.map { $0 == refusal.reason } ?? true) }
                .map { refusal in
                    "bind() to port \(refusal.port) failed: " + (refusal.reason == .inUse ? "Address already in use" : "Permission denied")
                }
        case .datagramLost(let port):
            guard case .packet(let packet)? = observation, packet.proto == .udp, !packet.fromRecording,
                  packet.destination.portNumber == port else { return nil }
            // Nobody heard it when no UDP socket is bound to the port in the latest table.
            guard !table.contains(where: { $0.proto == .udp && $0.local.portNumber == port }) else { return nil }
            return Self.packetNote(packet) + ": nothing was bound to port \(port)"
        case .anyOf(let alternatives):
            return alternatives.lazy.compactMap { holds($0, observation) }.first
        case .answer:
            return nil
        }
    }

    /// A whole response that porttutor's curl finished cleanly, or one on the wire from the
    /// port, closed after it (a real curl in another terminal).
    private func completeExchangeNote(_ wanted: HTTPResponseCheck) -> String? {
        if let exchange = memory.exchanges.last(where: { exchange in
            exchange.finishedCleanly && exchange.status.map(wanted.status.matches) == true
                && (wanted.port == nil || exchange.port == nil || exchange.port == wanted.port)
        }), let status = exchange.status {
            return "curl finished: \(status) \(NoteText.printable(exchange.reason, limit: 30))".trimmingTrailingSpace
                + ", headers, empty line, \(Self.bytes(exchange.bodyBytes)) of body"
        }
        guard let port = wanted.port else { return nil }
        for verdict in memory.wireResponses(port: port) {
            if case .complete(let response) = verdict, wanted.status.matches(response.status) {
                return "response \(response.status) \(NoteText.printable(response.reason, limit: 30))".trimmingTrailingSpace
                    + " came whole (headers, empty line, \(Self.bytes(response.bodyBytes)) of body), then the close"
            }
        }
        return nil
    }

    private static func bytes(_ count: Int) -> String { count == 1 ? "1 byte" : "\(count) bytes" }

    /// The listener's side of each connection to the port: one row per client, its peer
    /// being that client's own address and port.
    private func clientsNote(_ wanted: ClientsCheck) -> String? {
        let peers = table.filter { $0.proto == .tcp && $0.state == .established && $0.local.portNumber == wanted.port }
            .compactMap(\.remote)
        let distinct = peers.reduce(into: [SocketAddress]()) { list, peer in if !list.contains(peer) { list.append(peer) } }
        guard distinct.count >= wanted.count else { return nil }
        return "\(distinct.count) clients on port \(wanted.port) at once, from " + distinct.map(\.description).joined(separator: ", ")
    }

    /// The Packets pane's capture, when it watches the loopback and its filter lets the
    /// port through.
    private func paneCaptureNote(_ wanted: Capturing) -> String? {
        guard let capture = paneCapture, capture.seesLoopback,
              wanted.port.map { capture.admitsLoopbackTraffic(port: $0, proto: wanted.proto) } ?? true else { return nil }
        var note = "capturing on \(NoteText.printable(capture.interface, limit: 16))"
        let filter = capture.filter.trimmingCharacters(in: " \t")
        if !filter.isEmpty { note += " " + NoteText.quoted(filter) }
        return note + " in the Packets pane"
    }

    /// A capture tool of the learner's own on the loopback (tcpdump in another terminal).
    /// Its interface is known but not its filter, so a port is taken on trust, and the note
    /// says so.
    private func learnersCaptureNote(_ wanted: Capturing) -> String? {
        guard let socket = packetSockets.first(where: \.isLearnersLoopbackCapture) else { return nil }
        let interface = socket.interface.map { "on " + NoteText.printable($0, limit: 16) } ?? "on every interface"
        var note = "\(NoteText.printable(socket.process, limit: 20)) (pid \(socket.pid)) is capturing \(interface)"
        if wanted.port != nil { note += " (its filter is not checked)" }
        return note
    }

    /// Who holds the socket: a program by name, or porttutor's own panes, said as a
    /// learner sees them (they typed nc, not "porttutor").
    private static func ownerNote(_ row: SocketRow) -> String {
        guard let process = row.process else { return "" }
        if row.isPorttutor { return " (in porttutor)" }
        return " (\(NoteText.printable(process, limit: 20)))"
    }

    static func packet(_ packet: PacketSeen, matches wanted: PacketCheck) -> Bool {
        guard wanted.source.admits(fromRecording: packet.fromRecording) else { return false }
        if let filter = wanted.filter, !filter.matches(packet) { return false }
        if let flags = wanted.flags, packet.proto != .tcp || packet.flags.subtracting([.ece, .cwr]) != flags { return false }
        if let payload = wanted.payload, !payload.matches(bytes: packet.payload) { return false }
        return true
    }

    static func packetNote(_ packet: PacketSeen) -> String {
        var note = "\(packet.source) > \(packet.destination)"
        if packet.proto == .tcp { note += " Flags [\(packet.flags.tcpdumpLetters)]" } else { note += " UDP" }
        if !packet.payload.isEmpty { note += " " + NoteText.payload(packet.payload) }
        if packet.fromRecording { note += " (recording)" }
        return note
    }
}

extension Array {
    mutating func keepLast(_ count: Int) {
        if self.count > count { removeFirst(self.count - count) }
    }
}

extension String {
    /// The text without the spaces at its end (ss pads its last column; notes end cleanly).
    public var trimmingTrailingSpace: String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }

    /// The text without any of `set`'s characters at either end (Foundation's, without Foundation).
    public func trimmingCharacters(in set: String) -> String {
        let characters = Set(set)
        var slice = Substring(self)
        while let first = slice.first, characters.contains(first) { slice.removeFirst() }
        while let last = slice.last, characters.contains(last) { slice.removeLast() }
        return String(slice)
    }
}

extension TextMatch {
    func matches(text: String) -> Bool {
        switch self {
        case .contains(let needle, let ignoreCase):
            return ignoreCase ? text.lowercased().contains(needle.lowercased()) : text.contains(needle)
        case .pattern(let pattern, let ignoreCase):
            // Never Swift's Regex here: it backtracks, and this text comes from a peer.
            guard let compiled = try? LessonPattern(pattern) else { return false }
            return compiled.matches(text, ignoreCase: ignoreCase)
        case .bytes(let needle):
            return Array(text.utf8).containsSubsequence(needle)
        }
    }

    func matches(bytes: [UInt8]) -> Bool {
        if case .bytes(let needle) = self { return bytes.containsSubsequence(needle) }
        return matches(text: String(decoding: bytes, as: UTF8.self))
    }

    /// The line of `text` where the match is, for notes.
    func matchingLine(in text: String) -> String? {
        let lines = text.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" }).map(String.init)
        return lines.last { matches(text: $0) } ?? (matches(text: text) ? lines.last : nil)
    }
}

extension Array where Element == UInt8 {
    func containsSubsequence(_ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty else { return true }
        guard needle.count <= count else { return false }
        for start in 0...(count - needle.count) where self[start] == needle[0] {
            if self[start..<(start + needle.count)].elementsEqual(needle) { return true }
        }
        return false
    }
}
