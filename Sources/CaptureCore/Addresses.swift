import NetworkTypes

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

    /// The address as tcpdump prints it with `-n`, written straight into the buffer: the
    /// same text as `IPAddress.description` (dotted quad, or IPv6 with the longest run of
    /// two or more zero groups as `::` and `::a.b.c.d` / `::ffff:a.b.c.d` dotted).
    func appendAddress(_ address: IPAddress) {
        switch address.family {
        case .ipv4: appendIPv4(UInt32(truncatingIfNeeded: address.low))
        case .ipv6: appendIPv6(hi: address.high, lo: address.low)
        }
    }

    /// IPv6 text as tcpdump's own formatter writes it (BIND's inet_ntop rules, which are
    /// glibc's too, so this is `IPAddress.description`).
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
