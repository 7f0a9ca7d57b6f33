import NetworkTypes

// BOOTP and DHCP on UDP 67/68, as tcpdump's print-bootp.c:
// `BOOTP/DHCP, Request from 02:00:00:00:00:01, length 300`, and at -v the header fields
// and every DHCP option, one a line.

extension TcpdumpPrinter {
    mutating func printBOOTP(_ ndo: inout PrintContext, at p: Int, length: Int) throws {
        ndo.protocolName = "bootp"
        let op = try ndo.get8(p)
        ndo.out.append("BOOTP/DHCP, ")
        switch op {
        case 1: ndo.out.append("Request")
        case 2: ndo.out.append("Reply")
        default: ndo.out.append("unknown (0x"); ndo.out.appendHexByte(op); ndo.out.append(")")
        }
        let htype = try ndo.get8(p + 1), hlen = try ndo.get8(p + 2)
        if htype == 1 && hlen == 6 && op == 1 {
            guard ndo.has(p + 28, 6) else { throw Truncated() }
            ndo.out.append(" from "); ndo.out.appendMAC(MACAddress(ndo.bytes, at: p + 28)!)
        }
        ndo.out.append(", length "); ndo.out.appendDecimal(length)
        guard options.verbosity > 0 else { return }
        guard ndo.has(p + 8, 2) else { ndo.printTruncationMarker(); return }
        if htype != 1 { ndo.out.append(", htype "); ndo.out.appendDecimal(UInt32(htype)) }
        if htype != 1 || hlen != 6 { ndo.out.append(", hlen "); ndo.out.appendDecimal(UInt32(hlen)) }
        let hops = try ndo.get8(p + 3)
        if hops != 0 { ndo.out.append(", hops "); ndo.out.appendDecimal(UInt32(hops)) }
        let xid = try ndo.get32(p + 4)
        if xid != 0 { ndo.out.append(", xid 0x"); ndo.appendHexTrimmed(xid) }
        let secs = try ndo.get16(p + 8)
        if secs != 0 { ndo.out.append(", secs "); ndo.out.appendDecimal(UInt32(secs)) }
        let flags = try ndo.get16(p + 10)
        ndo.out.append(flags & 0x8000 != 0 ? ", Flags [Broadcast]" : ", Flags [none]")
        if options.verbosity > 1 { ndo.out.append(" (0x"); ndo.appendHex16(flags); ndo.out.append(")") }
        for (offset, label) in [(12, "\n\t  Client-IP " as StaticString), (16, "\n\t  Your-IP "), (20, "\n\t  Server-IP "), (24, "\n\t  Gateway-IP ")] {
            let address = try ndo.get32(p + offset)
            if address != 0 { ndo.out.append(label); printHost(&ndo, IPAddress(ipv4: address)) }
        }
        if htype == 1 && hlen == 6 {
            guard ndo.has(p + 28, 6) else { throw Truncated() }
            ndo.out.append("\n\t  Client-Ethernet-Address "); ndo.out.appendMAC(MACAddress(ndo.bytes, at: p + 28)!)
        }
        for (offset, size, label) in [(44, 64, "\n\t  sname \"" as StaticString), (108, 128, "\n\t  file \"")] where try ndo.get8(p + offset) != 0 {
            ndo.out.append(label)
            var i = 0
            while i < size {
                guard ndo.has(p + offset + i, 1) else { ndo.out.append("\""); ndo.printTruncationMarker(); return }
                if ndo.bytes[p + offset + i] == 0 { break }
                ndo.printEscaped(from: p + offset + i, count: 1)
                i += 1
            }
            ndo.out.append("\"")
        }
        let vendor = p + 236
        guard ndo.has(vendor, 4) else { ndo.printTruncationMarker(); return }
        let magic = ndo.bytes.u32(vendor)!
        if magic == 0x6382_5363 {
            try printDHCPOptions(&ndo, at: vendor)
        } else if magic != 0 && magic != 0x6365_6D75 {
            ndo.out.append("\n\t  Vendor-#0x"); ndo.appendHexTrimmed(magic)
        }
    }

