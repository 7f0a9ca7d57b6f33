import NetworkTypes

/// A host as a teacher writes it in a lesson file (`address: 127.0.0.1` on `listening`,
/// `host ::1` in a packet filter): a numeric address or the name `localhost`, matched
/// against the numeric addresses the socket table and the capture report.
///
/// Kept apart from `SocketAddress`, which is only ever what was observed: a pattern is
/// text that may name several addresses (`localhost`) or none.
public struct LessonHost: Sendable, Hashable, CustomStringConvertible {
    /// As written, for notes and diagnostics.
    public var text: String
    private var meaning: Meaning

    private enum Meaning: Sendable, Hashable {
        /// 127.0.0.0/8 or ::1.
        case loopback
        /// IPv4-mapped addresses are held as IPv4.
        case address(IPAddress)
        /// Not an address porttutor can read: it matches nothing, as a host no packet came from.
        case nothing
    }

    /// Reads `127.0.0.1`, `::1`, `[::1]`, `::ffff:127.0.0.1` or `localhost`, in any case.
    public init(_ text: String) {
        self.text = text
        var host = Substring(text.lowercased())
        if host.hasPrefix("[") && host.hasSuffix("]") { host = host.dropFirst().dropLast() }
        if host == "localhost" {
            meaning = .loopback
        } else if let address = IPAddress(parsing: String(host)) {
            meaning = .address(address.embeddedIPv4 ?? address)
        } else {
            meaning = .nothing
        }
    }

    /// Whether `address` is this host; an IPv4-mapped address compares as its IPv4 address.
    public func matches(_ address: IPAddress) -> Bool {
        switch meaning {
        case .loopback: return address.isLoopback
        case .address(let wanted): return (address.embeddedIPv4 ?? address) == wanted
        case .nothing: return false
        }
    }

    public var description: String { text }
}

extension SocketAddress {
    /// The port as the checks count ports: lesson files give them as `Int`.
    var portNumber: Int { Int(port) }
}
