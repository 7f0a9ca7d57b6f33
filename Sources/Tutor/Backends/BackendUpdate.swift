import CaptureCore
import Connections
import Lessons
import SafeText
import Sockets

/// The panes' branch of `update`: what the sockets, the socket table and the capture
/// reported becomes pane lines, pane status, spotlight, and observations for the checks.
extension Model {
    // MARK: Sockets

    mutating func receive(_ events: [SocketEvent]) -> [Effect] {
        var effects: [Effect] = []
        var tableChanged = false
        for event in events {
            let pane = Self.pane(for: event)
            // The web server prints nothing into the Client pane, where its lines would pass
            // for the client's: its requests show in the status bar, its failure gets
            // advice of its own (below).
            if event.pane != .webServer { show(event.lines, in: pane) }
            showUnfinishedLine(of: event, in: pane)
            switch event.kind {
            case .listening(let addresses, let transport):
                tools.listenerRunning = true
                tools.listenerPort = addresses.first.map { Int($0.port) }
                self[pane: .listener].prompt = ""
                let bound = addresses.map(\.description).joined(separator: " and ")
                tools.listenerIdleStatus = "\(transport == .udp ? "bound (UDP)" : "listening") on \(bound)"
                tools.listenerPeers = [:]
                showListenerStatus()
                tableChanged = true
            case .accepted(let id, let peer, _):
                tools.listenerPeers[id.rawValue] = peer.description
                showListenerStatus()
                tableChanged = true
            case .received, .datagram:
                effects += observe(.received(.listener, event.payload, serverPort: tools.listenerPort), now: now)
            case .peerClosed(let id, _):
                // nc -lk goes back to listening; the title must not name a client that left.
                tools.listenerPeers[id.rawValue] = nil
                showListenerStatus()
                tableChanged = true
            case .listenerStopped:
                tools.listenerRunning = false
                tools.listenerIdleStatus = nil
                tools.listenerPeers = [:]
                self[pane: .listener].prompt = PaneID.listener.prompt
                self[pane: .listener].status = nil
                tableChanged = true
            case .resolving, .trying:
                tools.clientRunning = true
            case .connected(_, let remote):
                tools.clientConnected = true
                tools.clientServerPort = Int(remote.port)
                setStatus(.client, "connected to \(remote)")
                tableChanged = true
            case .clientReceived:
                effects += observe(.received(.client, event.payload, serverPort: tools.clientServerPort), now: now)
            case .httpResponse(let status, let reason):
                effects += observe(.httpResponse(HTTPResponseSeen(status: status, reason: reason, port: tools.clientServerPort)), now: now)
            case .promptChanged(let prompt):
                self[pane: .client].prompt = prompt ?? (tools.clientRunning ? "" : PaneID.client.prompt)
            case .clientClosed:
                tools.clientRunning = false
                tools.clientTool = nil
                tools.clientConnected = false
                self[pane: .client].prompt = PaneID.client.prompt
                self[pane: .client].status = nil
                tableChanged = true
            case .webServerStarted(let addresses):
                tools.webServerPort = addresses.first.map { Int($0.port) }
            case .webServerStopped:
                tools.webServerPort = nil
            case .webRequest(_, let requestLine, let status):
                notice = Self.webServerNotice(requestLine: requestLine.string, status: status)
                if let request = ObservationBridge.webRequest(requestLine.string, port: tools.webServerPort) {
                    effects += observe(.httpRequest(request), now: now)
                }
            case .failed(let error):
                if event.pane == .webServer {
                    let holder = error.portHolder.map { ", held by \($0)" } ?? ""
                    let text = "The built-in web server could not start: \(error.summary.trimmingTrailingPeriod)\(holder)."
                        + " The HTTP lesson talks to it; stop that program, or start porttutor with --web-port and another port."
                    notice = StyledLine(SafeText(untrusted: error.summary), .warning)
                    self[pane: .client].scrollback.append(StyledLine(SafeText(untrusted: text), .warning))
                }
            case .sent, .clientSent, .clientTurnedAway, .notice:
                break
            }
            if pane != .lesson, !event.lines.isEmpty, event.drawsTheEye { spotlight = pane }
        }
        if tableChanged { effects.append(.refreshConnections) }
        return effects
    }

