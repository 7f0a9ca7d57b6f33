/// What `nc -l` in the Listener pane is doing. Peers exist only while a socket listens,
/// and a connected listener always has at least one (``ListenerPeers`` cannot be empty).
public enum ListenerState: Sendable, Hashable {
    /// Nothing listens. `lastPort` is the port the last listener was bound to: the demo
    /// table keeps its rows (TIME-WAIT) in view after it stops.
    case idle(lastPort: Int?)
    /// Listening, no client connected.
    case listening(ListeningSocket)
    /// One client or more connected (`nc -lk` takes several).
    case connected(ListeningSocket, peers: ListenerPeers)

    /// `nc -l` is listening or still talking to its client: typed lines go to the peer.
    public var isRunning: Bool {
        if case .idle = self { false } else { true }
    }

    /// The port the listener is (or was last) bound to: the lesson checks' "server port".
    public var port: Int? {
        switch self {
        case .idle(let lastPort): lastPort
        case .listening(let socket), .connected(let socket, _): socket.port
        }
    }

    /// The title-bar status: what it listens on, or who is connected; nil while idle.
    public var status: String? {
        switch self {
        case .idle: nil
        case .listening(let socket): socket.status
        case .connected(_, let peers): peers.only.map { "connected to \($0)" } ?? "\(peers.count) clients connected"
        }
    }

    /// A new listening socket: any clients of the last one are gone with it.
    public mutating func listen(_ socket: ListeningSocket) {
        self = .listening(socket)
    }

    /// A client connected. Without a listening socket there is nothing to accept on, so
    /// an idle listener stays idle.
    public mutating func accept(_ connection: Int, from address: String) {
        switch self {
        case .idle: break
        case .listening(let socket): self = .connected(socket, peers: ListenerPeers(connection, at: address))
        case .connected(let socket, let peers): self = .connected(socket, peers: peers.adding(connection, at: address))
        }
    }

    /// A client left: with none left, `nc -lk` is back to listening.
    public mutating func peerLeft(_ connection: Int) {
        guard case .connected(let socket, let peers) = self else { return }
        self = peers.removing(connection).map { .connected(socket, peers: $0) } ?? .listening(socket)
    }

    /// The listener closed; its port is remembered (see ``idle(lastPort:)``).
    public mutating func stop() {
        self = .idle(lastPort: port)
    }
}

/// A socket `nc -l` listens on.
public struct ListeningSocket: Sendable, Hashable {
    /// The port it is bound to, as the kernel named it.
    public let port: Int?
    /// The title while no client is connected ("listening on 127.0.0.1:8080").
    public let status: String

    public init(port: Int?, status: String) {
        self.port = port
        self.status = status
    }
}

/// The clients connected to the listener, by connection: their addresses. Never empty:
/// made with one, and removing the last gives nil instead of an empty set.
public struct ListenerPeers: Sendable, Hashable {
    private var addresses: [Int: String]

    public init(_ connection: Int, at address: String) {
        addresses = [connection: address]
    }

    public var count: Int { addresses.count }

    /// The address of the one client, when exactly one is connected.
    public var only: String? { count == 1 ? addresses.values.first : nil }

    public func adding(_ connection: Int, at address: String) -> ListenerPeers {
        var peers = self
        peers.addresses[connection] = address
        return peers
    }

    /// Without `connection`; nil when it was the last one.
    public func removing(_ connection: Int) -> ListenerPeers? {
        var peers = self
        peers.addresses[connection] = nil
        return peers.addresses.isEmpty ? nil : peers
    }
}
