// From the IP header to the transport printer, as tcpdump's print-ip-demux.c.

extension TcpdumpPrinter {
    /// Where the printers below find the IP header that carried them.
    struct Carrier {
        var start: Int
        var isIPv6: Bool
        /// The next-header field of the fixed header: tcpdump prints addresses only when
        /// it names the transport protocol itself.
        var nextHeader: UInt8
    }

    func printAddressPair(_ ndo: inout PrintContext, _ ip: Carrier) {
        if ip.isIPv6 {
            printIPv6Host(&ndo, at: ip.start + 8); ndo.out.append(" > "); printIPv6Host(&ndo, at: ip.start + 24)
        } else {
            printIPv4Host(&ndo, at: ip.start + 12); ndo.out.append(" > "); printIPv4Host(&ndo, at: ip.start + 16)
        }
    }

    mutating func printTransport(_ ndo: inout PrintContext, _ nextHeader: UInt8, at p: Int, length: Int, carrier: Carrier, fragmented: Bool) throws {
        switch nextHeader {
        case 6: try printTCP(&ndo, at: p, length: length, ip: carrier, fragmented: fragmented)
        case 17: try printUDP(&ndo, at: p, length: length, ip: carrier, fragmented: fragmented)
        case 1 where !carrier.isIPv6: try printICMP(&ndo, at: p, length: length, fragmented: fragmented)
        case 58 where carrier.isIPv6: try printICMPv6(&ndo, at: p, length: length, ip: carrier, fragmented: fragmented)
        case 4 where !carrier.isIPv6:
            try printIPv4(&ndo, at: p, length: length)
            ndo.out.append(" (ipip-proto-4)")
        case 41: try printIPv6(&ndo, at: p, length: length)
        case 59: ndo.out.append("no next header")
        case 58: ndo.out.append("[ICMPv6 requires IPv6] (invalid)")
        case 143 where !carrier.isIPv6: ndo.out.append("[Ethernet requires IPv6] (invalid)")
        case 1:
            ndo.out.append("[ICMP requires IPv4] (invalid)")
        default:
            ndo.out.append(" ")
            printProtocolNumber(&ndo, nextHeader)
            ndo.out.append(" ")
            ndo.out.appendDecimal(length)
        }
    }
}
