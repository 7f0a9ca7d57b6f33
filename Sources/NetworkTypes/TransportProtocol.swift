/// TCP (a byte stream) or UDP (separate datagrams), numbered as the IP header numbers them.
public enum TransportProtocol: UInt8, Hashable, Sendable, CaseIterable, Comparable, CustomStringConvertible {
    case tcp = 6
    case udp = 17

    /// `IPPROTO_TCP` / `IPPROTO_UDP`.
    public var ipProtocolNumber: UInt8 { rawValue }

    /// The name ss prints in its `Netid` column and netstat in its `Proto` column.
    public var name: String {
        switch self {
        case .tcp: return "tcp"
        case .udp: return "udp"
        }
    }

    /// Reads `tcp` or `udp`, in any case.
    public init?(name: String) {
        switch name.lowercased() {
        case "tcp": self = .tcp
        case "udp": self = .udp
        default: return nil
        }
    }

    public var description: String { name }

    public static func < (lhs: TransportProtocol, rhs: TransportProtocol) -> Bool { lhs.rawValue < rhs.rawValue }
}
