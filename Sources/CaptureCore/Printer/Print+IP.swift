// IPv4 headers, as tcpdump's print-ip.c.

extension TcpdumpPrinter {
    mutating func printIPAnyVersion(_ ndo: inout PrintContext, at p: Int, length: Int) throws {
        ndo.protocolName = "ipn"
        if length < 1 { ndo.out.append("truncated-ip "); ndo.out.appendDecimal(length); return }
        let version = try ndo.get8(p) & 0xF0
        switch version {
        case 0x40: try printIPv4(&ndo, at: p, length: length)
        case 0x60: try printIPv6(&ndo, at: p, length: length)
        default: ndo.out.append("unknown ip "); ndo.out.appendDecimal(UInt32(version >> 4))
        }
    }

    mutating func printIPv4(_ ndo: inout PrintContext, at p: Int, length: Int) throws {
        ndo.protocolName = "ip"
        let version = try ndo.get8(p) >> 4
        if version != 4 {
            if version == 6 { ndo.out.append("IP6, wrong link-layer encapsulation") } else { ndo.out.append("IP"); ndo.out.appendDecimal(UInt32(version)) }
            ndo.out.append(" (invalid)")
            return
        }
        // With -e the link header already said "ethertype IPv4".
        if !options.linkHeader { ndo.out.append("IP ") }
        guard ndo.has(p, 20) else { ndo.printTruncationMarker(); return }
        if length < 20 { ndo.out.append("truncated-ip "); ndo.out.appendDecimal(length); return }
        let headerLength = Int(ndo.bytes[p] & 0x0F) * 4
        if headerLength < 20 { ndo.out.append("bad-hlen "); ndo.out.appendDecimal(headerLength); return }
        let totalLength = Int(ndo.bytes.u16(p + 2)!)
        if length < totalLength {
            ndo.out.append("truncated-ip - "); ndo.out.appendDecimal(totalLength - length); ndo.out.append(" bytes missing! ")
        }
        if totalLength < headerLength { ndo.out.append("bad-len "); ndo.out.appendDecimal(totalLength); return }
        ndo.limitSnapshot(start: p, length: totalLength)
        let payloadLength = totalLength - headerLength
        let offset = ndo.bytes.u16(p + 6)!
        let nextHeader = ndo.bytes[p + 9]
        let carrier = Carrier(start: p, isIPv6: false, nextHeader: nextHeader)
        if offset & 0x1FFF == 0 {
            if nextHeader != 6 && nextHeader != 17 && nextHeader != 132 && nextHeader != 33 {
                printAddressPair(&ndo, carrier); ndo.out.append(": ")
            }
            try printTransport(&ndo, nextHeader, at: p + headerLength, length: payloadLength, carrier: carrier,
                               fragmented: offset & 0x2000 != 0)
        } else {
            printAddressPair(&ndo, carrier); ndo.out.append(": ")
            ndo.out.truncate(to: ndo.out.count - 1)
            ndo.out.append(0x20)
            printProtocolNumber(&ndo, nextHeader)
        }
    }
}
