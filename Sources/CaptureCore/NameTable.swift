import NetworkTypes

/// Names tcpdump shows when it is not given `-n`: host names, service (port) names and
/// protocol names.
///
/// tcpdump asks the resolver, which may send DNS queries and block. porttutor must never
/// block its one thread nor send traffic off the machine, so names come only from the
/// local files `/etc/hosts`, `/etc/services` and `/etc/protocols`, read once. With `-n`
/// (or `-nn`) tcpdump 4.99 prints addresses, ports and protocols as numbers, and so do we.
public struct NameTable: Sendable {
    public var hosts: [IPAddress: String] = [:]
    public var tcpPorts: [UInt16: String] = [:]
    public var udpPorts: [UInt16: String] = [:]
    public var protocols: [UInt8: String] = [:]

    /// Every address, port and protocol as a number (`-n`, `-nn`).
    public static let numeric = NameTable()

    public init() {}

    public mutating func loadHosts(_ text: String) {
        for line in text.split(separator: "\n") {
            let fields = line.prefix { $0 != "#" }.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard fields.count >= 2, let address = IPAddress(parsing: String(fields[0])) else { continue }
            // The first name wins, as the resolver's reverse lookup of /etc/hosts does.
            if hosts[address] == nil { hosts[address] = printableName(fields[1]) }
        }
    }

    public mutating func loadServices(_ text: String) {
        for line in text.split(separator: "\n") {
            let fields = line.prefix { $0 != "#" }.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard fields.count >= 2 else { continue }
            let portProto = fields[1].split(separator: "/")
            guard portProto.count == 2, let port = UInt16(portProto[0]) else { continue }
            let name = printableName(fields[0])
            if portProto[1] == "tcp", tcpPorts[port] == nil { tcpPorts[port] = name }
            if portProto[1] == "udp", udpPorts[port] == nil { udpPorts[port] = name }
        }
    }

    public mutating func loadProtocols(_ text: String) {
        for line in text.split(separator: "\n") {
            let fields = line.prefix { $0 != "#" }.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard fields.count >= 2, let number = UInt8(fields[1]) else { continue }
            if protocols[number] == nil { protocols[number] = printableName(fields[0]) }
        }
    }

    /// Names from files still end up on a terminal: keep only printable ASCII.
    private func printableName(_ s: Substring) -> String {
        String(String.UnicodeScalarView(s.unicodeScalars.filter { $0.value > 0x20 && $0.value < 0x7F }))
    }

    var isEmpty: Bool { hosts.isEmpty && tcpPorts.isEmpty && udpPorts.isEmpty && protocols.isEmpty }
}
