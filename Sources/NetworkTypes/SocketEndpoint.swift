/// An address and a port: one end of a connection.
public struct SocketEndpoint: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var address: IPAddress
    public var port: UInt16

    public init(address: IPAddress, port: UInt16) {
        self.address = address
        self.port = port
    }

    /// `127.0.0.1:8080` or `[::1]:8080`; port 0 is written `*` as ss and netstat do.
    public var description: String {
        let host = address.family == .ipv6 ? "[\(address)]" : address.description
        return host + ":" + (port == 0 ? "*" : String(port))
    }

    public static func < (lhs: SocketEndpoint, rhs: SocketEndpoint) -> Bool {
        (lhs.address, lhs.port) < (rhs.address, rhs.port)
    }
}
