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
        while type == 0x8100 || type == 0x9100 || type == 0x9200 || type == 0x88A8 {
            if caplen < 4 { ndo.protocolName = "vlan"; ndo.printTruncationMarker(); return headerLength + caplen }
            if length < 4 { ndo.protocolName = "vlan"; ndo.printTruncationMarker(); return headerLength + length }
            type = try ndo.get16(p + 2)
            p += 4; length -= 4; caplen -= 4; headerLength += 4
        }
        let known = type > 1500 ? try printEtherType(&ndo, type, at: p, length: length) : false
        if !known {
            let src = MACAddress(ndo.bytes, at: 6)!, dst = MACAddress(ndo.bytes, at: 0)!
            printMAC(&ndo, src); ndo.out.append(" > "); printMAC(&ndo, dst); ndo.out.append(", ")
            if type <= 1500 {
                ndo.out.append("802.3")
            } else {
                ndo.printEtherTypeName(type)
            }
            ndo.out.append(", length "); ndo.out.appendDecimal(length + headerLength); ndo.out.append(": ")
            printDefault(&ndo, from: p, count: caplen)
        }
        return headerLength
    }

    /// Without -n tcpdump names the vendor (OUI) of a MAC address; only the all-zero one
    /// (loopback frames) is named here.
    func printMAC(_ ndo: inout PrintContext, _ mac: MACAddress) {
        ndo.out.appendMAC(mac)
        if !options.numeric { ndo.out.append(mac.value >> 24 == 0 ? " (oui Ethernet)" : " (oui Unknown)") }
    }

    /// Hands the network layer to its printer; false when tcpdump would not know the type.
    mutating func printEtherType(_ ndo: inout PrintContext, _ type: UInt16, at p: Int, length: Int) throws -> Bool {
        switch type {
        case 0x0800: try printIPv4(&ndo, at: p, length: length); return true
        case 0x86DD: try printIPv6(&ndo, at: p, length: length); return true
        default: return false
        }
    }
}

extension PrintContext {
    func printEtherTypeName(_ type: UInt16) {
        out.append("ethertype ")
        switch type {
        case 0x0800: out.append("IPv4")
        case 0x0806: out.append("ARP")
        case 0x86DD: out.append("IPv6")
        case 0x8100: out.append("802.1Q")
        case 0x88CC: out.append("LLDP")
        case 0x8035: out.append("Reverse ARP")
        default: out.append("Unknown")
        }
        out.append(" (0x"); for shift in [8, 0] { out.appendHexByte(UInt8(truncatingIfNeeded: type >> UInt16(shift))) }
        out.append(")")
    }
}