    /// One request the built-in web server answered, for the status bar: "web server:
    /// GET / → 302". Any program may send it (a browser, curl in another terminal).
    static func webServerNotice(requestLine: String, status: Int) -> StyledLine {
        let words = requestLine.split(separator: " ", omittingEmptySubsequences: true).prefix(2).map { word in
            word.count > 40 ? String(word.prefix(40)) + "…" : String(word)
        }
        let request = words.isEmpty ? "a request" : words.joined(separator: " ")
        return StyledLine(SafeText(untrusted: "web server: \(request) → \(status)"), .dim)
    }

    /// The built-in web server has no pane of its own: the advice when it cannot start
    /// goes to the Client pane, since the learner's client is what talks to it.
    private static func pane(for event: SocketEvent) -> PaneID {
        switch event.pane {
        case .listener: .listener
        case .client, .webServer: .client
        }
    }

    private mutating func show(_ lines: [PaneLine], in pane: PaneID) {
        guard !lines.isEmpty else { return }
        self[pane: pane].scrollback.append(contentsOf: lines.map { line in
            StyledLine([Span(line.text, Self.role(of: line.style))])
        })
    }

    /// A line the peer has not finished shows at once, as in a terminal, and gives way
    /// to the whole line when its newline comes (as ``PaneTranscript`` keeps it).
    private mutating func showUnfinishedLine(of event: SocketEvent, in pane: PaneID) {
        let connection: Int
        switch event.kind {
        case .received(let id, _), .peerClosed(let id, _): connection = id.rawValue
        case .clientReceived, .clientClosed: connection = -1
        case .listenerStopped:
            self[pane: pane].unfinishedLines.removeAll()
            return
        default: return
        }
        if !event.lines.isEmpty || event.partialLine != nil { self[pane: pane].unfinishedLines[connection] = nil }
        switch event.kind {
        case .peerClosed, .clientClosed:
            self[pane: pane].unfinishedLines[connection] = nil
        default:
            if let partial = event.partialLine, !partial.string.isEmpty {
                self[pane: pane].unfinishedLines[connection] = StyledLine([Span(partial, .incoming)])
            }
        }
    }

    private static func role(of style: PaneLine.Style) -> TextRole {
        switch style {
        case .status: .dim
        case .received: .incoming
        case .sent: .outgoing
        case .warning: .warning
        case .error: .error
        case .explanation: .normal
        }
    }

    /// The Listener's title: what it listens on, or who is connected.
    private mutating func showListenerStatus() {
        switch tools.listenerPeers.count {
        case 0:
            if let idle = tools.listenerIdleStatus { setStatus(.listener, idle) } else { self[pane: .listener].status = nil }
        case 1:
            setStatus(.listener, "connected to \(tools.listenerPeers.values.first ?? "")")
        case let count:
            setStatus(.listener, "\(count) clients connected")
        }
    }

    mutating func setStatus(_ pane: PaneID, _ text: String) {
        self[pane: pane].status = StyledLine(SafeText(untrusted: text), .emphasis)
    }

    // MARK: The socket table

    mutating func receive(table snapshot: SocketSnapshot) -> [Effect] {
        tools.tableProblem = nil
        let wanted = connections.request.query
        var shown = snapshot
        shown.entries = snapshot.entries.filter(wanted.matches)
        if demo?.hidesNoise == true {
            // On a projector, only the lesson's own rows: the room reads them from afar.
            let ports = Set([lessonPort, tools.listenerPort, tools.clientServerPort, tools.webServerPort].compactMap { $0 }.map(UInt16.init))
            shown.entries = shown.entries.filter { entry in ports.contains { entry.involves(port: $0) } }
        }
        if !connections.request.display.showProcesses {
            // The owners were read for the checks, not for this table.
            for index in shown.entries.indices { shown.entries[index].processes = nil }
        }
        connections.lessonPort = lessonPort.map(UInt16.init)
        connections.apply(shown)
        setStatus(.connections, "\(connections.entries.count) row\(connections.entries.count == 1 ? "" : "s"), live")
        let captures = ObservationBridge.packetSockets(snapshot.packetSockets, porttutorPID: snapshot.readerProcessID)
        return observe(.socketTable(ObservationBridge.rows(snapshot.entries)), now: now)
            + observe(.packetSockets(captures), now: now)
    }

