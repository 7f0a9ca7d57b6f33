import ToolCommands
import NetworkTypes
import SafeText

/// Names one TCP connection for as long as the hub lives (never reused, unlike fds).
public struct ConnectionID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }
    public static func < (a: ConnectionID, b: ConnectionID) -> Bool { a.rawValue < b.rawValue }
    public var description: String { "#\(rawValue)" }
}

/// One line for a pane, already safe to draw.
public struct PaneLine: Hashable, Sendable, CustomStringConvertible {
    public enum Style: Hashable, Sendable {
        /// What the tool itself prints: "Trying 127.0.0.1...", "Listening on ...".
        case status
        /// Bytes that arrived from the peer.
        case received
        /// Bytes this side sent (curl's `> ` lines, echoed input).
        case sent
        /// A warning the learner should notice (exposure, dropped data).
        case warning
        /// The first line of a failure.
        case error
        /// The teaching lines under a failure: what it means, what to do.
        case explanation
    }

    public var style: Style
    public var text: SafeText
    /// For the Listener pane: which client the line belongs to.
    public var connection: ConnectionID?

    public init(_ style: Style, _ text: SafeText, connection: ConnectionID? = nil) {
        self.style = style
        self.text = text
        self.connection = connection
    }

    /// A line made by porttutor itself; still passed through `SafeText` because it may
    /// quote words the learner typed.
    public init(_ style: Style, _ text: String, connection: ConnectionID? = nil) {
        self.init(style, SafeText(untrusted: text), connection: connection)
    }

    public var description: String { text.string }
}

/// Something that happened on a socket, as data: the typed fact (for lesson checks) and
/// the lines the pane shows.
public struct SocketEvent: Hashable, Sendable, CustomStringConvertible {
    public enum Pane: Hashable, Sendable {
        case listener
        case client
        case webServer
    }

    public enum Kind: Hashable, Sendable {
        // Listener pane
        case listening(addresses: [SocketAddress], transport: TransportProtocol)
        case accepted(ConnectionID, peer: SocketAddress, local: SocketAddress)
        case received(ConnectionID, byteCount: Int)
        case datagram(from: SocketAddress, byteCount: Int)
        case sent(byteCount: Int, recipients: [ConnectionID])
        case peerClosed(ConnectionID, peer: SocketAddress)
        case clientTurnedAway(peer: SocketAddress)
        case listenerStopped
        // Client pane
        case resolving(host: String)
        case trying(SocketAddress)
        case connected(local: SocketAddress, remote: SocketAddress)
        case clientReceived(byteCount: Int)
        case clientSent(byteCount: Int)
        case httpResponse(status: Int, reason: String)
        /// curl finished its exchange, cleanly or with an error.
        case httpExchangeFinished(HTTPExchangeOutcome)
        /// The input prompt changed: "telnet> " after Ctrl-], nil back in the session.
        case promptChanged(String?)
        case clientClosed(byPeer: Bool)
        // Built-in web server
        case webServerStarted(addresses: [SocketAddress])
        case webServerStopped
        case webRequest(peer: SocketAddress, requestLine: SafeText, status: Int)
        // Any pane
        case failed(TeachingError)
        /// Lines only, nothing else happened (help text, a dropped-bytes summary…).
        case notice
    }

    public var pane: Pane
    public var kind: Kind
    public var lines: [PaneLine]
    /// After data arrived: the bytes so far that end in no newline yet (a prompt such as
    /// `login: `), for the pane to show as its last line until more arrives. Only set on
    /// received events, per connection.
    public var partialLine: SafeText?
    /// On received events: the bytes that arrived, raw, for the lesson checks (never drawn;
    /// the pane draws `lines`). At most one read's worth.
    public var payload: [UInt8]

    public init(_ pane: Pane, _ kind: Kind, lines: [PaneLine] = [], partialLine: SafeText? = nil,
                payload: [UInt8] = []) {
        self.pane = pane
        self.kind = kind
        self.lines = lines
        self.partialLine = partialLine
        self.payload = payload
    }

    public var description: String {
        "\(pane) \(kind)" + (lines.isEmpty ? "" : ": " + lines.map(\.text.string).joined(separator: " | "))
    }

    public static func failure(_ pane: Pane, _ error: TeachingError, headline: String? = nil) -> SocketEvent {
        var lines: [PaneLine] = []
        if let headline { lines.append(PaneLine(.error, headline)) }
        for (index, text) in error.lines.enumerated() {
            lines.append(PaneLine(index == 0 && headline == nil ? .error : .explanation, text))
        }
        return SocketEvent(pane, .failed(error), lines: lines)
    }
}
