import NetworkTypes

// ARP and RARP, as tcpdump's print-arp.c: `ARP, Request who-has 10.0.0.2 tell 10.0.0.1, length 28`.

extension TcpdumpPrinter {
    mutating func printARP(_ ndo: inout PrintContext, at p: Int, length: Int) throws {
        ndo.protocolName = "arp"
        guard ndo.has(p, 8) else { throw Truncated() }
        let hardware = ndo.bytes.u16(p)!, proto = ndo.bytes.u16(p + 2)!
        let hardwareLength = Int(ndo.bytes[p + 4]), protoLength = Int(ndo.bytes[p + 5])
        let op = ndo.bytes.u16(p + 6)!
        let sha = p + 8, spa = sha + hardwareLength, tha = spa + protoLength, tpa = tha + hardwareLength
        guard ndo.has(tpa, protoLength) else { throw Truncated() }
        if !options.linkHeader { ndo.out.append("ARP, ") }
        let isIP = (proto == 0x0800 || proto == 0x1000) && protoLength == 4
        if !isIP || hardwareLength == 0 || options.verbosity > 0 {
            Self.printARPHardwareName(&ndo, hardware)
            ndo.out.append(" (len "); ndo.out.appendDecimal(hardwareLength); ndo.out.append("), ")
            if proto == 0x0800 { ndo.out.append("IPv4") } else if proto == 0x86DD { ndo.out.append("IPv6") } else if proto == 0x0806 { ndo.out.append("ARP") } else {
                ndo.out.append("Unknown Protocol (0x"); ndo.out.appendHexByte(UInt8(proto >> 8)); ndo.out.appendHexByte(UInt8(proto & 0xFF)); ndo.out.append(")")
            }
            ndo.out.append(" (len "); ndo.out.appendDecimal(protoLength); ndo.out.append(")")
            if options.verbosity == 0 { printARPLength(&ndo, length); return }
            ndo.out.append(", ")
        }
        func address(_ at: Int) {
            if proto != 0x0800 && proto != 0x1000 { ndo.out.append("<wrong proto type>") } else if protoLength != 4 { ndo.out.append("<wrong len>") } else { printIPv4Host(&ndo, at: at) }
        }
        switch op {
        case 1:
            ndo.out.append("Request who-has "); address(tpa)
            if (0..<hardwareLength).contains(where: { ndo.bytes[tha + $0] != 0 }) {
                ndo.out.append(" ("); printLinkAddress(&ndo, at: tha, count: hardwareLength); ndo.out.append(")")
            }
            ndo.out.append(" tell "); address(spa)
        case 2:
            ndo.out.append("Reply "); address(spa); ndo.out.append(" is-at "); printLinkAddress(&ndo, at: sha, count: hardwareLength)
        case 3, 8:
            ndo.out.append(op == 3 ? "Reverse Request who-is " : "Inverse Request who-is ")
            printLinkAddress(&ndo, at: tha, count: hardwareLength)
            ndo.out.append(" tell "); printLinkAddress(&ndo, at: sha, count: hardwareLength)
        case 4:
            ndo.out.append("Reverse Reply "); printLinkAddress(&ndo, at: tha, count: hardwareLength); ndo.out.append(" at "); address(tpa)
        case 9:
            ndo.out.append("Inverse Reply "); printLinkAddress(&ndo, at: sha, count: hardwareLength); ndo.out.append(" at "); address(spa)
        default:
            // tcpdump names the operation, then dumps the message instead of a length.
            if op == 10 { ndo.out.append("NACK Reply ") } else { ndo.out.append("Unknown ("); ndo.out.appendDecimal(UInt32(op)); ndo.out.append(") ") }
            printDefault(&ndo, from: p, count: ndo.snapEnd - p)
            return
        }
        printARPLength(&ndo, length)
    }

    private func printARPLength(_ ndo: inout PrintContext, _ length: Int) {
        ndo.out.append(", length "); ndo.out.appendDecimal(length)
    }

    /// A hardware address: a MAC for 6 bytes, otherwise the bytes in hex joined by colons.
    func printLinkAddress(_ ndo: inout PrintContext, at p: Int, count: Int) {
        if count == 6 {
            let mac = MACAddress(ndo.bytes, at: p)!
            if !options.numeric && mac.value == 0xFFFF_FFFF_FFFF { ndo.out.append("Broadcast") } else { ndo.out.appendMAC(mac) }
            return
        }
        if count == 0 { ndo.out.append("<empty>"); return }
        for i in 0..<count {
            if i > 0 { ndo.out.append(0x3A) }
            ndo.out.appendHexByte(ndo.bytes[p + i])
        }
    }

    static func printARPHardwareName(_ ndo: inout PrintContext, _ hardware: UInt16) {
        switch hardware {
        case 1: ndo.out.append("Ethernet")
        case 6: ndo.out.append("TokenRing")
        case 15: ndo.out.append("Frame Relay")
        case 24: ndo.out.append("IEEE 1394")
        case 32: ndo.out.append("InfiniBand")
        default: ndo.out.append("Unknown Hardware ("); ndo.out.appendDecimal(UInt32(hardware)); ndo.out.append(")")
        }
    }
}