    mutating func tableFailed(_ reason: String) -> [Effect] {
        tools.tableProblem = reason
        return []
    }

    // MARK: Capture

    mutating func receive(capture report: CaptureReport) -> [Effect] {
        switch report {
        case .started(let start) where start.role == .pane:
            tools.captureRunning = true
            let options = start.request?.options ?? PrintOptions(numeric: true, bytes: .ascii, expandTabs: true)
            packetLog = PacketLog(linkType: start.linkType, options: options, host: start.host,
                                  lessonPort: lessonPort.map(UInt16.init))
            tools.recordingLabel = start.recordingLabel
            tools.captureWritePath = start.request?.writePath
            var lines: [StyledLine] = []
            if let note = start.note { lines.append(StyledLine(SafeText(untrusted: note), .dim)) }
            if let label = start.recordingLabel {
                lines.append(StyledLine([Span("▶ Replaying a recording: ", .warning), Span(SafeText(untrusted: label), .warning)]))
                setStatus(.packets, "recording (not live)")
            } else {
                lines.append(StyledLine(SafeText(untrusted: "listening on \(start.source), link-type \(start.linkType), snapshot length 262144 bytes"), .dim))
                setStatus(.packets, "capturing on \(start.source)")
            }
            self[pane: .packets].scrollback.append(contentsOf: lines)
            self[pane: .packets].prompt = ""
            return observe(.paneCapture(ObservationBridge.paneCapture(start)), now: now)
        case .started(let start):
            tools.watchProblem = nil
            tools.watchLinkType = start.linkType
            return []
        case .packets(let packets, .pane):
            guard var log = packetLog else { return [] }
            var effects: [Effect] = []
            let fromRecording = tools.recordingLabel != nil
            for packet in packets {
                packet.bytes.withUnsafeBytes { log.append($0, header: packet.header) }
                let entry = log[log.count - 1]
                self[pane: .packets].scrollback.append(contentsOf: Self.styled(entry))
                // Live packets reach the checks through the quiet capture; only a
                // recording is seen here alone.
                if fromRecording, let seen = ObservationBridge.packet(packet, linkType: log.linkType, fromRecording: true) {
                    effects += observe(.packet(seen), now: now)
                }
            }
            packetLog = log
            spotlight = .packets
            showPacketsStatus()
            return effects
        case .packets(let packets, .watch):
            var effects: [Effect] = []
            for packet in packets {
                if let seen = ObservationBridge.packet(packet, linkType: tools.watchLinkType, fromRecording: false) {
                    effects += observe(.packet(seen), now: now)
                }
            }
            return effects
        case .saved(let path, let count):
            let text = "\(count) packet\(count == 1 ? "" : "s") saved to \(path): open it with tcpdump -r or Wireshark."
            self[pane: .packets].scrollback.append(StyledLine(SafeText(untrusted: text), .success))
            return []
        case .statistics(let statistics):
            packetLog?.captureStatistics = statistics
            showPacketsStatus()
            return []
        case .stopped(.pane, let reason):
            tools.captureRunning = false
            self[pane: .packets].prompt = PaneID.packets.prompt
            // With -w the packets went to the file, not the pane: the source counts them.
            let summary = tools.captureWritePath != nil ? ""
                : packetLog.map { "\($0.total) packet\($0.total == 1 ? "" : "s") captured" } ?? ""
            tools.captureWritePath = nil
            self[pane: .packets].scrollback.append(StyledLine(SafeText(untrusted: [summary, reason].filter { !$0.isEmpty }.joined(separator: ": ")), .dim))
            showPacketsStatus()
            return observe(.paneCapture(nil), now: now)
        case .stopped(.watch, _):
            return []
        case .failed(.pane, let lines, let needsPermission):
            tools.captureRunning = false
            tools.captureWritePath = nil
            self[pane: .packets].prompt = PaneID.packets.prompt
            self[pane: .packets].scrollback.append(contentsOf: lines.enumerated().map { index, line in
                StyledLine(SafeText(untrusted: line), index == 0 ? .error : .normal)
            })
            spotlight = .packets
            let effects = observe(.paneCapture(nil), now: now)
            if needsPermission, presentation == .demo, let recording = tutorial?.lesson.recording {
                // The room still sees packets: real ones, recorded earlier, and labelled so.
                self[pane: .packets].scrollback.append(StyledLine("Live capture is not allowed here, so the lesson's recording plays instead.", .warning))
                return effects + [.capture(.replay(path: recording.path, label: recording.label))]
            }
            return effects
        case .failed(.watch, let lines, _):
            tools.watchProblem = lines
            self[pane: .packets].scrollback.append(contentsOf: [StyledLine("Packets cannot be captured here, so the packet steps cannot be checked (the others can):", .warning)]
                + lines.map { StyledLine(SafeText(untrusted: $0), .normal) })
            return []
        }
    }

