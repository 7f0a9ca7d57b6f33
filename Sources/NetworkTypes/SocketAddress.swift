/// An IP address and a port: one end of a connection, what `bind`, `connect` and `accept`
/// deal in, and what a socket table row and a packet show.
///
/// Always numeric, never a name, so it can be printed and compared without a lookup.
public struct SocketAddress: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var address: IPAddress
    public var port: UInt16
    /// IPv6 zone (interface index) of a link-local address; 0 otherwise.
    public var scopeID: UInt32

    public init(address: IPAddress, port: UInt16, scopeID: UInt32 = 0) {
        self.address = address
        self.port = port
        self.scopeID = scopeID
    }

    /// Reads `127.0.0.1`, `::1`, `[::1]` or `fe80::1%2`. A zone must be an interface's
    /// number here: a name (`%eth0`) would need the system, and this type never asks it.
    public init?(numericHost: String, port: UInt16) {
        var host = Substring(numericHost)
        if host.hasPrefix("[") && host.hasSuffix("]") { host = host.dropFirst().dropLast() }
        var scope: UInt32 = 0
        if let percent = host.firstIndex(of: "%") {
            guard let zone = UInt32(host[host.index(after: percent)...]) else { return nil }
            scope = zone
            host = host[..<percent]
        }
        guard let address = IPAddress(parsing: String(host)) else { return nil }
        guard scope == 0 || address.family == .ipv6 else { return nil }
        self.init(address: address, port: port, scopeID: scope)
    }

    public static func loopback(_ family: AddressFamily, port: UInt16) -> SocketAddress {
        SocketAddress(address: family == .ipv4 ? .loopbackIPv4 : .loopbackIPv6, port: port)
    }

    public var family: AddressFamily { address.family }

    /// The address bytes in network order: 4 for IPv4, 16 for IPv6.
    public var addressBytes: [UInt8] { address.bytes }

    /// The same address with another port.
    public func with(port: UInt16) -> SocketAddress {
        SocketAddress(address: address, port: port, scopeID: scopeID)
    }

    /// "127.0.0.1" or "::1": the address alone, as `inet_ntop` writes it, with its zone.
    public var host: String {
        scopeID != 0 ? "\(address)%\(scopeID)" : address.description
    }

    /// "127.0.0.1:8080" or "[::1]:8080", the way URLs and `ss` write an endpoint.
    public var description: String {
        family == .ipv6 ? "[\(host)]:\(port)" : "\(host):\(port)"
    }

    /// As ss and netstat write a table's endpoint: port 0 (none yet) is `*`.
    public var tableText: String {
        let shownHost = family == .ipv6 ? "[\(address)]" : address.description
        return shownHost + ":" + (port == 0 ? "*" : String(port))
    }

    /// 127.0.0.0/8, ::1, or an IPv4-mapped loopback.
    public var isLoopback: Bool { address.isLoopback }

    /// 0.0.0.0 or :: — "every interface" when bound.
    public var isUnspecified: Bool { address.isUnspecified }

    public static func < (lhs: SocketAddress, rhs: SocketAddress) -> Bool {
        (lhs.address, lhs.port) < (rhs.address, rhs.port)
    }
}