    private func printDHCPOptions(_ ndo: inout PrintContext, at start: Int) throws {
        ndo.out.append("\n\t  Vendor-rfc1048 Extensions\n\t    Magic Cookie 0x63825363")
        var bp = start + 4
        while ndo.has(bp, 1) {
            let tag = ndo.bytes[bp]; bp += 1
            if tag == 0 { continue }
            if tag == 255 { return }
            let (format, name) = Self.dhcpTag(tag)
            var len = Int(try ndo.get8(bp)); bp += 1
            ndo.out.append("\n\t    "); ndo.out.append(name); ndo.out.append(" ("); ndo.out.appendDecimal(UInt32(tag))
            ndo.out.append("), length "); ndo.out.appendDecimal(len)
            if len > 0 { ndo.out.append(": ") }
            guard ndo.has(bp, len) else { ndo.printTruncationMarker(); return }
            if tag == 53 && len == 1 {
                let names: [StaticString] = ["Discover", "Offer", "Request", "Decline", "ACK", "NACK", "Release", "Inform",
                                             "ForceRenew", "LeaseQuery", "LeaseUnassigned", "LeaseUnknown", "LeaseActive"]
                let message = Int(ndo.bytes[bp])
                if message >= 1 && message <= names.count && message != 9 { ndo.out.append(names[message - 1]) } else {
                    ndo.out.append("Unknown ("); ndo.out.appendDecimal(message); ndo.out.append(")")
                }
                bp += 1
                continue
            }
            if tag == 55 {
                for i in 0..<len {
                    ndo.out.append(i % 4 == 0 ? "\n\t      " : ", ")
                    let inner = ndo.bytes[bp + i]
                    ndo.out.append(Self.dhcpTag(inner).1); ndo.out.append(" ("); ndo.out.appendDecimal(UInt32(inner)); ndo.out.append(")")
                }
                bp += len
                continue
            }
            var kind = format
            if kind == "?" { kind = len & 1 != 0 ? "b" : len & 2 != 0 ? "s" : "l" }
            var first = true
            switch kind {
            case "a":
                ndo.out.append("\""); ndo.printEscaped(from: bp, count: len); ndo.out.append("\"")
                bp += len; len = 0
            case "i", "l", "L":
                while len >= 4 {
                    if !first { ndo.out.append(",") }
                    let v = ndo.bytes.u32(bp)!
                    if kind == "i" { printHost(&ndo, IPAddress(ipv4: v)) } else if kind == "L" { ndo.out.appendDecimal(Int(Int32(bitPattern: v))) } else { ndo.out.appendDecimal(v) }
                    bp += 4; len -= 4; first = false
                }
            case "p":
                while len >= 8 {
                    if !first { ndo.out.append(",") }
                    ndo.out.append("("); printHost(&ndo, IPAddress(ipv4: ndo.bytes.u32(bp)!)); ndo.out.append(":")
                    printHost(&ndo, IPAddress(ipv4: ndo.bytes.u32(bp + 4)!)); ndo.out.append(")")
                    bp += 8; len -= 8; first = false
                }
            case "s":
                while len >= 2 {
                    if !first { ndo.out.append(",") }
                    ndo.out.appendDecimal(UInt32(ndo.bytes.u16(bp)!)); bp += 2; len -= 2; first = false
                }
            case "B":
                while len > 0 {
                    if !first { ndo.out.append(",") }
                    switch ndo.bytes[bp] {
                    case 0: ndo.out.append("N")
                    case 1: ndo.out.append("Y")
                    default: ndo.out.appendDecimal(UInt32(ndo.bytes[bp])); ndo.out.append("?")
                    }
                    bp += 1; len -= 1; first = false
                }
            case "$":
                switch tag {
                case 61:
                    if len < 1 { ndo.out.append("[ERROR: length < 1 bytes]"); break }
                    let type = ndo.bytes[bp]; bp += 1; len -= 1
                    if type == 0 {
                        ndo.out.append("\""); ndo.printEscaped(from: bp, count: len); ndo.out.append("\"")
                        bp += len; len = 0
                    } else {
                        switch type {
                        case 1: ndo.out.append("ether ")
                        case 6: ndo.out.append("ieee802 ")
                        case 7: ndo.out.append("arcnet ")
                        case 15: ndo.out.append("frelay ")
                        case 23: ndo.out.append("strip ")
                        case 24: ndo.out.append("ieee1394 ")
                        default: ndo.out.append("hardware-type "); ndo.out.appendDecimal(UInt32(type)); ndo.out.append(", ")
                        }
                        while len > 0 {
                            if !first { ndo.out.append(":") }
                            ndo.out.appendHexByte(ndo.bytes[bp]); bp += 1; len -= 1; first = false
                        }
                    }
                case 46, 52:
                    if len < 1 { ndo.out.append("[ERROR: length < 1 bytes]"); break }
                    let value = ndo.bytes[bp]; bp += 1; len -= 1
                    let names: [(UInt8, StaticString)] = tag == 46 ? [(1, "b-node"), (2, "p-node"), (4, "m-node"), (8, "h-node")]
                                                                   : [(1, "file"), (2, "sname"), (3, "file+sname")]
                    if let name = names.first(where: { $0.0 == value })?.1 { ndo.out.append(name) } else { ndo.out.append("#"); ndo.out.appendDecimal(UInt32(value)) }
                case 121, 249:
                    if len < 5 { ndo.out.append("[ERROR: length < 5 bytes]"); bp += len; len = 0; break }
                    while len > 0 {
                        if !first { ndo.out.append(",") }
                        let width = Int(ndo.bytes[bp]); bp += 1; len -= 1
                        if width > 32 { ndo.out.append("[ERROR: Mask width ("); ndo.out.appendDecimal(width); ndo.out.append(") > 32]"); bp += len; len = 0; break }
                        let octets = (width + 7) / 8
                        if len < octets + 4 {
                            ndo.out.append("[ERROR: Remaining length ("); ndo.out.appendDecimal(len); ndo.out.append(") < ")
                            ndo.out.appendDecimal(octets + 4); ndo.out.append(" bytes]"); bp += len; len = 0; break
                        }
                        ndo.out.append("(")
                        if width == 0 { ndo.out.append("default") } else {
                            for i in 0..<octets { if i > 0 { ndo.out.append(".") }; ndo.out.appendDecimal(UInt32(ndo.bytes[bp + i])) }
                            for _ in octets..<4 { ndo.out.append(".0") }
                            ndo.out.append("/"); ndo.out.appendDecimal(width)
                        }
                        bp += octets
                        ndo.out.append(":"); printHost(&ndo, IPAddress(ipv4: ndo.bytes.u32(bp)!)); ndo.out.append(")")
                        bp += 4; len -= octets + 4; first = false
                    }
                default:
                    ndo.out.append("[unknown special tag "); ndo.out.appendDecimal(UInt32(tag)); ndo.out.append(", size ")
                    ndo.out.appendDecimal(len); ndo.out.append("]")
                    bp += len; len = 0
                }
            default:  // "b": period-separated decimal bytes
                while len > 0 {
                    if !first { ndo.out.append(".") }
                    ndo.out.appendDecimal(UInt32(ndo.bytes[bp])); bp += 1; len -= 1; first = false
                }
            }
            if len > 0 {
                ndo.out.append("\n\t  trailing data length "); ndo.out.appendDecimal(len)
                bp += len
            }
        }
    }

