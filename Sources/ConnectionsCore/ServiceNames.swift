import NetworkTypes

/// Port numbers to service names (`8080/tcp` → `http-alt`), read once from
/// `/etc/services` as `getservbyport` would, with a small built-in table when the file is
/// missing (minimal containers often lack it).
public struct ServiceNames: Sendable {
    private var names: [UInt32: String]

    /// Where the names came from.
    public let origin: Origin

    public enum Origin: Hashable, Sendable {
        case file(String)
        case builtIn
    }

    /// Parses text in services(5) format: `name port/protocol [aliases…] [# comment]`.
    /// The first entry for a port wins, as with `getservbyport`. Names that are not
    /// plain printable ASCII are ignored, so the file cannot put control characters on
    /// the screen.
    public init(parsing bytes: [UInt8], origin: Origin = .builtIn) {
        var table: [UInt32: String] = [:]
        var lineStart = 0
        while lineStart < bytes.count {
            var lineEnd = lineStart
            while lineEnd < bytes.count && bytes[lineEnd] != 0x0A { lineEnd += 1 }
            var line = bytes[lineStart..<lineEnd]
            lineStart = lineEnd + 1
            if let hash = line.firstIndex(of: UInt8(ascii: "#")) { line = line[line.startIndex..<hash] }
            let fields = line.split(whereSeparator: { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D })
            guard fields.count >= 2 else { continue }
            let name = fields[0]
            guard name.count <= 32, name.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else { continue }
            let portProto = fields[1].split(separator: UInt8(ascii: "/"))
            guard portProto.count == 2,
                  let port = UInt16(String(decoding: portProto[0], as: UTF8.self)) else { continue }
            let proto: TransportProtocol
            switch String(decoding: portProto[1], as: UTF8.self) {
            case "tcp": proto = .tcp
            case "udp": proto = .udp
            default: continue
            }
            let key = ServiceNames.key(port, proto)
            if table[key] == nil { table[key] = String(decoding: name, as: UTF8.self) }
        }
        self.names = table
        self.origin = origin
    }

    private init(table: [UInt32: String]) {
        self.names = table
        self.origin = .builtIn
    }

    /// The well-known ports a learner meets, for machines without /etc/services.
    public static let builtIn: ServiceNames = {
        let list: [(UInt16, String)] = [
            (20, "ftp-data"), (21, "ftp"), (22, "ssh"), (23, "telnet"), (25, "smtp"),
            (53, "domain"), (67, "bootps"), (68, "bootpc"), (80, "http"), (110, "pop3"),
            (123, "ntp"), (143, "imap2"), (161, "snmp"), (443, "https"), (465, "submissions"),
            (587, "submission"), (631, "ipp"), (993, "imaps"), (995, "pop3s"),
            (3306, "mysql"), (5353, "mdns"), (5432, "postgresql"), (6379, "redis"),
            (8080, "http-alt"),
        ]
        var table: [UInt32: String] = [:]
        for (port, name) in list {
            table[key(port, .tcp)] = name
            table[key(port, .udp)] = name
        }
        return ServiceNames(table: table)
    }()

    /// The service name for a port, or nil when it has none.
    public func name(port: UInt16, transport: TransportProtocol) -> String? {
        names[ServiceNames.key(port, transport)]
    }

    /// The port for a service name (`http` → 80), for filters such as `sport = :http`.
    public func port(named name: String, transport: TransportProtocol) -> UInt16? {
        for (key, value) in names where value == name && UInt8(key & 0xFF) == transport.rawValue {
            return UInt16(key >> 8)
        }
        return nil
    }

    public var count: Int { names.count }

    private static func key(_ port: UInt16, _ transport: TransportProtocol) -> UInt32 {
        UInt32(port) << 8 | UInt32(transport.rawValue)
    }
}

/// The ports the kernel picks for outgoing connections
/// (`/proc/sys/net/ipv4/ip_local_port_range`). ss never names these ports after services:
/// a random client port that happens to equal some registered service would mislead.
public struct EphemeralPortRange: Hashable, Sendable {
    public var range: ClosedRange<UInt16>

    public init(_ range: ClosedRange<UInt16>) { self.range = range }

    /// The Linux kernel's default (`32768 60999`), for when the machine's was not read.
    public static let linuxDefault = EphemeralPortRange(32768...60999)

    public func contains(_ port: UInt16) -> Bool { range.contains(port) }
}
