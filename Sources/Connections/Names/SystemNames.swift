#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ConnectionsCore
import NetworkTypes

/// What this machine says about its ports and interfaces, read at the edge and handed to
/// the pure formatter and pane model.
extension ServiceNames {
    /// The names of this machine, parsed on first use and kept for the process's life.
    public static let system = ServiceNames(contentsOf: "/etc/services")

    /// Parses a services file, or falls back to ``builtIn`` when it cannot be read.
    public init(contentsOf path: String) {
        if let bytes = try? FileBytes.read(path, limit: 4 * 1024 * 1024) {
            self.init(parsing: bytes, origin: .file(path))
        } else {
            self = .builtIn
        }
    }
}

extension EphemeralPortRange {
    /// This machine's range, read once; ss's fallback (1024–4999) when unreadable.
    public static let system: EphemeralPortRange = {
        if let bytes = try? FileBytes.read("/proc/sys/net/ipv4/ip_local_port_range", limit: 256) {
            let fields = bytes.split(whereSeparator: { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A })
            if fields.count >= 2,
               let low = UInt16(String(decoding: fields[0], as: UTF8.self)),
               let high = UInt16(String(decoding: fields[1], as: UTF8.self)), low <= high {
                return EphemeralPortRange(low...high)
            }
        }
        return EphemeralPortRange(1024...4999)
    }()
}

extension InterfaceIndexNames {
    /// This machine's interfaces, read with `if_nameindex()` at call time.
    public static func current() -> InterfaceIndexNames {
        var table: [UInt32: String] = [:]
        guard let list = if_nameindex() else { return InterfaceIndexNames() }
        defer { if_freenameindex(list) }
        var i = 0
        while list[i].if_index != 0, let name = list[i].if_name {
            let text = String(cString: name)
            if text.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) { table[UInt32(list[i].if_index)] = text }
            i += 1
        }
        return InterfaceIndexNames(table)
    }
}

extension UserNames {
    /// This machine's login names, read once from /etc/passwd; root only when unreadable.
    public static let system: UserNames = {
        guard let bytes = try? FileBytes.read("/etc/passwd", limit: 4 * 1024 * 1024) else { return .builtIn }
        return UserNames(parsingPasswd: bytes)
    }()
}
