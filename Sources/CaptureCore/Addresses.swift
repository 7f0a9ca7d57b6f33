/// An IPv4 or IPv6 address as plain integers: hashable, comparable and free to copy,
/// so decoded packets and the sequence-number table never allocate for addresses.
public enum IPAddress: Hashable, Sendable, CustomStringConvertible {
    case v4(UInt32)
    case v6(UInt64, UInt64)

    /// The address as tcpdump prints it with `-n`: dotted quad, or RFC 4291 text with the
    /// longest run of zero groups shortened to `::` and an embedded IPv4 tail where
    /// tcpdump uses one (`::ffff:1.2.3.4`).
    public var description: String {
        let out = OutputBuffer(capacity: 48)
        out.appendAddress(self)
        return out.string
    }

    public var isIPv6: Bool { if case .v6 = self { return true } else { return false } }

    public var isLoopback: Bool {
        switch self {
        case .v4(let a): return a >> 24 == 127
        case .v6(let hi, let lo): return hi == 0 && lo == 1
        }
    }

    /// Parses dotted-quad IPv4 or textual IPv6 (used by tests and the name table).
    public init?(_ text: String) {
        if text.contains(":") {
            guard let v = IPAddress.parseIPv6(text) else { return nil }
            self = v
        } else {
            let parts = text.split(separator: ".", omittingEmptySubsequences: false)
            guard parts.count == 4 else { return nil }
            var v: UInt32 = 0
            for p in parts {
                guard let n = UInt8(p) else { return nil }
                v = v << 8 | UInt32(n)
            }
            self = .v4(v)
        }
    }

    private static func parseIPv6(_ text: String) -> IPAddress? {
        var groups: [UInt16] = []
        var tail: [UInt16] = []
        var seenGap = false
        var halves: [String] = []
        if let range = text.firstRange(of: "::") {
            halves = [String(text[..<range.lowerBound]), String(text[range.upperBound...])]
            if halves[1].contains("::") { return nil }
        } else {
            halves = [text]
        }
        guard halves.count <= 2 else { return nil }
        func parseGroups(_ s: String) -> [UInt16]? {
            if s.isEmpty { return [] }
            var out: [UInt16] = []
            let items = s.split(separator: ":", omittingEmptySubsequences: false)
            for (i, item) in items.enumerated() {
                if i == items.count - 1, item.contains("."), let v4 = IPAddress(String(item)), case .v4(let a) = v4 {
                    out.append(UInt16(a >> 16)); out.append(UInt16(a & 0xFFFF))
                } else {
                    guard item.count <= 4, let g = UInt16(item, radix: 16) else { return nil }
                    out.append(g)
                }
            }
            return out
        }
        guard let first = parseGroups(halves[0]) else { return nil }
        groups = first
        if halves.count == 2 {
            seenGap = true
            guard let second = parseGroups(halves[1]) else { return nil }
            tail = second
        }
        if seenGap {
            let missing = 8 - groups.count - tail.count
            guard missing >= 1 else { return nil }
            groups += Array(repeating: 0, count: missing) + tail
        }
        guard groups.count == 8 else { return nil }
        var hi: UInt64 = 0, lo: UInt64 = 0
        for i in 0..<4 { hi = hi << 16 | UInt64(groups[i]) }
        for i in 4..<8 { lo = lo << 16 | UInt64(groups[i]) }
        return .v6(hi, lo)
    }
}

/// A 48-bit link-layer address.
public struct MACAddress: Hashable, Sendable, CustomStringConvertible {
    public var value: UInt64
    public init(_ value: UInt64) { self.value = value & 0xFFFF_FFFF_FFFF }

    init?(_ bytes: PacketBytes, at offset: Int) {
        guard bytes.has(offset, 6) else { return nil }
        var v: UInt64 = 0
        for i in 0..<6 { v = v << 8 | UInt64(bytes[offset + i]) }
        self.value = v
    }

    public var description: String {
        let out = OutputBuffer(capacity: 18)
        out.appendMAC(self)
        return out.string
    }
}

extension OutputBuffer {
    func appendIPv4(_ a: UInt32) {
        appendDecimal(UInt32(a >> 24)); append(0x2E)
        appendDecimal(UInt32((a >> 16) & 0xFF)); append(0x2E)
        appendDecimal(UInt32((a >> 8) & 0xFF)); append(0x2E)
        appendDecimal(UInt32(a & 0xFF))
    }

    func appendAddress(_ address: IPAddress) {
        switch address {
        case .v4(let a): appendIPv4(a)
        case .v6(let hi, let lo): appendIPv6(hi: hi, lo: lo)
        }
    }

    /// IPv6 text as tcpdump's own formatter writes it (BIND inet_ntop rules).
    func appendIPv6(hi: UInt64, lo: UInt64) {
        var words = (UInt16(0), UInt16(0), UInt16(0), UInt16(0), UInt16(0), UInt16(0), UInt16(0), UInt16(0))
        withUnsafeMutableBytes(of: &words) { raw in
            let w = raw.bindMemory(to: UInt16.self)
            for i in 0..<4 { w[i] = UInt16(truncatingIfNeeded: hi >> (48 - 16 * UInt64(i))) }
            for i in 0..<4 { w[4 + i] = UInt16(truncatingIfNeeded: lo >> (48 - 16 * UInt64(i))) }
        }
        withUnsafeBytes(of: &words) { raw in
            let w = raw.bindMemory(to: UInt16.self)
            var bestBase = -1, bestLen = 0, curBase = -1, curLen = 0
            for i in 0..<8 {
                if w[i] == 0 {
                    if curBase == -1 { curBase = i; curLen = 1 } else { curLen += 1 }
                } else if curBase != -1 {
                    if bestBase == -1 || curLen > bestLen { bestBase = curBase; bestLen = curLen }
                    curBase = -1
                }
            }
            if curBase != -1 && (bestBase == -1 || curLen > bestLen) { bestBase = curBase; bestLen = curLen }
            if bestBase != -1 && bestLen < 2 { bestBase = -1 }
            var i = 0
            while i < 8 {
                if bestBase != -1 && i >= bestBase && i < bestBase + bestLen {
                    if i == bestBase { append(0x3A) }
                    i += 1
                    continue
                }
                if i != 0 { append(0x3A) }
                if i == 6 && bestBase == 0 && (bestLen == 6 || (bestLen == 5 && w[5] == 0xFFFF)) {
                    appendIPv4(UInt32(w[6]) << 16 | UInt32(w[7]))
                    return
                }
                appendHex(UInt32(w[i]))
                i += 1
            }
            if bestBase != -1 && bestBase + bestLen == 8 { append(0x3A) }
        }
    }

    func appendMAC(_ mac: MACAddress) {
        for i in 0..<6 {
            if i > 0 { append(0x3A) }
            appendHexByte(UInt8(truncatingIfNeeded: mac.value >> (40 - 8 * UInt64(i))))
        }
    }
}
