#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// IPv4 or IPv6.
public enum AddressFamily: String, Sendable, Hashable {
    case ipv4 = "IPv4"
    case ipv6 = "IPv6"

    var rawValue32: Int32 { self == .ipv4 ? AF_INET : AF_INET6 }
}

/// TCP (a byte stream) or UDP (separate datagrams).
public enum TransportProtocol: String, Sendable, Hashable {
    case tcp
    case udp
}

/// A numeric IP address and a port: what `bind`, `connect` and `accept` deal in.
///
/// Always numeric, never a name, so it can be printed and compared without a lookup.
public struct SocketAddress: Hashable, Sendable, CustomStringConvertible {
    public let family: AddressFamily
    /// 4 bytes for IPv4, 16 for IPv6, network order.
    public let addressBytes: [UInt8]
    public let port: UInt16
    /// IPv6 scope (interface index) for link-local addresses; 0 otherwise.
    public let scopeID: UInt32

    public init?(numericHost: String, port: UInt16) {
        var host = numericHost
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        var v4 = in_addr()
        if inet_pton(AF_INET, host, &v4) == 1 {
            self.family = .ipv4
            self.addressBytes = withUnsafeBytes(of: &v4) { Array($0) }
            self.port = port
            self.scopeID = 0
            return
        }
        var v6 = in6_addr()
        var scope: UInt32 = 0
        var bare = host
        if let percent = host.firstIndex(of: "%") {
            bare = String(host[..<percent])
            let zone = String(host[host.index(after: percent)...])
            scope = UInt32(zone) ?? if_nametoindex(zone)
        }
        if inet_pton(AF_INET6, bare, &v6) == 1 {
            self.family = .ipv6
            self.addressBytes = withUnsafeBytes(of: &v6) { Array($0) }
            self.port = port
            self.scopeID = scope
            return
        }
        return nil
    }

    init(family: AddressFamily, addressBytes: [UInt8], port: UInt16, scopeID: UInt32 = 0) {
        self.family = family
        self.addressBytes = addressBytes
        self.port = port
        self.scopeID = scopeID
    }

    /// Reads a `sockaddr_in` or `sockaddr_in6`; nil for any other family.
    init?(_ pointer: UnsafePointer<sockaddr>) {
        switch Int32(pointer.pointee.sa_family) {
        case AF_INET:
            let sin = UnsafeRawPointer(pointer).loadUnaligned(as: sockaddr_in.self)
            var a = sin.sin_addr
            self.init(family: .ipv4, addressBytes: withUnsafeBytes(of: &a) { Array($0) },
                      port: UInt16(bigEndian: sin.sin_port))
        case AF_INET6:
            let sin6 = UnsafeRawPointer(pointer).loadUnaligned(as: sockaddr_in6.self)
            var a = sin6.sin6_addr
            self.init(family: .ipv6, addressBytes: withUnsafeBytes(of: &a) { Array($0) },
                      port: UInt16(bigEndian: sin6.sin6_port), scopeID: sin6.sin6_scope_id)
        default:
            return nil
        }
    }

    public static func loopback(_ family: AddressFamily, port: UInt16) -> SocketAddress {
        family == .ipv4
            ? SocketAddress(family: .ipv4, addressBytes: [127, 0, 0, 1], port: port)
            : SocketAddress(family: .ipv6, addressBytes: Array(repeating: 0, count: 15) + [1], port: port)
    }

    /// The same address with another port.
    public func with(port: UInt16) -> SocketAddress {
        SocketAddress(family: family, addressBytes: addressBytes, port: port, scopeID: scopeID)
    }

    /// "127.0.0.1" or "::1": the address alone, as `inet_ntop` writes it.
    public var host: String {
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
        var bytes = addressBytes
        let ok = bytes.withUnsafeMutableBytes { raw in
            inet_ntop(family.rawValue32, raw.baseAddress, &buffer, socklen_t(buffer.count)) != nil
        }
        guard ok else { return "?" }
        let text = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return scopeID != 0 ? "\(text)%\(scopeID)" : text
    }

    /// "127.0.0.1:8080" or "[::1]:8080", the way URLs and `ss` write an endpoint.
    public var description: String {
        family == .ipv6 ? "[\(host)]:\(port)" : "\(host):\(port)"
    }

    /// 127.0.0.0/8, ::1, or an IPv4-mapped loopback.
    public var isLoopback: Bool {
        switch family {
        case .ipv4: return addressBytes[0] == 127
        case .ipv6:
            if addressBytes == Array(repeating: 0, count: 15) + [1] { return true }
            if addressBytes.prefix(12) == [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF] {
                return addressBytes[12] == 127
            }
            return false
        }
    }

    /// 0.0.0.0 or :: — "every interface" when bound.
    public var isUnspecified: Bool { addressBytes.allSatisfy { $0 == 0 } }

    /// Calls `body` with this address as a C `sockaddr`.
    func withSockAddr<R>(_ body: (UnsafePointer<sockaddr>, socklen_t) -> R) -> R {
        switch family {
        case .ipv4:
            var sin = sockaddr_in()
            #if canImport(Darwin)
            sin.sin_len = UInt8(MemoryLayout<sockaddr_in>.size)
            #endif
            sin.sin_family = sa_family_t(AF_INET)
            sin.sin_port = port.bigEndian
            withUnsafeMutableBytes(of: &sin.sin_addr) { $0.copyBytes(from: addressBytes) }
            return withUnsafePointer(to: &sin) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    body($0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
        case .ipv6:
            var sin6 = sockaddr_in6()
            #if canImport(Darwin)
            sin6.sin6_len = UInt8(MemoryLayout<sockaddr_in6>.size)
            #endif
            sin6.sin6_family = sa_family_t(AF_INET6)
            sin6.sin6_port = port.bigEndian
            sin6.sin6_scope_id = scopeID
            withUnsafeMutableBytes(of: &sin6.sin6_addr) { $0.copyBytes(from: addressBytes) }
            return withUnsafePointer(to: &sin6) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    body($0, socklen_t(MemoryLayout<sockaddr_in6>.size))
                }
            }
        }
    }
}