    /// The Packets title: how many packets, and what was lost on the way, as tcpdump's
    /// closing lines say ("dropped by kernel") plus what the pane let go to bound memory.
    private mutating func showPacketsStatus() {
        guard let log = packetLog else { return }
        let doing = !tools.captureRunning ? "stopped" : tools.recordingLabel != nil ? "recording" : "capturing"
        var parts = ["\(doing): \(log.total) packet\(log.total == 1 ? "" : "s")"]
        if let dropped = log.captureStatistics?.droppedByKernel, dropped > 0 { parts.append("\(dropped) dropped by kernel") }
        if log.dropped > 0 { parts.append("oldest \(log.dropped) let go") }
        setStatus(.packets, parts.joined(separator: " · "))
    }

    /// A packet's tcpdump lines, coloured by what it does: the summary by its kind, the
    /// `-A`/`-X` lines by direction.
    static func styled(_ entry: PacketLogEntry) -> [StyledLine] {
        let summaryRole: TextRole
        switch entry.kind {
        case .handshake: summaryRole = .success
        case .close, .reset: summaryRole = .warning
        case .data: summaryRole = entry.direction == .fromLessonPort ? .incoming : .outgoing
        default: summaryRole = .normal
        }
        let bodyRole: TextRole = entry.direction == .fromLessonPort ? .incoming : entry.direction == .toLessonPort ? .outgoing : .dim
        return entry.lines.enumerated().map { index, line in
            let safe = SafeText(untrusted: line)
            guard index == 0, !entry.lessonPortRanges.isEmpty, safe.string == line else {
                return StyledLine(safe, index == 0 ? summaryRole : bodyRole)
            }
            return StyledLine(highlighting: entry.lessonPortRanges, in: safe, role: summaryRole)
        }
    }

    /// The port the current lesson is about (its first listener, connection or handshake),
    /// highlighted in the tables and gathered first in a long socket table; 8080, the
    /// tutorial's port, before a lesson is open. A lesson that names no port (the first,
    /// which looks at every LISTEN row) has none: nothing is singled out.
    var lessonPort: Int? {
        guard let lesson = tutorial?.lesson else { return 8080 }
        for step in lesson.steps {
            for check in step.checks {
                switch check.kind {
                case .listening(let listening): return listening.port
                case .connected(let connected): return connected.port
                case .handshake(let port, _), .closed(let port): return port
                default: continue
                }
            }
        }
        return nil
    }
}

extension String {
    var trimmingTrailingPeriod: String { hasSuffix(".") ? String(dropLast()) : self }
}

extension SocketEvent {
    /// Whether demo mode moves its spotlight to the event's pane. The built-in web server
    /// starting or stopping is housekeeping, not something the room should look at.
    var drawsTheEye: Bool {
        switch kind {
        case .webServerStarted, .webServerStopped: false
        default: true
        }
    }
}

extension StyledLine {
    /// `text` in `role`, with the UTF-8 byte `ranges` (the lesson's port) highlighted.
    init(highlighting ranges: [Range<Int>], in text: SafeText, role: TextRole) {
        let bytes = Array(text.string.utf8)
        var spans: [Span] = []
        var at = 0
        for range in ranges.sorted(by: { $0.lowerBound < $1.lowerBound })
        where range.lowerBound >= at && range.upperBound <= bytes.count {
            if range.lowerBound > at { spans.append(Span(SafeText(bytes: bytes[at..<range.lowerBound]), role)) }
            spans.append(Span(SafeText(bytes: bytes[range]), .highlight))
            at = range.upperBound
        }
        if at < bytes.count { spans.append(Span(SafeText(bytes: bytes[at...]), role)) }
        self.init(spans)
    }
}
