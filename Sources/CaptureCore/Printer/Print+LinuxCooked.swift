// Linux "any" interface frames (SLL and SLL2), as tcpdump's print-sll.c.

extension TcpdumpPrinter {
    mutating func printLinuxCooked(_ ndo: inout PrintContext, version: Int, length: Int, caplen: Int) throws -> Int {
        let headerLength = version == 1 ? 16 : 20
        ndo.protocolName = version == 1 ? "sll" : "sll2"
        guard ndo.has(0, headerLength) else { throw Truncated() }
        let packetType: UInt16 = version == 1 ? ndo.bytes.u16(0)! : UInt16(ndo.bytes[10])
        if version == 2 {
            let index = ndo.bytes.u32(4)!
            let name = interfaceName(index)
            ndo.out.append(name)
            if name.utf8.count < 5 { for _ in name.utf8.count..<5 { ndo.out.append(0x20) } }
            ndo.out.append(0x20)
            let typeName = Self.cookedPacketTypeName(packetType)
            ndo.out.append(typeName)
            if typeName.utf8CodeUnitCount < 3 { for _ in typeName.utf8CodeUnitCount..<3 { ndo.out.append(0x20) } }
            ndo.out.append(0x20)
        }
        let hardwareType = version == 1 ? ndo.bytes.u16(2)! : ndo.bytes.u16(8)!
        if hardwareType == 803 { return headerLength }  // radiotap inside: not decoded
        var type = version == 1 ? ndo.bytes.u16(14)! : ndo.bytes.u16(0)!
        var p = headerLength
        var length = length - headerLength
        var caplen = caplen - headerLength
        var hdr = headerLength
        while true {
            if type <= 1500 {
                printDefault(&ndo, from: p, count: caplen)
                return hdr
            }
            if type == 0x8100 {
                if caplen < 4 { ndo.protocolName = "vlan"; ndo.printTruncationMarker(); return hdr + caplen }
                var inner = try ndo.get16(p + 2)
                if inner <= 1500 { inner = 4 }
                ndo.out.append("ethertype ")
                switch inner {
                case 0x0800: ndo.out.append("IPv4")
                case 0x86DD: ndo.out.append("IPv6")
                case 0x0806: ndo.out.append("ARP")
                default: ndo.out.append("Unknown")
                }
                ndo.out.append(", ")
                type = inner
                p += 4; length -= 4; caplen -= 4; hdr += 4
                continue
            }
            if options.linkHeader && hdr == headerLength {
                printCookedLinkHeader(&ndo, version: version, packetType: packetType, type: type, length: length + hdr)
            }
            let known = try printEtherType(&ndo, type, at: p, length: length)
            if !known {
                if !options.linkHeader {
                    printCookedLinkHeader(&ndo, version: version, packetType: packetType, type: type, length: length + hdr)
                }
                printDefault(&ndo, from: p, count: caplen)
            }
            return hdr
        }
    }

    /// `Out 00:00:00:00:00:00 ethertype IPv4 (0x0800), length 97: ` (v1) or
    /// `ifindex 1 00:00:00:00:00:00 ethertype IPv4 (0x0800), length 101: ` (v2): what -e
    /// shows, and what tcpdump shows anyway before a type it cannot decode.
    func printCookedLinkHeader(_ ndo: inout PrintContext, version: Int, packetType: UInt16, type: UInt16, length: Int) {
        if version == 1 {
            let name = Self.cookedPacketTypeName(packetType)
            for _ in name.utf8CodeUnitCount..<3 { ndo.out.append(0x20) }
            ndo.out.append(name); ndo.out.append(0x20)
            if ndo.bytes.u16(4)! == 6 { ndo.out.appendMAC(MACAddress(ndo.bytes, at: 6)!); ndo.out.append(0x20) }
        } else {
            ndo.out.append("ifindex "); ndo.out.appendDecimal(ndo.bytes.u32(4)!); ndo.out.append(0x20)
            if ndo.bytes[11] == 6 { ndo.out.appendMAC(MACAddress(ndo.bytes, at: 12)!); ndo.out.append(0x20) }
        }
        // -q leaves out the type and the length.
        if options.quiet { return }
        ndo.printEtherTypeName(type)
        ndo.out.append(", length "); ndo.out.appendDecimal(length); ndo.out.append(": ")
    }

    static func cookedPacketTypeName(_ type: UInt16) -> StaticString {
        switch type {
        case 0: return "In"
        case 1: return "B"
        case 2: return "M"
        case 3: return "P"
        case 4: return "Out"
        default: return "?"
        }
    }

    func interfaceName(_ index: UInt32) -> String {
        host.interfaceNames[index] ?? "?"
    }
}
