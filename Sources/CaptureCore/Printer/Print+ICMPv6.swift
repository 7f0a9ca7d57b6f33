import NetworkTypes

// ICMPv6 messages, as tcpdump's print-icmp6.c.

extension TcpdumpPrinter {
    static func icmp6TypeName(_ type: UInt8) -> StaticString? {
        switch type {
        case 1: return "destination unreachable"
        case 2: return "packet too big"
        case 3: return "time exceeded in-transit"
        case 4: return "parameter problem"
        case 128: return "echo request"
        case 129: return "echo reply"
        case 130: return "multicast listener query"
        case 131: return "multicast listener report"
        case 132: return "multicast listener done"
        case 133: return "router solicitation"
        case 134: return "router advertisement"
        case 135: return "neighbor solicitation"
        case 136: return "neighbor advertisement"
        case 137: return "redirect"
        case 138: return "router renumbering"
        case 139: return "node information query"
        case 140: return "node information reply"
        case 141: return "inverse neighbor solicitation"
        case 142: return "inverse neighbor advertisement"
        case 143: return "multicast listener report v2"
        case 144: return "ha discovery request"
        case 145: return "ha discovery reply"
        case 146: return "mobile router solicitation"
        case 147: return "mobile router advertisement"
        case 155: return "RPL"
        case 200: return "mtrace response"
        case 201: return "mtrace message"
        default: return nil
        }
    }

