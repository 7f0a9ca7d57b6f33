// Internet checksums, as tcpdump's in_cksum.c and its callers report them at -v.

extension PrintContext {
    /// The 16-bit ones'-complement sum of `count` bytes from `start` (not yet folded or
    /// inverted), plus `initial`. The caller checks the bytes were captured.
    func onesComplementSum(from start: Int, count: Int, initial: UInt64 = 0) -> UInt64 {
        var sum = initial
        var i = start
        let end = start + count
        while i + 1 < end {
            sum &+= UInt64(bytes[i]) << 8 | UInt64(bytes[i + 1])
            i += 2
        }
        if i < end { sum &+= UInt64(bytes[i]) << 8 }
        return sum
    }

    /// Folds a sum to 16 bits and inverts it: 0 when a block with its checksum in it is
    /// intact.
    func finishChecksum(_ sum: UInt64) -> UInt16 {
        var s = sum
        while s >> 16 != 0 { s = (s & 0xFFFF) + (s >> 16) }
        return ~UInt16(s)
    }

    /// The checksum field that would have made the block intact (in_cksum_shouldbe).
    func checksumShouldBe(_ field: UInt16, _ computed: UInt16) -> UInt16 {
        var s = UInt32(field) + UInt32(computed)
        s = (s & 0xFFFF) + (s >> 16)
        s = (s & 0xFFFF) + (s >> 16)
        return UInt16(s)
    }

    /// The TCP/UDP/ICMPv6 pseudo-header sum for the IP header at `ip`.
    func pseudoHeaderSum(ip: Int, isIPv6: Bool, protocolNumber: UInt8, length: Int) -> UInt64 {
        let addresses = isIPv6 ? onesComplementSum(from: ip + 8, count: 32) : onesComplementSum(from: ip + 12, count: 8)
        return addresses &+ UInt64(protocolNumber) &+ UInt64(length & 0xFFFF) &+ UInt64(length >> 16)
    }

    /// Whether a transport block at `p` of `length` bytes, under the IP header at `ip`,
    /// was captured whole and sums to zero; nil when it was not captured whole.
    func transportChecksum(at p: Int, length: Int, ip: Int, isIPv6: Bool, protocolNumber: UInt8) -> UInt16? {
        guard length >= 0, has(p, length) else { return nil }
        let sum = onesComplementSum(from: p, count: length,
                                    initial: pseudoHeaderSum(ip: ip, isIPv6: isIPv6, protocolNumber: protocolNumber, length: length))
        return finishChecksum(sum)
    }

    /// The hex of a 16-bit value, four digits (`%04x`).
    func appendHex16(_ v: UInt16) {
        out.appendHexByte(UInt8(v >> 8)); out.appendHexByte(UInt8(v & 0xFF))
    }

    /// The hex of a value without leading zeros (`%x`).
    func appendHexTrimmed(_ v: UInt32) {
        var shift = 28
        while shift > 0 && (v >> UInt32(shift)) & 0xF == 0 { shift -= 4 }
        while shift >= 0 { out.append(hexDigit(Int((v >> UInt32(shift)) & 0xF))); shift -= 4 }
    }
}
