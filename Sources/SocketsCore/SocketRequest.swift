import NetworkTypes
import ToolCommands

/// Something the panes want done with sockets: the effects `update` returns.
public enum SocketRequest: Hashable, Sendable {
    /// `nc -l …` typed in the Listener pane (replaces a running listener).
    case startListener(ListenRequest)
    /// Closes the listener and every client connected to it.
    case stopListener
    /// A line typed in the Listener pane: sent with LF (CRLF with -C) to every client, or
    /// for UDP to whoever sent the last datagram.
    case listenerLine(String)
    /// Raw bytes to every listener client (for lessons and tests).
    case listenerBytes([UInt8])
    /// Hangs up on one client of the listener.
    case closeListenerConnection(ConnectionID)
    /// `telnet`, `nc` or `curl` typed in the Client pane (replaces a running client).
    case connectClient(ClientRequest)
    /// A line typed in the Client pane.
    case clientLine(String)
    /// Ctrl-] in the Client pane (telnet's escape key).
    case clientEscape
    /// Raw bytes to the client connection.
    case clientBytes([UInt8])
    /// Closes the client connection (Ctrl-C / Ctrl-D in the pane).
    case closeClient
    case startWebServer
    case stopWebServer
}

/// Limits and defaults for the hub. Each bound keeps a flood from freezing the screen or
/// growing memory: reads per wakeup, clients per listener, bytes waiting to be sent, bytes
/// per second turned into lines.
public struct SocketHubConfiguration: Hashable, Sendable {
    public var connectTimeoutSeconds: Int
    public var resolutionTimeoutSeconds: Int
    public var maxListenerClients: Int
    /// Bytes queued for one peer that is not reading; more is refused with an explanation.
    public var maxPendingOutputBytes: Int
    /// At most this much is read from one descriptor per `handle` call.
    public var readChunkBytes: Int
    /// Received bytes per second, per pane, that become lines; the rest is only counted.
    public var displayBytesPerSecond: Int
    public var listenBacklog: Int32
    public var webServer: WebServerConfiguration

    public init(connectTimeoutSeconds: Int = 10, resolutionTimeoutSeconds: Int = 10,
                maxListenerClients: Int = 1000, maxPendingOutputBytes: Int = 1 << 20,
                readChunkBytes: Int = 64 * 1024, displayBytesPerSecond: Int = 256 * 1024,
                listenBacklog: Int32 = 128, webServer: WebServerConfiguration = WebServerConfiguration()) {
        self.connectTimeoutSeconds = connectTimeoutSeconds
        self.resolutionTimeoutSeconds = resolutionTimeoutSeconds
        self.maxListenerClients = maxListenerClients
        self.maxPendingOutputBytes = maxPendingOutputBytes
        self.readChunkBytes = readChunkBytes
        self.displayBytesPerSecond = displayBytesPerSecond
        self.listenBacklog = listenBacklog
        self.webServer = webServer
    }
}

/// How the built-in web server is set up.
public struct WebServerConfiguration: Hashable, Sendable {
    /// 8088: next to the lessons' 8080 and easy to say, and free on a typical machine
    /// (8080 is the learner's, 8000 is Python's http.server, 3000 and 5000 dev servers').
    public static let defaultPort: UInt16 = 8088

    public var port: UInt16
    /// A client that sends nothing for this long is answered 408 (mid-request) or dropped.
    public var idleTimeoutSeconds: Int
    public var maxConnections: Int

    public init(port: UInt16 = WebServerConfiguration.defaultPort, idleTimeoutSeconds: Int = 60,
                maxConnections: Int = 128) {
        self.port = port
        self.idleTimeoutSeconds = idleTimeoutSeconds
        self.maxConnections = maxConnections
    }
}