    mutating func printICMPv6(_ ndo: inout PrintContext, at p: Int, length: Int, ip: Carrier, fragmented: Bool = false) throws {
        ndo.protocolName = "icmp6"
        if length == 0 { ndo.out.append("ICMP6, length 0 (invalid)"); return }
        let type = try ndo.get8(p)
        if options.verbosity > 0 && !fragmented,
           let sum = ndo.transportChecksum(at: p, length: length, ip: ip.start, isIPv6: true, protocolNumber: 58) {
            let field = ndo.bytes.u16(p + 2)!
            if sum != 0 {
                ndo.out.append("[bad icmp6 cksum 0x"); ndo.appendHex16(field); ndo.out.append(" -> 0x")
                ndo.appendHex16(ndo.checksumShouldBe(field, sum)); ndo.out.append("!] ")
            } else {
                ndo.out.append("[icmp6 sum ok] ")
            }
        }
        ndo.out.append("ICMP6, ")
        if let name = Self.icmp6TypeName(type) { ndo.out.append(name) } else {
            ndo.out.append("unknown icmp6 type ("); ndo.out.appendDecimal(UInt32(type)); ndo.out.append(")")
        }
        let code = try ndo.get8(p + 1)
        let inner = p + 8
        func address(_ offset: Int) throws -> IPAddress {
            guard let a = ndo.bytes.ipv6(offset), ndo.has(offset, 16) else { throw Truncated() }
            return a
        }
        switch type {
        case 1:
            ndo.out.append(", ")
            switch code {
            case 0: ndo.out.append("unreachable route")
            case 1: ndo.out.append(" unreachable prohibited")
            case 2: ndo.out.append("beyond scope")
            case 3: ndo.out.append("unreachable address")
            case 4: ndo.out.append("unreachable port")
            default: ndo.out.append("unknown unreach code ("); ndo.out.appendDecimal(UInt32(code)); ndo.out.append(")")
            }
            switch code {
            case 0, 1, 3: ndo.out.append(" "); printHost(&ndo, try address(inner + 24))
            case 2:
                ndo.out.append(" "); printHost(&ndo, try address(inner + 24)); ndo.out.append(", source address "); printHost(&ndo, try address(inner + 8))
            case 4:
                guard let (nh, port) = ndo.upperLayerPort(innerIPv6: inner) else { ndo.printTruncationMarker(); return }
                let d = try address(inner + 24)
                switch nh {
                case 6: ndo.out.append(", "); printHost(&ndo, d); ndo.out.append(" tcp port "); printTCPPort(&ndo, port)
                case 17: ndo.out.append(", "); printHost(&ndo, d); ndo.out.append(" udp port "); printUDPPort(&ndo, port)
                default:
                    ndo.out.append(", "); printHost(&ndo, d); ndo.out.append(" protocol "); ndo.out.appendDecimal(UInt32(nh))
                    ndo.out.append(" port "); ndo.out.appendDecimal(UInt32(port)); ndo.out.append(" unreachable")
                }
            default:
                ndo.printUnknownData(from: p, count: length)
                return
            }
        case 2:
            ndo.out.append(", mtu "); ndo.out.appendDecimal(try ndo.get32(p + 4))
        case 3:
            switch code {
            case 0: ndo.out.append(" for "); printHost(&ndo, try address(inner + 24))
            case 1: ndo.out.append(" (reassembly)")
            default: ndo.out.append(", unknown code ("); ndo.out.appendDecimal(UInt32(code)); ndo.out.append(")")
            }
        case 4:
            guard ndo.has(inner + 24, 16) else { ndo.printTruncationMarker(); return }
            let pointer = try ndo.get32(p + 4)
            switch code {
            case 0: ndo.out.append(", erroneous - octet ")
            case 1: ndo.out.append(", next header - octet ")
            case 2: ndo.out.append(", option - octet ")
            case 3: ndo.out.append(", incomplete header chain - octet ")
            default: ndo.out.append(", code-#"); ndo.out.appendDecimal(UInt32(code)); pointerSkip: do {}
            }
            if code <= 3 { ndo.out.appendDecimal(pointer) }
        case 128, 129:
            let id = try ndo.get16(p + 4), seq = try ndo.get16(p + 6)
            ndo.out.append(", id "); ndo.out.appendDecimal(UInt32(id)); ndo.out.append(", seq "); ndo.out.appendDecimal(UInt32(seq))
            if options.verbosity > 0 { return }  // -v leaves the length out of echoes
        case 135:
            if options.verbosity > 0 {
                ndo.out.append(", length "); ndo.out.appendDecimal(length)
                let target = try address(p + 8)
                ndo.out.append(", who has "); printHost(&ndo, target)
                try printNeighborOptions(&ndo, from: p + 24, to: p + length)
                return
            }
            let target = try address(p + 8)
            ndo.out.append(", who has "); printHost(&ndo, target)
        case 136:
            if options.verbosity > 0 {
                ndo.out.append(", length "); ndo.out.appendDecimal(length)
                let flags = try ndo.get8(p + 4), target = try address(p + 8)
                ndo.out.append(", tgt is "); printHost(&ndo, target)
                ndo.out.append(", Flags [")
                var names: [StaticString] = []
                if flags & 0x80 != 0 { names.append("router") }
                if flags & 0x40 != 0 { names.append("solicited") }
                if flags & 0x20 != 0 { names.append("override") }
                if names.isEmpty { ndo.out.append("none") }
                for (i, name) in names.enumerated() { if i > 0 { ndo.out.append(", ") }; ndo.out.append(name) }
                ndo.out.append("]")
                try printNeighborOptions(&ndo, from: p + 24, to: p + length)
                return
            }
            let target = try address(p + 8)
            ndo.out.append(", tgt is "); printHost(&ndo, target)
        case 137:
            ndo.out.append(", "); printHost(&ndo, try address(p + 24)); ndo.out.append(" to "); printHost(&ndo, try address(p + 8))
        case 143:
            let records = Int(try ndo.get16(p + 6))
            ndo.out.append(", "); ndo.out.appendDecimal(records); ndo.out.append(" group record(s)")
            if options.verbosity > 0 {
                try printMLDv2Records(&ndo, at: p + 8, count: records)
                return
            }
        case 133 where options.verbosity > 0:
            ndo.out.append(", length "); ndo.out.appendDecimal(length)
            try printNeighborOptions(&ndo, from: p + 8, to: p + length)
            return
        case 134 where options.verbosity > 0:
            ndo.out.append(", length "); ndo.out.appendDecimal(length)
            guard ndo.has(p, 16) else { throw Truncated() }
            let flags = ndo.bytes[p + 5]
            ndo.out.append("\n\thop limit "); ndo.out.appendDecimal(UInt32(ndo.bytes[p + 4])); ndo.out.append(", Flags [")
            Self.printFlagNames(&ndo, flags, [(0x80, "managed"), (0x40, "other stateful"), (0x20, "home agent")])
            let preferences: [StaticString] = ["medium", "high", "rsv", "low"]
            ndo.out.append("], pref "); ndo.out.append(preferences[Int(flags >> 3) & 3])
            ndo.out.append(", router lifetime "); ndo.out.appendDecimal(UInt32(ndo.bytes.u16(p + 6)!))
            ndo.out.append("s, reachable time "); ndo.out.appendDecimal(ndo.bytes.u32(p + 8)!)
            ndo.out.append("ms, retrans timer "); ndo.out.appendDecimal(ndo.bytes.u32(p + 12)!); ndo.out.append("ms")
            try printNeighborOptions(&ndo, from: p + 16, to: p + length)
            return
        case 130, 131, 132, 133, 134, 138, 139, 140, 141, 142, 144, 145, 146, 147, 155:
            break
        default:
            ndo.out.append(", length "); ndo.out.appendDecimal(length)
            ndo.printUnknownData(from: p, count: length)
            return
        }
        ndo.out.append(", length "); ndo.out.appendDecimal(length)
    }
}

