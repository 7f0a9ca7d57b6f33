// IPv6 headers and their extension headers, as tcpdump's print-ip6.c.

extension TcpdumpPrinter {
    mutating func printIPv6(_ ndo: inout PrintContext, at p: Int, length: Int) throws {
        ndo.protocolName = "ip6"
        guard ndo.has(p, 40) else { ndo.printTruncationMarker(); return }
        if length < 40 { ndo.out.append("truncated-ip6 "); ndo.out.appendDecimal(length); return }
        if !options.linkHeader { ndo.out.append("IP6 ") }
        let version = ndo.bytes[p] >> 4
        if version != 6 { ndo.out.append("version error: "); ndo.out.appendDecimal(UInt32(version)); ndo.out.append(" != 6"); return }
        let payloadLength = Int(ndo.bytes.u16(p + 4)!)
        var len: Int
        if payloadLength != 0 {
            len = payloadLength + 40
            if length < len { ndo.out.append("truncated-ip6 - "); ndo.out.appendDecimal(len - length); ndo.out.append(" bytes missing!") }
        } else {
            len = length + 40
        }
        var nextHeader = ndo.bytes[p + 6]
        if options.verbosity > 0 {
            // -v: `(flowlabel 0x5bd1f, hlim 64, next-header UDP (17) payload length: 38) `
            let flow = ndo.bytes.u32(p)!
            ndo.out.append("(")
            if flow & 0x0FF0_0000 != 0 { ndo.out.append("class 0x"); ndo.out.appendHexByte(UInt8((flow >> 20) & 0xFF)); ndo.out.append(", ") }
            if flow & 0x000F_FFFF != 0 {
                ndo.out.append("flowlabel 0x"); ndo.out.append(hexDigit(Int((flow >> 16) & 0xF)))
                ndo.appendHex16(UInt16(flow & 0xFFFF)); ndo.out.append(", ")
            }
            ndo.out.append("hlim "); ndo.out.appendDecimal(UInt32(ndo.bytes[p + 7])); ndo.out.append(", next-header ")
            ndo.out.append(Self.ipProtocolName(nextHeader) ?? "unknown"); ndo.out.append(" (")
            ndo.out.appendDecimal(UInt32(nextHeader)); ndo.out.append(") payload length: "); ndo.out.appendDecimal(payloadLength)
            ndo.out.append(") ")
        }
        let carrier = Carrier(start: p, isIPv6: true, nextHeader: nextHeader)
        ndo.limitSnapshot(start: p, length: len)
        var cp = p
        var advance = 40
        var fragmented = false
        while cp < ndo.snapEnd && advance > 0 {
            if len < advance { ndo.printTruncationMarker(); return }
            cp += advance
            len -= advance
            if cp == p + 40 && nextHeader != 6 && nextHeader != 17 && nextHeader != 33 && nextHeader != 132 {
                printAddressPair(&ndo, carrier); ndo.out.append(": ")
            }
            switch nextHeader {
            case 0, 60:
                ndo.protocolName = nextHeader == 0 ? "hbhopt" : "dstopt"
                let optionsLength = (Int(try ndo.get8(cp + 1)) + 1) << 3
                guard ndo.has(cp, optionsLength) else { ndo.printTruncationMarker(); return }
                ndo.out.append(nextHeader == 0 ? "HBH " : "DSTOPT ")
                if options.verbosity > 0 {
                    guard printIPv6Options(&ndo, from: cp + 2, to: cp + optionsLength) else { ndo.printTruncationMarker(); return }
                    ndo.out.append(" ")
                }
                advance = optionsLength
                nextHeader = ndo.bytes[cp]
            case 44:
                ndo.protocolName = "frag6"
                let fragmentOffset = try ndo.get16(cp + 2) & 0xFFF8
                let plen = try ndo.get16(p + 4)
                ndo.out.append("frag ("); ndo.out.appendDecimal(UInt32(fragmentOffset)); ndo.out.append("|")
                ndo.out.appendDecimal(UInt32(truncatingIfNeeded: 40 + Int(plen) - (cp - p) - 8))
                ndo.out.append(")")
                if fragmentOffset != 0 { return }
                ndo.out.append(" ")
                advance = 8
                if ndo.snapEnd <= cp + advance { return }
                nextHeader = ndo.bytes[cp]
                fragmented = true
            case 43:
                ndo.protocolName = "rt6"
                let routingLength = (Int(try ndo.get8(cp + 1)) + 1) << 3
                let type = try ndo.get8(cp + 2), left = try ndo.get8(cp + 3)
                ndo.out.append("srcrt (len="); ndo.out.appendDecimal(UInt32(ndo.bytes[cp + 1])); ndo.out.append(", type=")
                ndo.out.appendDecimal(UInt32(type)); ndo.out.append(", segleft="); ndo.out.appendDecimal(UInt32(left)); ndo.out.append(") ")
                advance = routingLength
                nextHeader = ndo.bytes[cp]
            default:
                if payloadLength == 0 { len = 0 }
                try printTransport(&ndo, nextHeader, at: cp, length: len, carrier: carrier, fragmented: fragmented)
                return
            }
            ndo.protocolName = "ip6"
        }
    }
}

extension TcpdumpPrinter {
    /// -v: the hop-by-hop or destination options, `(rtalert: 0x0000) (padn)`; false when an
    /// option runs past the header.
    func printIPv6Options(_ ndo: inout PrintContext, from start: Int, to end: Int) -> Bool {
        var i = start
        while i < end {
            let type = ndo.bytes[i]
            let length: Int
            if type == 0 {
                length = 1
            } else {
                guard i + 1 < end else { return false }
                length = Int(ndo.bytes[i + 1]) + 2
            }
            guard i + length <= end else { return false }
            switch type {
            case 0: ndo.out.append("(pad1)")
            case 1: ndo.out.append("(padn)")
            case 5:
                guard length == 4 else { ndo.out.append("(rtalert: invalid len "); ndo.out.appendDecimal(length - 2); ndo.out.append(")"); return false }
                ndo.out.append("(rtalert: 0x"); ndo.appendHex16(ndo.bytes.u16(i + 2)!); ndo.out.append(") ")
            default:
                ndo.out.append("(opt_type 0x"); ndo.out.appendHexByte(type); ndo.out.append(": len=")
                ndo.out.appendDecimal(length - 2); ndo.out.append(")")
            }
            i += length
        }
        return true
    }
}
