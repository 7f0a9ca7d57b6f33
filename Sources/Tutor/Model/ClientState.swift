import SocketsCore
import ToolCommands

/// What the Client pane's telnet, nc or curl is doing. A tool is known exactly while one
/// runs, and only a made connection has a server port of its own.
public enum ClientState: Sendable, Hashable {
    /// No client runs. `lastServerPort` is where the last connection went: a late reply
    /// is still about it, and the demo table keeps its rows (TIME-WAIT) in view.
    case idle(lastServerPort: Int?)
    /// Resolving the name or trying addresses; the last connection's port stays the one
    /// replies and the demo table refer to until this one is made.
    case connecting(ClientTool, lastServerPort: Int?)
    /// The connection is made.
    case connected(ClientTool, serverPort: Int)

    /// A client is connecting or connected: typed lines go to it, Ctrl-C is its.
    public var isRunning: Bool {
        if case .idle = self { false } else { true }
    }

    /// The tool that runs; nil while idle.
    public var tool: ClientTool? {
        switch self {
        case .idle: nil
        case .connecting(let tool, _), .connected(let tool, _): tool
        }
    }

    /// The port the client connects to (or last connected to): the checks' "server port".
    public var serverPort: Int? {
        switch self {
        case .idle(let port), .connecting(_, let port): port
        case .connected(_, let port): port
        }
    }

    /// A connected telnet hands Ctrl-C to the other side, as the real one does.
    public var passesControlCToPeer: Bool {
        if case .connected(.telnet, _) = self { true } else { false }
    }

    /// The learner started a client.
    public mutating func start(_ tool: ClientTool) {
        self = .connecting(tool, lastServerPort: serverPort)
    }

    /// The connection is made. The port is remembered even when no tool is known to run,
    /// so what arrives on it is still checked against it.
    public mutating func connect(serverPort port: Int) {
        switch self {
        case .idle: self = .idle(lastServerPort: port)
        case .connecting(let tool, _), .connected(let tool, _): self = .connected(tool, serverPort: port)
        }
    }

    /// The client ended (closed by either side, or it never connected).
    public mutating func close() {
        self = .idle(lastServerPort: serverPort)
    }
}

/// The tools the Client pane runs.
public enum ClientTool: Sendable, Hashable {
    case telnet
    case netcat
    case curl
}

extension ClientTool {
    init(_ request: ClientRequest) {
        switch request {
        case .telnet: self = .telnet
        case .netcat: self = .netcat
        case .curl: self = .curl
        }
    }
}