    /// How tcpdump prints a DHCP option (a format letter, as its tag2str table) and its name.
    static func dhcpTag(_ tag: UInt8) -> (Character, StaticString) {
        switch tag {
        case 1: return ("i", "Subnet-Mask")
        case 2: return ("L", "Time-Zone")
        case 3: return ("i", "Default-Gateway")
        case 4: return ("i", "Time-Server")
        case 5: return ("i", "IEN-Name-Server")
        case 6: return ("i", "Domain-Name-Server")
        case 7: return ("i", "LOG")
        case 8: return ("i", "CS")
        case 9: return ("i", "LPR-Server")
        case 10: return ("i", "IM")
        case 11: return ("i", "RL")
        case 12: return ("a", "Hostname")
        case 13: return ("s", "BS")
        case 14: return ("a", "DP")
        case 15: return ("a", "Domain-Name")
        case 16: return ("i", "SS")
        case 17: return ("a", "RP")
        case 18: return ("a", "EP")
        case 19: return ("B", "IPF")
        case 20: return ("B", "SRT")
        case 21: return ("p", "PF")
        case 22: return ("s", "RSZ")
        case 23: return ("b", "TTL")
        case 24: return ("l", "MTU-Timeout")
        case 25: return ("s", "MTU-Table")
        case 26: return ("s", "MTU")
        case 27: return ("B", "LSN")
        case 28: return ("i", "BR")
        case 29: return ("B", "MD")
        case 30: return ("B", "MS")
        case 31: return ("B", "Router-Discovery")
        case 32: return ("i", "RSA")
        case 33: return ("p", "Static-Route")
        case 34: return ("B", "UT")
        case 35: return ("l", "AT")
        case 36: return ("B", "IE")
        case 37: return ("b", "TT")
        case 38: return ("l", "KI")
        case 39: return ("B", "KG")
        case 40: return ("a", "YD")
        case 41: return ("i", "YS")
        case 42: return ("i", "NTP")
        case 43: return ("b", "Vendor-Option")
        case 44: return ("i", "Netbios-Name-Server")
        case 45: return ("i", "WDD")
        case 46: return ("$", "Netbios-Node")
        case 47: return ("a", "Netbios-Scope")
        case 48: return ("i", "XFS")
        case 49: return ("i", "XDM")
        case 50: return ("i", "Requested-IP")
        case 51: return ("l", "Lease-Time")
        case 52: return ("$", "OO")
        case 53: return (" ", "DHCP-Message")
        case 54: return ("i", "Server-ID")
        case 55: return ("b", "Parameter-Request")
        case 56: return ("a", "MSG")
        case 57: return ("s", "MSZ")
        case 58: return ("l", "RN")
        case 59: return ("l", "RB")
        case 60: return ("a", "Vendor-Class")
        case 61: return ("$", "Client-ID")
        case 64: return ("s", "N+D")
        case 65: return ("i", "N+S")
        case 66: return ("a", "TFTP")
        case 67: return ("a", "BF")
        case 68: return ("i", "MH")
        case 69: return ("i", "SMTP")
        case 70: return ("i", "POP3")
        case 71: return ("i", "NNTP")
        case 72: return ("i", "WWW")
        case 73: return ("i", "FG")
        case 74: return ("i", "IRC")
        case 75: return ("i", "STS")
        case 76: return ("i", "STDA")
        case 121: return ("$", "Classless-Static-Route")
        case 249: return ("$", "Classless-Static-Route-Microsoft")
        default: return ("?", "Unknown")
        }
    }
}
