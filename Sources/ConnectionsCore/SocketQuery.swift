import NetworkTypes

/// Which sockets to list: protocols, address families, states and an optional ss-style
/// filter expression.
///
/// The states go to the kernel as they are (netlink asks only for those); the filter is
/// applied while the reply is parsed, before any row is built.
public struct SocketQuery: Hashable, Sendable {
    public var transports: Set<TransportProtocol>
    public var families: Set<AddressFamily>
    public var states: SocketStateSet
    public var filter: SocketFilter?

    public init(transports: Set<TransportProtocol> = [.tcp],
                families: Set<AddressFamily> = [.ipv4, .ipv6],
                states: SocketStateSet = .all,
                filter: SocketFilter? = nil) {
        self.transports = transports
        self.families = families
        self.states = states
        self.filter = filter
    }

    /// The protocols in a fixed order (ss lists UDP before TCP).
    public var orderedTransports: [TransportProtocol] {
        [TransportProtocol.udp, .tcp].filter { transports.contains($0) }
    }

    public var orderedFamilies: [AddressFamily] {
        [AddressFamily.ipv4, .ipv6].filter { families.contains($0) }
    }

    /// Whether a row belongs in the answer (used on the /proc path and after netlink as a
    /// safety net; netlink already honours transports, families and states).
    public func matches(_ entry: SocketEntry) -> Bool {
        transports.contains(entry.transport)
            && families.contains(entry.family)
            && states.contains(entry.state)
            && (filter?.matches(entry) ?? true)
    }
}

/// Which end of a socket a condition looks at. ss calls the local end the source (`sport`,
/// `src`) and the remote end the destination (`dport`, `dst`), whichever side connected.
public enum EndpointSide: Hashable, Sendable {
    case source
    case destination
}

/// A comparison in `sport > :1024` and friends.
public enum PortComparison: Hashable, Sendable {
    case equal, notEqual, less, lessOrEqual, greater, greaterOrEqual

    func holds(_ lhs: UInt16, _ rhs: UInt16) -> Bool {
        switch self {
        case .equal: return lhs == rhs
        case .notEqual: return lhs != rhs
        case .less: return lhs < rhs
        case .lessOrEqual: return lhs <= rhs
        case .greater: return lhs > rhs
        case .greaterOrEqual: return lhs >= rhs
        }
    }

    var symbol: String {
        switch self {
        case .equal: return "="
        case .notEqual: return "!="
        case .less: return "<"
        case .lessOrEqual: return "<="
        case .greater: return ">"
        case .greaterOrEqual: return ">="
        }
    }
}

/// `src 127.0.0.1`, `dst [::1]:8080`, `src 10.0.0.0/8`, `dst :8080`: an address with an
/// optional prefix length and an optional port.
public struct HostPattern: Hashable, Sendable, CustomStringConvertible {
    /// `nil` matches any address.
    public var address: IPAddress?
    public var prefixLength: Int
    public var port: UInt16?

    public init(address: IPAddress?, prefixLength: Int? = nil, port: UInt16? = nil) {
        self.address = address
        self.prefixLength = prefixLength ?? (address?.family == .ipv6 ? 128 : 32)
        self.port = port
    }

    /// As the kernel's inet_diag filter does: the port must match when given; an IPv4
    /// pattern also matches an IPv4-mapped address on an IPv6 socket.
    public func matches(_ endpoint: SocketAddress) -> Bool {
        if let port, port != endpoint.port { return false }
        guard let address else { return true }
        if endpoint.address.matches(address, prefixLength: prefixLength) { return true }
        if address.family == .ipv4, let mapped = endpoint.address.embeddedIPv4 {
            return mapped.matches(address, prefixLength: prefixLength)
        }
        return false
    }

    public var description: String {
        var text = ""
        if let address {
            text = address.family == .ipv6 ? "[\(address)]" : address.description
            let full = address.family == .ipv6 ? 128 : 32
            if prefixLength != full { text += "/\(prefixLength)" }
        } else {
            text = "*"
        }
        if let port { text += ":\(port)" }
        return text
    }
}

/// The filter expression of `ss` (`'( sport = :8080 or dport = :8080 )'`) as a tree.
public indirect enum SocketFilter: Hashable, Sendable, CustomStringConvertible {
    case port(EndpointSide, PortComparison, UInt16)
    case host(EndpointSide, HostPattern)
    case not(SocketFilter)
    case and(SocketFilter, SocketFilter)
    case or(SocketFilter, SocketFilter)

    public func matches(_ entry: SocketEntry) -> Bool {
        switch self {
        case let .port(side, comparison, port):
            let actual = side == .source ? entry.local.port : entry.remote.port
            return comparison.holds(actual, port)
        case let .host(side, pattern):
            return pattern.matches(side == .source ? entry.local : entry.remote)
        case let .not(inner):
            return !inner.matches(entry)
        case let .and(a, b):
            return a.matches(entry) && b.matches(entry)
        case let .or(a, b):
            return a.matches(entry) || b.matches(entry)
        }
    }

    /// Written back in ss syntax, fully parenthesised.
    public var description: String {
        switch self {
        case let .port(side, comparison, port):
            return "\(side == .source ? "sport" : "dport") \(comparison.symbol) :\(port)"
        case let .host(side, pattern):
            return "\(side == .source ? "src" : "dst") \(pattern)"
        case let .not(inner):
            return "not \(inner)"
        case let .and(a, b):
            return "( \(a) and \(b) )"
        case let .or(a, b):
            return "( \(a) or \(b) )"
        }
    }
}
