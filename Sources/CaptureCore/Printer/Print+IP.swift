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
        if options.verbosity > 0 {
            if !printIPv4Details(&ndo, at: p, headerLength: headerLength, totalLength: totalLength) { return }
        }
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

extension TcpdumpPrinter {
    /// -v: `(tos 0x0, ttl 64, id 1, offset 0, flags [DF], proto TCP (6), length 60)` and a
    /// new line indented four spaces. False when the options were cut short.
    func printIPv4Details(_ ndo: inout PrintContext, at p: Int, headerLength: Int, totalLength: Int) -> Bool {
        let tos = ndo.bytes[p + 1], ttl = ndo.bytes[p + 8], proto = ndo.bytes[p + 9]
        let offset = ndo.bytes.u16(p + 6)!
        ndo.out.append("(tos 0x"); ndo.appendHexTrimmed(UInt32(tos))
        switch tos & 0x03 {
        case 1: ndo.out.append(",ECT(1)")
        case 2: ndo.out.append(",ECT(0)")
        case 3: ndo.out.append(",CE")
        default: break
        }
        if ttl >= 1 { ndo.out.append(", ttl "); ndo.out.appendDecimal(UInt32(ttl)) }
        ndo.out.append(", id "); ndo.out.appendDecimal(UInt32(ndo.bytes.u16(p + 4)!))
        ndo.out.append(", offset "); ndo.out.appendDecimal(UInt32(offset & 0x1FFF) * 8)
        ndo.out.append(", flags [")
        var any = false
        for (bit, name) in [(UInt16(0x2000), "+" as StaticString), (0x4000, "DF"), (0x8000, "rsvd")] where offset & bit != 0 {
            if any { ndo.out.append(", ") }
            ndo.out.append(name); any = true
        }
        if !any { ndo.out.append("none") }
        ndo.out.append("], proto ")
        ndo.out.append(Self.ipProtocolName(proto) ?? "unknown")
        ndo.out.append(" ("); ndo.out.appendDecimal(UInt32(proto)); ndo.out.append("), length "); ndo.out.appendDecimal(totalLength)
        if headerLength > 20 {
            ndo.out.append(", options (")
            if !printIPv4Options(&ndo, from: p + 20, to: p + headerLength) {
                ndo.out.append(" [truncated-option])")
                return false
            }
            ndo.out.append(")")
        }
        if ndo.has(p, headerLength) {
            let sum = ndo.finishChecksum(ndo.onesComplementSum(from: p, count: headerLength))
            if sum != 0 {
                let field = ndo.bytes.u16(p + 10)!
                ndo.out.append(", bad cksum "); ndo.appendHexTrimmed(UInt32(field))
                ndo.out.append(" (->"); ndo.appendHexTrimmed(UInt32(ndo.checksumShouldBe(field, sum))); ndo.out.append(")!")
            }
        }
        ndo.out.append(")\n    ")
        return true
    }

    /// The IP options tcpdump names (print-ip.c ip_optprint): `nop`, `eol`, `RA value 0`...
    func printIPv4Options(_ ndo: inout PrintContext, from start: Int, to end: Int) -> Bool {
        var p = start
        while p < end {
            guard ndo.has(p, 1) else { return false }
            let type = ndo.bytes[p]
            let name: StaticString
            switch type {
            case 0: name = "EOL"
            case 1: name = "NOP"
            case 7: name = "RR"
            case 68: name = "TS"
            case 130: name = "security"
            case 131: name = "LSRR"
            case 137: name = "SSRR"
            case 148: name = "RA"
            default: name = ""
            }
            if p > start { ndo.out.append(",") }
            if name.utf8CodeUnitCount > 0 { ndo.out.append(name) } else { ndo.out.append("unknown ("); ndo.out.appendDecimal(UInt32(type)); ndo.out.append(")") }
            if type == 0 || type == 1 { p += 1; if type == 0 { return true }; continue }
            guard ndo.has(p + 1, 1) else { return false }
            let length = Int(ndo.bytes[p + 1])
            if length < 2 { ndo.out.append(" [bad length "); ndo.out.appendDecimal(length); ndo.out.append("]"); return true }
            guard ndo.has(p, length), p + length <= end else { return false }
            if type == 148 {
                if length != 4 { ndo.out.append(" [bad length "); ndo.out.appendDecimal(length); ndo.out.append("]") } else {
                    let value = ndo.bytes.u16(p + 2)!
                    if value != 0 { ndo.out.append(" value "); ndo.out.appendDecimal(UInt32(value)) }
                }
            } else if type != 0 && type != 1 && name.utf8CodeUnitCount == 0 {
                ndo.out.append(" len "); ndo.out.appendDecimal(length)
            }
            p += length
        }
        return true
    }

    /// tcpdump's ipproto_values: the names -v prints after `proto`.
    static func ipProtocolName(_ proto: UInt8) -> StaticString? {
        switch proto {
        case 0: return "Options"
        case 1: return "ICMP"
        case 2: return "IGMP"
        case 4: return "IPIP"
        case 6: return "TCP"
        case 8: return "EGP"
        case 17: return "UDP"
        case 41: return "IPv6"
        case 43: return "Routing"
        case 44: return "Fragment"
        case 46: return "RSVP"
        case 47: return "GRE"
        case 50: return "ESP"
        case 51: return "AH"
        case 58: return "ICMPv6"
        case 59: return "none"
        case 60: return "Destination"
        case 89: return "OSPF"
        case 103: return "PIM"
        case 112: return "VRRP"
        case 115: return "L2TP"
        case 132: return "SCTP"
        case 135: return "Mobility"
        default: return nil
        }
    }
}
