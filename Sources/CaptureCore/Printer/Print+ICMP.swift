import NetworkTypes

// ICMP messages, as tcpdump's print-icmp.c.

extension TcpdumpPrinter {
    mutating func printICMP(_ ndo: inout PrintContext, at p: Int, length: Int, fragmented: Bool = false) throws {
        ndo.protocolName = "icmp"
        let mark = ndo.out.count
        do {
            let type = try ndo.get8(p), code = try ndo.get8(p + 1)
            if (type == 3 && code == 3 && !ndo.has(p + 8 + 9, 1)) || ((type == 11 || type == 14) && !ndo.has(p + (type == 11 ? 24 : 16), 4)) {
                ndo.printTruncationMarker()
                return
            }
            ndo.out.append("ICMP ")
            switch type {
            case 0, 8:
                let id = try ndo.get16(p + 4), seq = try ndo.get16(p + 6)
                ndo.out.append(type == 8 ? "echo request, id " : "echo reply, id ")
                ndo.out.appendDecimal(UInt32(id)); ndo.out.append(", seq "); ndo.out.appendDecimal(UInt32(seq))
            case 3:
                try printICMPUnreachable(&ndo, at: p, code: code)
            case 5:
                let dst = try ndo.get32(p + 24), gw = try ndo.get32(p + 4)
                switch code {
                case 0: ndo.out.append("redirect "); printHost(&ndo, IPAddress(ipv4: dst)); ndo.out.append(" to net "); printHost(&ndo, IPAddress(ipv4: gw))
                case 1: ndo.out.append("redirect "); printHost(&ndo, IPAddress(ipv4: dst)); ndo.out.append(" to host "); printHost(&ndo, IPAddress(ipv4: gw))
                case 2: ndo.out.append("redirect-tos "); printHost(&ndo, IPAddress(ipv4: dst)); ndo.out.append(" to net "); printHost(&ndo, IPAddress(ipv4: gw))
                case 3: ndo.out.append("redirect-tos "); printHost(&ndo, IPAddress(ipv4: dst)); ndo.out.append(" to host "); printHost(&ndo, IPAddress(ipv4: gw))
                default:
                    ndo.out.append("redirect-#"); ndo.out.appendDecimal(UInt32(code)); ndo.out.append(" ")
                    printHost(&ndo, IPAddress(ipv4: dst)); ndo.out.append(" to "); printHost(&ndo, IPAddress(ipv4: gw))
                }
            case 11:
                switch code {
                case 0: ndo.out.append("time exceeded in-transit")
                case 1: ndo.out.append("ip reassembly time exceeded")
                default: ndo.out.append("time exceeded-#"); ndo.out.appendDecimal(UInt32(code))
                }
            case 12:
                if code != 0 {
                    ndo.out.append("parameter problem - code "); ndo.out.appendDecimal(UInt32(code))
                } else {
                    let octet = try ndo.get8(p + 4)
                    ndo.out.append("parameter problem - octet "); ndo.out.appendDecimal(UInt32(octet))
                }
            case 13:
                let id = try ndo.get16(p + 4), seq = try ndo.get16(p + 6)
                ndo.out.append("time stamp query id "); ndo.out.appendDecimal(UInt32(id)); ndo.out.append(" seq "); ndo.out.appendDecimal(UInt32(seq))
            case 14:
                let id = try ndo.get16(p + 4), seq = try ndo.get16(p + 6)
                let org = try ndo.get32(p + 8), recv = try ndo.get32(p + 12), xmit = try ndo.get32(p + 16)
                ndo.out.append("time stamp reply id "); ndo.out.appendDecimal(UInt32(id)); ndo.out.append(" seq "); ndo.out.appendDecimal(UInt32(seq))
                ndo.out.append(": org "); ndo.printMillisecondsOfDay(org)
                ndo.out.append(", recv "); ndo.printMillisecondsOfDay(recv)
                ndo.out.append(", xmit "); ndo.printMillisecondsOfDay(xmit)
            case 18:
                let mask = try ndo.get32(p + 12)
                ndo.out.append("address mask is 0x")
                for shift in stride(from: 24, through: 0, by: -8) { ndo.out.appendHexByte(UInt8(truncatingIfNeeded: mask >> UInt32(shift))) }
            case 4: ndo.out.append("source quench")
            case 9: ndo.out.append("router advertisement")
            case 10: ndo.out.append("router solicitation")
            case 15: ndo.out.append("information request")
            case 16: ndo.out.append("information reply")
            case 17: ndo.out.append("address mask request")
            default: ndo.out.append("type-#"); ndo.out.appendDecimal(UInt32(type))
            }
            ndo.out.append(", length "); ndo.out.appendDecimal(length)
        } catch {
            ndo.out.truncate(to: mark)
            throw error
        }
        if options.verbosity > 0 { try printICMPDetails(&ndo, at: p, length: length, fragmented: fragmented) }
    }

