// Ethernet II frames and their 802.1Q tags, as tcpdump's print-ether.c.

extension TcpdumpPrinter {
    mutating func printEthernet(_ ndo: inout PrintContext, length: Int, caplen: Int) throws -> Int {
        ndo.protocolName = "ether"
        if caplen < 14 {
            ndo.printTruncationMarker()
            return caplen
        }
        var p = 14
        var length = length - 14
        var caplen = caplen - 14
        var headerLength = 14
        var type = UInt16(ndo.bytes[12]) << 8 | UInt16(ndo.bytes[13])
        if options.linkHeader { printEthernetAddresses(&ndo, type: type, length: length + 14) }
        while type == 0x8100 || type == 0x9100 || type == 0x9200 || type == 0x88A8 {
            if caplen < 4 { ndo.protocolName = "vlan"; ndo.printTruncationMarker(); return headerLength + caplen }
            if length < 4 { ndo.protocolName = "vlan"; ndo.printTruncationMarker(); return headerLength + length }
            let tag = try ndo.get16(p)
            type = try ndo.get16(p + 2)
            if options.linkHeader {
                // -e shows each tag: `vlan 10, p 0, ethertype IPv4 (0x0800), `
                ndo.out.append("vlan "); ndo.out.appendDecimal(UInt32(tag & 0x0FFF))
                ndo.out.append(", p "); ndo.out.appendDecimal(UInt32(tag >> 13))
                if tag & 0x1000 != 0 { ndo.out.append(", DEI") }
                ndo.out.append(", "); ndo.printEtherTypeName(type, quiet: options.quiet); ndo.out.append(", ")
            }
            p += 4; length -= 4; caplen -= 4; headerLength += 4
        }
        let known = type > 1500 ? try printEtherType(&ndo, type, at: p, length: length) : false
        if !known {
            if !options.linkHeader { printEthernetAddresses(&ndo, type: type, length: length + headerLength) }
            printDefault(&ndo, from: p, count: caplen)
        }
        return headerLength
    }

    /// `src > dst, ethertype IPv4 (0x0800), length 74: `: what -e prints before every
    /// frame, and what tcpdump prints anyway for a type it cannot decode.
    func printEthernetAddresses(_ ndo: inout PrintContext, type: UInt16, length: Int) {
        let src = MACAddress(ndo.bytes, at: 6)!, dst = MACAddress(ndo.bytes, at: 0)!
        printMAC(&ndo, src); ndo.out.append(" > "); printMAC(&ndo, dst); ndo.out.append(", ")
        if type <= 1500 {
            ndo.out.append("802.3")
        } else {
            ndo.printEtherTypeName(type, quiet: options.quiet)
        }
        ndo.out.append(", length "); ndo.out.appendDecimal(length); ndo.out.append(": ")
    }

    /// Without -n tcpdump names the vendor (OUI) of a MAC address; only the all-zero one
    /// (loopback frames) is named here.
    func printMAC(_ ndo: inout PrintContext, _ mac: MACAddress) {
        if !options.numeric && mac.value == 0xFFFF_FFFF_FFFF { ndo.out.append("Broadcast"); return }
        ndo.out.appendMAC(mac)
        if !options.numeric { ndo.out.append(mac.value >> 24 == 0 ? " (oui Ethernet)" : " (oui Unknown)") }
    }

    /// Hands the network layer to its printer; false when tcpdump would not know the type.
    mutating func printEtherType(_ ndo: inout PrintContext, _ type: UInt16, at p: Int, length: Int) throws -> Bool {
        switch type {
        case 0x0800: try printIPv4(&ndo, at: p, length: length); return true
        case 0x86DD: try printIPv6(&ndo, at: p, length: length); return true
        case 0x0806, 0x8035: try printARP(&ndo, at: p, length: length); return true
        default: return false
        }
    }
}

extension PrintContext {
    /// `ethertype IPv4 (0x0800)`, or with -q just `IPv4` (`Unknown Ethertype (0x1234)`).
    func printEtherTypeName(_ type: UInt16, quiet: Bool = false) {
        let name: StaticString?
        switch type {
        case 0x0800: name = "IPv4"
        case 0x0806: name = "ARP"
        case 0x86DD: name = "IPv6"
        case 0x8100: name = "802.1Q"
        case 0x88A8: name = "802.1Q-QinQ"
        case 0x9100: name = "802.1Q-9100"
        case 0x9200: name = "802.1Q-9200"
        case 0x88CC: name = "LLDP"
        case 0x8035: name = "Reverse ARP"
        default: name = nil
        }
        if quiet {
            if let name { out.append(name) } else { out.append("Unknown Ethertype (0x"); appendHex16(type); out.append(")") }
            return
        }
        out.append("ethertype ")
        out.append(name ?? "Unknown")
        out.append(" (0x"); appendHex16(type); out.append(")")
    }
}
