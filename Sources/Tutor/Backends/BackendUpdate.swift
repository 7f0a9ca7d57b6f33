import CaptureCore
import ConnectionsCore
import NetworkTypes
import Lessons
import SocketsCore
import ToolCommands
import SafeText

/// The panes' branch of `update`: what the sockets and the capture reported goes to the
/// reducer of the pane it is about (Tutor/Panes), which turns it into pane lines, pane
/// status, spotlight, and observations for the checks. What they share lives here.
extension Model {
    // MARK: Sockets

    /// A batch of socket news, each event to its pane's reducer (the built-in web
    /// server's to its own), after its lines are shown.
    mutating func receive(_ events: [SocketEvent]) -> [Effect] {
        var effects: [Effect] = []
        for event in events {
            let pane = Self.pane(for: event)
            // The web server prints nothing into the Client pane, where its lines would pass
            // for the client's: its requests show in the status bar, its failure gets
            // advice of its own.
            if event.pane != .webServer { show(event.lines, in: pane) }
            showUnfinishedLine(of: event, in: pane)
            switch event.pane {
            case .listener: effects += listenerReceived(event)
            case .client: effects += clientReceived(event)
            case .webServer: effects += webServerReceived(event)
            }
            if pane != .lesson, !event.lines.isEmpty, event.drawsTheEye { spotlight = pane }
        }
        // One read of the table for the whole batch, after the checks have heard it.
        guard effects.contains(.refreshConnections) else { return effects }
        return effects.filter { $0 != .refreshConnections } + [.refreshConnections]
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
        let shown = lines.map { line in StyledLine([Span(line.text, Self.role(of: line.style))]) }
        self[pane: pane].scrollback.append(contentsOf: shown)
        // An error with advice under it keeps its first line in view (a refused telnet).
        if let error = shown.firstIndex(where: { $0.spans.first?.role == .error }) {
            keepInView(lineAt: self[pane: pane].scrollback.lines.count - shown.count + error, in: pane)
        }
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

    mutating func setStatus(_ pane: PaneID, _ text: String) {
        self[pane: pane].status = StyledLine(SafeText(untrusted: text), .emphasis)
    }

    // MARK: Capture

    /// A capture report, to the Packets pane's reducer or the quiet capture's.
    mutating func receive(capture report: CaptureReport) -> [Effect] {
        report.role == .watch ? quietCaptureReceived(report) : packetsReceived(report)
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
        return lesson.steps.lazy.flatMap(\.checks).compactMap(\.kind.port).first
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