    /// -v: a wrong checksum, then the IP packet an error message quotes, on its own line.
    mutating func printICMPDetails(_ ndo: inout PrintContext, at p: Int, length: Int, fragmented: Bool) throws {
        if !fragmented && length >= 4 && ndo.has(p, length) {
            let sum = ndo.finishChecksum(ndo.onesComplementSum(from: p, count: length))
            if sum != 0 {
                let field = ndo.bytes.u16(p + 2)!
                ndo.out.append(" (wrong icmp cksum "); ndo.appendHexTrimmed(UInt32(field)); ndo.out.append(" (->")
                ndo.appendHexTrimmed(UInt32(ndo.checksumShouldBe(field, sum))); ndo.out.append(")!)")
            }
        }
        let type = ndo.bytes[p]
        guard type == 3 || type == 4 || type == 5 || type == 11 || type == 12 else { return }
        ndo.out.append("\n\t")
        let inner = p + 8
        let innerLength = Int(try ndo.get16(inner + 2))
        let saved = ndo.snapEnd
        try printIPv4(&ndo, at: inner, length: innerLength)
        ndo.snapEnd = saved
    }

    mutating func printICMPUnreachable(_ ndo: inout PrintContext, at p: Int, code: UInt8) throws {
        let inner = p + 8
        func dst() throws -> IPAddress { IPAddress(ipv4: try ndo.get32(inner + 16)) }
        switch code {
        case 0: let d = try dst(); ndo.out.append("net "); printHost(&ndo, d); ndo.out.append(" unreachable")
        case 1: let d = try dst(); ndo.out.append("host "); printHost(&ndo, d); ndo.out.append(" unreachable")
        case 2:
            let d = try dst(); let proto = try ndo.get8(inner + 9)
            printHost(&ndo, d); ndo.out.append(" protocol "); ndo.out.appendDecimal(UInt32(proto)); ndo.out.append(" unreachable")
        case 3:
            let headerLength = Int(try ndo.get8(inner) & 0x0F) * 4
            let port = try ndo.get16(inner + headerLength + 2)
            let proto = try ndo.get8(inner + 9)
            let d = try dst()
            printHost(&ndo, d)
            switch proto {
            case 6: ndo.out.append(" tcp port "); printTCPPort(&ndo, port)
            case 17: ndo.out.append(" udp port "); printUDPPort(&ndo, port)
            default:
                ndo.out.append(" protocol "); ndo.out.appendDecimal(UInt32(proto)); ndo.out.append(" port "); ndo.out.appendDecimal(UInt32(port))
            }
            ndo.out.append(" unreachable")
        case 4:
            let mtu = try ndo.get16(p + 6); let d = try dst()
            printHost(&ndo, d); ndo.out.append(" unreachable - need to frag")
            if mtu != 0 { ndo.out.append(" (mtu "); ndo.out.appendDecimal(UInt32(mtu)); ndo.out.append(")") }
        default:
            let d = try dst()
            switch code {
            case 5: printHost(&ndo, d); ndo.out.append(" unreachable - source route failed")
            case 6: ndo.out.append("net "); printHost(&ndo, d); ndo.out.append(" unreachable - unknown")
            case 7: ndo.out.append("host "); printHost(&ndo, d); ndo.out.append(" unreachable - unknown")
            case 8: printHost(&ndo, d); ndo.out.append(" unreachable - source host isolated")
            case 9: ndo.out.append("net "); printHost(&ndo, d); ndo.out.append(" unreachable - admin prohibited")
            case 10: ndo.out.append("host "); printHost(&ndo, d); ndo.out.append(" unreachable - admin prohibited")
            case 11: ndo.out.append("net "); printHost(&ndo, d); ndo.out.append(" unreachable - tos prohibited")
            case 12: ndo.out.append("host "); printHost(&ndo, d); ndo.out.append(" unreachable - tos prohibited")
            case 13: ndo.out.append("host "); printHost(&ndo, d); ndo.out.append(" unreachable - admin prohibited filter")
            case 14: ndo.out.append("host "); printHost(&ndo, d); ndo.out.append(" unreachable - host precedence violation")
            case 15: ndo.out.append("host "); printHost(&ndo, d); ndo.out.append(" unreachable - precedence cutoff")
            default: printHost(&ndo, d); ndo.out.append(" unreachable - #"); ndo.out.appendDecimal(UInt32(code))
            }
        }
    }
}

extension PrintContext {
    func printMillisecondsOfDay(_ value: UInt32) {
        let ms = value % 1000
        var sec = value / 1000
        var min = sec / 60; sec -= min * 60
        let hrs = min / 60; min -= hrs * 60
        out.appendDecimal(hrs, width: 2); out.append(":"); out.appendDecimal(min, width: 2); out.append(":")
        out.appendDecimal(sec, width: 2); out.append("."); out.appendDecimal(ms, width: 3)
    }
}
