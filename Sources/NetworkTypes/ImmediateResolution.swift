/// Answers that need no resolver at all: numeric addresses and `localhost`.
public enum ImmediateResolution {
    /// The addresses for `host` if it is numeric or a loopback name; nil if a real lookup
    /// is needed. `localhost` is 127.0.0.1 then ::1, as curl does, whatever /etc/hosts says.
    public static func addresses(for host: String, port: UInt16) -> [SocketAddress]? {
        if let numeric = SocketAddress(numericHost: host, port: port) { return [numeric] }
        switch host.lowercased() {
        case "localhost", "localhost.", "localhost.localdomain":
            return [.loopback(.ipv4, port: port), .loopback(.ipv6, port: port)]
        case "ip6-localhost", "ip6-loopback":
            return [.loopback(.ipv6, port: port)]
        default:
            return nil
        }
    }
}
