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
        if options.quiet {
            printUDPLength(&ndo, ulen: ulen, length: length, fragmented: fragmented)
            return
        }
        // -vv checks IPv4 UDP checksums, -v already IPv6 ones (mandatory there).
        if !fragmented && (options.verbosity > 1 || (options.verbosity > 0 && ip.isIPv6)) {
            let field = ndo.bytes.u16(p + 6)!
            if field == 0 && !ip.isIPv6 {
                ndo.out.append("[no cksum] ")
            } else if let sum = ndo.transportChecksum(at: p, length: length + 8, ip: ip.start, isIPv6: ip.isIPv6, protocolNumber: 17) {
                if sum != 0 {
                    ndo.out.append("[bad udp cksum 0x"); ndo.appendHex16(field); ndo.out.append(" -> 0x")
                    ndo.appendHex16(ndo.checksumShouldBe(field, sum)); ndo.out.append("!] ")
                } else {
                    ndo.out.append("[udp sum ok] ")
                }
            }
        }
        if try printUDPApplication(&ndo, at: p + 8, length: length, sport: sport, dport: dport) {
            return
        }
        printUDPLength(&ndo, ulen: ulen, length: length, fragmented: fragmented)
    }

    /// `UDP, length 30`, or `UDP, bad length 192 > 30` when the header claims more than
    /// the IP packet holds.
    func printUDPLength(_ ndo: inout PrintContext, ulen: Int, length: Int, fragmented: Bool) {
        if ulen > length && !fragmented {
            ndo.out.append("UDP, bad length "); ndo.out.appendDecimal(ulen); ndo.out.append(" > "); ndo.out.appendDecimal(length)
        } else {
            ndo.out.append("UDP, length "); ndo.out.appendDecimal(ulen)
        }
    }

    /// The port-based decoders of print-udp.c porttutor has; false when none applies.
    mutating func printUDPApplication(_ ndo: inout PrintContext, at p: Int, length: Int, sport: UInt16, dport: UInt16) throws -> Bool {
        func either(_ port: UInt16) -> Bool { sport == port || dport == port }
        if either(53) {
            try printDNS(&ndo, at: p, length: length, multicast: false)
        } else if either(5353) {
            try printDNS(&ndo, at: p, length: length, multicast: true)
        } else if either(67) || either(68) {
            try printBOOTP(&ndo, at: p, length: length)
        } else if either(123) {
            try printNTP(&ndo, at: p, length: length)
        } else if either(514) {
            try printSyslog(&ndo, at: p, length: length)
        } else {
            // LLMNR (5355) is left as `UDP, length N`: tcpdump 4.99 does not decode it.
            return false
        }
        return true
    }
}
