// Linux netfilter log frames (DLT_NFLOG, `tcpdump -i nflog:N`), as tcpdump's print-nflog.c.

/// The layout of an NFLOG frame: a 4-byte header (address family, version, resource id),
/// then type-length-value records in the capturing host's byte order, one of which
/// (type 9) holds the packet.
enum NFLOG {
    static let headerLength = 4
    static let payloadType: UInt16 = 9

    /// Where the packet starts, or nil when the records end first.
    static func payloadOffset(_ b: PacketBytes) -> Int? {
        guard b.has(0, headerLength) else { return nil }
        var p = headerLength
        while b.has(p, 4) {
            var size = Int(UInt16(b[p]) | UInt16(b[p + 1]) << 8)
            let type = UInt16(b[p + 2]) | UInt16(b[p + 3]) << 8
            if size % 4 != 0 { size += 4 - size % 4 }
            if size < 4 { return nil }
            if type == payloadType { return p + 4 }
            p += size
        }
        return nil
    }
}

extension TcpdumpPrinter {
    mutating func printNFLOG(_ ndo: inout PrintContext, length: Int, caplen: Int) throws -> Int {
        ndo.protocolName = "nflog"
        if caplen < NFLOG.headerLength { ndo.printTruncationMarker(); return caplen }
        let family = ndo.bytes[0], version = ndo.bytes[1]
        if version != 0 {
            ndo.out.append("version "); ndo.out.appendDecimal(UInt32(version)); ndo.out.append(" (unknown)")
            return NFLOG.headerLength
        }
        if options.linkHeader { printNFLOGHeader(&ndo, length: length) }
        var p = NFLOG.headerLength, left = length - NFLOG.headerLength, captured = caplen - NFLOG.headerLength
        var headerSize = NFLOG.headerLength
        while left > 0 {
            if captured < 4 { ndo.printTruncationMarker(); return headerSize }
            if left < 4 { ndo.out.append(" (invalid)"); return headerSize }
            var size = Int(UInt16(ndo.bytes[p]) | UInt16(ndo.bytes[p + 1]) << 8)
            let type = UInt16(ndo.bytes[p + 2]) | UInt16(ndo.bytes[p + 3]) << 8
            if size % 4 != 0 { size += 4 - size % 4 }
            if size < 4 { ndo.printTruncationMarker(); return headerSize }
            if captured < size { ndo.printTruncationMarker(); return headerSize }
            if left < size { ndo.out.append(" (invalid)"); return headerSize }
            if type == NFLOG.payloadType {
                p += 4; headerSize += 4; left -= 4; captured -= 4
                break
            }
            p += size; headerSize += size; left -= size; captured -= size
        }
        switch family {
        case 2: try printIPv4(&ndo, at: p, length: left)
        case 10: try printIPv6(&ndo, at: p, length: left)
        default:
            if !options.linkHeader { printNFLOGHeader(&ndo, length: left + NFLOG.headerLength) }
            printDefault(&ndo, from: p, count: captured)
        }
        return headerSize
    }

    /// `version 0, resource ID 5, family IPv4 (2), length 120: `
    private func printNFLOGHeader(_ ndo: inout PrintContext, length: Int) {
        let family = ndo.bytes[0]
        ndo.out.append("version "); ndo.out.appendDecimal(UInt32(ndo.bytes[1]))
        ndo.out.append(", resource ID "); ndo.out.appendDecimal(UInt32(ndo.bytes.u16(2)!))
        if options.quiet {
            // -q: the family's name alone.
            ndo.out.append(", ")
            if family == 2 || family == 10 { ndo.out.append(family == 2 ? "IPv4" : "IPv6") } else {
                ndo.out.append("Unknown NFLOG (0x"); ndo.out.appendHexByte(family); ndo.out.append(")")
            }
        } else {
            ndo.out.append(", family ")
            ndo.out.append(family == 2 ? "IPv4" : family == 10 ? "IPv6" : "Unknown")
            ndo.out.append(" ("); ndo.out.appendDecimal(UInt32(family)); ndo.out.append(")")
        }
        ndo.out.append(", length "); ndo.out.appendDecimal(length); ndo.out.append(": ")
    }
}
