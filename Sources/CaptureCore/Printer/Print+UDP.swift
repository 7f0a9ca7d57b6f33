// UDP headers, as tcpdump's print-udp.c.

extension TcpdumpPrinter {
    mutating func printUDPAddresses(_ ndo: inout PrintContext, _ ip: Carrier, _ ports: (UInt16, UInt16)?) {
        if ip.nextHeader == 17 {
            if let (s, d) = ports {
                if ip.isIPv6 { printIPv6Host(&ndo, at: ip.start + 8) } else { printIPv4Host(&ndo, at: ip.start + 12) }
                ndo.out.append(0x2E); printUDPPort(&ndo, s); ndo.out.append(" > ")
                if ip.isIPv6 { printIPv6Host(&ndo, at: ip.start + 24) } else { printIPv4Host(&ndo, at: ip.start + 16) }
                ndo.out.append(0x2E); printUDPPort(&ndo, d); ndo.out.append(": ")
            } else {
                printAddressPair(&ndo, ip); ndo.out.append(": ")
            }
        } else if let (s, d) = ports {
            printUDPPort(&ndo, s); ndo.out.append(" > "); printUDPPort(&ndo, d); ndo.out.append(": ")
        }
    }

    mutating func printUDP(_ ndo: inout PrintContext, at p: Int, length: Int, ip: Carrier, fragmented: Bool) throws {
        ndo.protocolName = "udp"
        guard ndo.has(p + 2, 2) else { printUDPAddresses(&ndo, ip, nil); ndo.printTruncationMarker(); return }
        let sport = ndo.bytes.u16(p)!, dport = ndo.bytes.u16(p + 2)!
        if length < 8 {
            printUDPAddresses(&ndo, ip, (sport, dport)); ndo.out.append("truncated-udp "); ndo.out.appendDecimal(length); return
        }
        guard ndo.has(p + 4, 2) else { printUDPAddresses(&ndo, ip, (sport, dport)); ndo.printTruncationMarker(); return }
        var ulen = Int(ndo.bytes.u16(p + 4)!)
        if ulen == 0 && length > 65535 { ulen = length }
        if ulen < 8 {
            printUDPAddresses(&ndo, ip, (sport, dport)); ndo.out.append("truncated-udplength "); ndo.out.appendDecimal(ulen); return
        }
        ulen -= 8
        var length = length - 8
        if ulen < length { length = ulen }
        if p + 8 > ndo.snapEnd { printUDPAddresses(&ndo, ip, (sport, dport)); ndo.printTruncationMarker(); return }
        printUDPAddresses(&ndo, ip, (sport, dport))
        if ulen > length && !fragmented {
            ndo.out.append("UDP, bad length "); ndo.out.appendDecimal(ulen); ndo.out.append(" > "); ndo.out.appendDecimal(length)
        } else {
            ndo.out.append("UDP, length "); ndo.out.appendDecimal(ulen)
        }
    }
}