extension TcpdumpPrinter {
    /// -v: each MLDv2 group record, `[gaddr ff02::fb to_ex, 0 source(s)]`; -vv lists the
    /// sources, `[gaddr ff02::fb to_in { fd00::9 }]`.
    func printMLDv2Records(_ ndo: inout PrintContext, at start: Int, count: Int) throws {
        var p = start
        for _ in 0..<count {
            guard ndo.has(p, 20) else { throw Truncated() }
            let type = ndo.bytes[p], aux = Int(ndo.bytes[p + 1]), sources = Int(ndo.bytes.u16(p + 2)!)
            ndo.out.append(" [gaddr "); printHost(&ndo, ndo.bytes.ipv6(p + 4)!)
            let names: [StaticString] = ["is_in", "is_ex", "to_in", "to_ex", "allow", "block"]
            ndo.out.append(" ")
            if type >= 1 && type <= 6 { ndo.out.append(names[Int(type) - 1]) } else { ndo.out.append("[invalid]") }
            if options.verbosity > 1 {
                ndo.out.append(" {")
                for k in 0..<sources {
                    guard ndo.has(p + 20 + 16 * k, 16) else { throw Truncated() }
                    ndo.out.append(" "); printHost(&ndo, ndo.bytes.ipv6(p + 20 + 16 * k)!)
                }
                ndo.out.append(" }]")
            } else {
                ndo.out.append(", "); ndo.out.appendDecimal(sources); ndo.out.append(" source(s)]")
            }
            p += 20 + 16 * sources + 4 * aux
        }
    }

    /// `onlink, auto` for the bits set, `none` when none is.
    static func printFlagNames(_ ndo: inout PrintContext, _ flags: UInt8, _ names: [(UInt8, StaticString)]) {
        var any = false
        for (bit, name) in names where flags & bit != 0 {
            if any { ndo.out.append(", ") }
            ndo.out.append(name); any = true
        }
        if !any { ndo.out.append("none") }
    }

    /// `86400s`, or `infinity` for all ones.
    static func printLifetime(_ ndo: inout PrintContext, _ seconds: UInt32) {
        if seconds == 0xFFFF_FFFF { ndo.out.append("infinity") } else { ndo.out.appendDecimal(seconds); ndo.out.append("s") }
    }

