// BSD loopback (DLT_NULL, DLT_LOOP) frames, as tcpdump's print-null.c.

extension TcpdumpPrinter {
    mutating func printBSDLoopback(_ ndo: inout PrintContext, length: Int, caplen: Int) throws -> Int {
        ndo.protocolName = "null"
        guard caplen >= 4 else { throw Truncated() }
        var family = ndo.bytes.u32LittleEndian(0)!
        if family & 0xFFFF_0000 != 0 { family = family.byteSwapped }
        if options.linkHeader {
            // -e: `AF IPv4 (2), length 88: ` (-q: `IPv4, length 88: `)
            if !options.quiet { ndo.out.append("AF ") }
            switch family {
            case 2: ndo.out.append("IPv4")
            case 24, 28, 30: ndo.out.append("IPv6")
            case 7: ndo.out.append("OSI")
            case 16: ndo.out.append("Appletalk")
            case 23: ndo.out.append("IPX")
            default: ndo.out.append("Unknown")
            }
            if !options.quiet { ndo.out.append(" ("); ndo.out.appendDecimal(family); ndo.out.append(")") }
            ndo.out.append(", length "); ndo.out.appendDecimal(length); ndo.out.append(": ")
        }
        switch family {
        case 2: try printIPv4(&ndo, at: 4, length: length - 4)
        case 24, 28, 30: try printIPv6(&ndo, at: 4, length: length - 4)
        default:
            if options.linkHeader { printDefault(&ndo, from: 4, count: caplen - 4); break }
            ndo.out.append("AF ")
            switch family {
            case 7: ndo.out.append("OSI")
            case 16: ndo.out.append("Appletalk")
            case 23: ndo.out.append("IPX")
            default: ndo.out.append("Unknown")
            }
            ndo.out.append(" ("); ndo.out.appendDecimal(family); ndo.out.append("), length "); ndo.out.appendDecimal(length); ndo.out.append(": ")
            printDefault(&ndo, from: 4, count: caplen - 4)
        }
        return 4
    }
}
