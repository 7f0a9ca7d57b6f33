import ToolCommands
import NetworkTypes
import SafeText

/// The scrollback of one pane, bounded: the lines of its events, oldest dropped first,
/// plus the unfinished line of each connection (a prompt with no newline yet).
///
/// A value type so the Tutor state can hold it and `view` can draw it; wrapping to the
/// pane's width is the widget's job (``DisplayWidth`` counts the cells).
public struct PaneTranscript: Hashable, Sendable {
    public let maxLines: Int
    private var ring: [PaneLine] = []
    private var head = 0
    /// Unfinished lines, per connection (nil key: the Client pane's one connection).
    private var partials: [ConnectionID?: PaneLine] = [:]
    /// Lines dropped off the top since the transcript began.
    public private(set) var droppedLineCount = 0

    public init(maxLines: Int = 2000) {
        self.maxLines = max(1, maxLines)
    }

    /// Takes in an event's lines and unfinished line.
    public mutating func apply(_ event: SocketEvent) {
        var connection: ConnectionID?
        switch event.kind {
        case .received(let id, _), .peerClosed(let id, _), .accepted(let id, _, _): connection = id
        default: connection = nil
        }
        if !event.lines.isEmpty || event.partialLine != nil { partials[connection] = nil }
        for line in event.lines { append(line) }
        switch event.kind {
        case .peerClosed, .clientClosed, .listenerStopped:
            partials[connection] = nil
        default:
            if let partial = event.partialLine, !partial.string.isEmpty {
                partials[connection] = PaneLine(.received, partial, connection: connection)
            }
        }
    }

    public mutating func append(_ line: PaneLine) {
        if ring.count < maxLines {
            ring.append(line)
        } else {
            ring[head] = line
            head = (head + 1) % maxLines
            droppedLineCount += 1
        }
    }

    public mutating func removeAll() {
        ring.removeAll()
        head = 0
        partials.removeAll()
    }

    /// Every line to show, oldest first, unfinished lines last.
    public var lines: [PaneLine] {
        let ordered = Array(ring[head...] + ring[..<head])
        let open = partials.sorted { ($0.key?.rawValue ?? 0) < ($1.key?.rawValue ?? 0) }.map(\.value)
        return ordered + open
    }
}