    /// -v: neighbour discovery options, one a line (`source link-address option (1),
    /// length 8 (1): 02:00:00:00:00:01`).
    func printNeighborOptions(_ ndo: inout PrintContext, from start: Int, to end: Int) throws {
        // Options cut by the snapshot end the line with ` [|icmp6]` where they stand
        // (tcpdump checks rather than longjmps here).
        var p = start
        while p < min(end, ndo.snapEnd) {
            guard ndo.has(p, 2) else { ndo.printTruncationMarker(); return }
            let type = ndo.bytes[p], units = Int(ndo.bytes[p + 1])
            let length = units * 8
            guard units > 0, ndo.has(p, length) else { ndo.printTruncationMarker(); return }
            ndo.out.append("\n\t  ")
            switch type {
            case 1: ndo.out.append("source link-address option")
            case 2: ndo.out.append("destination link-address option")
            case 3: ndo.out.append("prefix info option")
            case 4: ndo.out.append("redirected header option")
            case 5: ndo.out.append("mtu option")
            case 25: ndo.out.append("rdnss option")
            default: ndo.out.append("unknown option")
            }
            ndo.out.append(" ("); ndo.out.appendDecimal(UInt32(type)); ndo.out.append("), length ")
            ndo.out.appendDecimal(length); ndo.out.append(" ("); ndo.out.appendDecimal(units); ndo.out.append("): ")
            if (type == 1 || type == 2) {
                // The link address: its bytes up to the last non-zero-padded one, colon-separated.
                var n = length - 2
                while n > 6 && ndo.bytes[p + 2 + n - 1] == 0 { n -= 1 }
                for i in 0..<n { if i > 0 { ndo.out.append(0x3A) }; ndo.out.appendHexByte(ndo.bytes[p + 2 + i]) }
            } else if type == 5 {
                ndo.out.append(" "); ndo.out.appendDecimal(UInt32(ndo.bytes.u32(p + 4)!))
            } else if type == 3 {
                // The prefix fields are read whole, even from an option that says it is shorter.
                guard ndo.has(p, 32) else { ndo.printTruncationMarker(); return }
                // `fd00::/64, Flags [onlink, auto], valid time 86400s, pref. time 14400s`
                printHost(&ndo, ndo.bytes.ipv6(p + 16)!); ndo.out.append("/"); ndo.out.appendDecimal(UInt32(ndo.bytes[p + 2]))
                if units != 4 { ndo.out.append("badlen") }
                ndo.out.append(", Flags [")
                Self.printFlagNames(&ndo, ndo.bytes[p + 3], [(0x80, "onlink"), (0x40, "auto"), (0x20, "router")])
                ndo.out.append("], valid time "); Self.printLifetime(&ndo, ndo.bytes.u32(p + 4)!)
                ndo.out.append(", pref. time "); Self.printLifetime(&ndo, ndo.bytes.u32(p + 8)!)
            } else if type == 25 && length >= 8 {
                ndo.out.append(" lifetime "); ndo.out.appendDecimal(ndo.bytes.u32(p + 4)!); ndo.out.append("s")
                var q = p + 8
                while q + 16 <= p + length {
                    ndo.out.append(", addr: "); printHost(&ndo, ndo.bytes.ipv6(q)!)
                    q += 16
                }
            } else if options.verbosity < 2 {
                ndo.printHex(from: p + 2, count: length - 2, indent: "\n\t  0x")
            }
            if options.verbosity > 1 {
                // -vv also dumps the option's bytes, indented under it.
                ndo.printHex(from: p + 2, count: length - 2, indent: "\n\t    0x")
            }
            p += length
        }
    }
}

extension PrintContext {
    /// The transport protocol and destination port inside an ICMPv6 error (get_upperlayer).
    func upperLayerPort(innerIPv6 start: Int) -> (UInt8, UInt16)? {
        guard has(start + 6, 1) else { return nil }
        var nh = bytes[start + 6]
        var hlen = 40
        var bp = start
        while bp < snapEnd {
            bp += hlen
            switch nh {
            case 6, 17:
                guard has(bp + 2, 2) else { return nil }
                return (nh, bytes.u16(bp + 2)!)
            case 0, 60, 43:
                guard has(bp + 1, 1) else { return nil }
                nh = bytes[bp]; hlen = (Int(bytes[bp + 1]) + 1) << 3
            case 44:
                guard has(bp + 2, 2) else { return nil }
                if bytes.u16(bp + 2)! & 0xFFF8 != 0 { return nil }
                nh = bytes[bp]; hlen = 8
            case 51:
                guard has(bp + 1, 1) else { return nil }
                nh = bytes[bp]; hlen = (Int(bytes[bp + 1]) + 2) << 2
            default:
                return nil
            }
        }
        return nil
    }
}
