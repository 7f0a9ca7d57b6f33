/// The two internet address families a socket table lists.
public enum AddressFamily: UInt8, Hashable, Sendable, CaseIterable, Comparable {
    case ipv4 = 4
    case ipv6 = 6

    /// `IPv4` or `IPv6`, as messages name the family.
    public var name: String { self == .ipv4 ? "IPv4" : "IPv6" }

    /// The `AF_INET`/`AF_INET6` number the kernel uses: constants of the platform's ABI,
    /// written here so this target needs no C library.
    public var posixValue: Int32 {
        #if canImport(Darwin)
        return self == .ipv4 ? 2 : 30
        #else
        return self == .ipv4 ? 2 : 10
        #endif
    }

    public static func < (lhs: AddressFamily, rhs: AddressFamily) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// An IPv4 or IPv6 address held as plain integers, so that 20,000 of them cost no
/// allocations and hash quickly.
///
/// The address bytes are kept in network order as one 128-bit big-endian number split in
/// two halves; an IPv4 address lives in the low 32 bits of `low`.
public struct IPAddress: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let family: AddressFamily
    /// Bytes 0–7 of an IPv6 address, big-endian. Zero for IPv4.
    public let high: UInt64
    /// Bytes 8–15 of an IPv6 address, or the IPv4 address in the low 32 bits, big-endian.
    public let low: UInt64

    public init(ipv4 value: UInt32) {
        family = .ipv4; high = 0; low = UInt64(value)
    }

    public init(ipv6High high: UInt64, low: UInt64) {
        family = .ipv6; self.high = high; self.low = low
    }

    /// Builds an address from its bytes in network order: 4 bytes for IPv4, 16 for IPv6.
    public init?(bytes: some Collection<UInt8>) {
        let array = Array(bytes)
        switch array.count {
        case 4:
            self.init(ipv4: array.reduce(0) { $0 << 8 | UInt32($1) })
        case 16:
            let h = array[0..<8].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            let l = array[8..<16].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            self.init(ipv6High: h, low: l)
        default:
            return nil
        }
    }

    public static let anyIPv4 = IPAddress(ipv4: 0)
    public static let anyIPv6 = IPAddress(ipv6High: 0, low: 0)
    public static let loopbackIPv4 = IPAddress(ipv4: 0x7F00_0001)
    public static let loopbackIPv6 = IPAddress(ipv6High: 0, low: 1)

    /// The address bytes in network order.
    public var bytes: [UInt8] {
        switch family {
        case .ipv4:
            let v = UInt32(truncatingIfNeeded: low)
            return [UInt8(v >> 24), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)]
        case .ipv6:
            var out = [UInt8](repeating: 0, count: 16)
            for i in 0..<8 {
                out[i] = UInt8(truncatingIfNeeded: high >> UInt64(56 - 8 * i))
                out[8 + i] = UInt8(truncatingIfNeeded: low >> UInt64(56 - 8 * i))
            }
            return out
        }
    }

    /// `0.0.0.0` or `::`: a socket bound to every address, or a peer not yet known.
    public var isUnspecified: Bool { high == 0 && low == 0 }

    /// `127.0.0.0/8`, `::1`, or an IPv4-mapped loopback address.
    public var isLoopback: Bool {
        switch family {
        case .ipv4: return (low >> 24) & 0xFF == 127
        case .ipv6:
            if high == 0 && low == 1 { return true }
            return embeddedIPv4?.isLoopback ?? false
        }
    }

    /// For `::ffff:a.b.c.d` (an IPv4 connection on a dual-stack IPv6 socket), the IPv4 address.
    public var embeddedIPv4: IPAddress? {
        guard family == .ipv6, high == 0, low >> 32 == 0xFFFF else { return nil }
        return IPAddress(ipv4: UInt32(truncatingIfNeeded: low))
    }

    /// The address as `inet_ntop` writes it: `127.0.0.1`, `::1`, `::ffff:127.0.0.1`.
    public var description: String {
        switch family {
        case .ipv4:
            var out = ""
            out.reserveCapacity(15)
            let v = UInt32(truncatingIfNeeded: low)
            out += String(v >> 24); out += "."
            out += String(v >> 16 & 0xFF); out += "."
            out += String(v >> 8 & 0xFF); out += "."
            out += String(v & 0xFF)
            return out
        case .ipv6:
            return IPAddress.formatIPv6(bytes)
        }
    }

    /// How many characters `description` has, computed without building it (column widths
    /// for 20,000 rows).
    public var textLength: Int {
        switch family {
        case .ipv4:
            let v = UInt32(truncatingIfNeeded: low)
            return 3 + IPAddress.digits(v >> 24) + IPAddress.digits(v >> 16 & 0xFF)
                + IPAddress.digits(v >> 8 & 0xFF) + IPAddress.digits(v & 0xFF)
        case .ipv6:
            return description.utf8.count
        }
    }

    /// Parses dotted IPv4 or textual IPv6 (`::1`, `fe80::1`, `::ffff:127.0.0.1`).
    public init?(parsing text: String) {
        if text.contains(":") {
            guard let words = IPv6Text.parse(text) else { return nil }
            self.init(bytes: words.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] })
        } else {
            let parts = text.split(separator: ".", omittingEmptySubsequences: false)
            guard parts.count == 4 else { return nil }
            var value: UInt32 = 0
            for part in parts {
                guard !part.isEmpty, part.count <= 3, let octet = UInt8(part) else { return nil }
                value = value << 8 | UInt32(octet)
            }
            self.init(ipv4: value)
        }
    }

    /// Whether the first `prefixLength` bits equal those of `network` (same family).
    public func matches(_ network: IPAddress, prefixLength: Int) -> Bool {
        guard family == network.family else { return false }
        let bits = family == .ipv4 ? 32 : 128
        let n = max(0, min(prefixLength, bits))
        if family == .ipv4 {
            if n == 0 { return true }
            let mask = UInt64(UInt32.max << UInt32(32 - n))
            return (low & mask) == (network.low & mask)
        }
        if n <= 64 {
            let mask: UInt64 = n == 0 ? 0 : UInt64.max << UInt64(64 - n)
            return (high & mask) == (network.high & mask)
        }
        let mask: UInt64 = UInt64.max << UInt64(128 - n)
        return high == network.high && (low & mask) == (network.low & mask)
    }

    public static func < (lhs: IPAddress, rhs: IPAddress) -> Bool {
        (lhs.family, lhs.high, lhs.low) < (rhs.family, rhs.high, rhs.low)
    }

    public static func digits(_ v: UInt32) -> Int { v >= 100 ? 3 : (v >= 10 ? 2 : 1) }

    static func formatIPv6(_ bytes: [UInt8]) -> String {
        IPv6Text.format((0..<8).map { UInt16(bytes[2 * $0]) << 8 | UInt16(bytes[2 * $0 + 1]) })
    }
}
