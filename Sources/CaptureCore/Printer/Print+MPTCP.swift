import NetworkTypes

// Multipath TCP options (RFC 8684), as tcpdump's print-mptcp.c:
// `mptcp 12 capable v1 {0x102030405060708}`, `mptcp 8 dss ack 4096`...

extension PrintContext {
    /// Prints ` LEN SUBTYPE details` for the MPTCP option at `p` (its kind byte), whose
    /// `length` bytes the caller checked were captured. False when the option's length
    /// does not fit its subtype (tcpdump then prints `[bad opt]`).
    func printMPTCPOption(at p: Int, length: Int, tcpFlags: UInt8) -> Bool {
        guard length >= 3 else { return false }
        let subtype = Int(bytes[p + 2] >> 4)
        out.append(" "); out.appendDecimal(length); out.append(" ")
        let syn = tcpFlags & 0x02 != 0, ack = tcpFlags & 0x10 != 0
        func hex64(_ at: Int) { out.append("0x"); appendHexTrimmed64(u64(at)) }
        switch subtype {
        case 0:
            out.append("capable")
            guard ((length == 12 || length == 4) && syn) || ((length == 20 || length == 22) && ack && !syn) else { return false }
            let version = bytes[p + 2] & 0x0F
            guard version <= 1 else { out.append(" Unknown Version ("); out.appendDecimal(UInt32(version)); out.append(")"); return true }
            out.append(" v"); out.appendDecimal(UInt32(version))
            if bytes[p + 3] & 0x80 != 0 { out.append(" csum") }
            if length == 12 || length >= 20 {
                out.append(" {"); hex64(p + 4)
                if length >= 20 { out.append(","); hex64(p + 12) }
                out.append("}")
            }
        case 1:
            out.append("join")
            guard (length == 12 && syn) || (length == 16 && syn && ack) || (length == 24 && ack) else { return false }
            if length != 24 {
                if bytes[p + 2] & 0x01 != 0 { out.append(" backup") }
                out.append(" id "); out.appendDecimal(UInt32(bytes[p + 3]))
            }
            switch length {
            case 12:
                out.append(" token 0x"); appendHexTrimmed(bytes.u32(p + 4)!)
                out.append(" nonce 0x"); appendHexTrimmed(bytes.u32(p + 8)!)
            case 16:
                out.append(" hmac "); hex64(p + 4)
                out.append(" nonce 0x"); appendHexTrimmed(bytes.u32(p + 12)!)
            default:
                out.append(" hmac 0x")
                for i in 0..<20 { out.appendHexByte(bytes[p + 4 + i]) }
            }
        case 2:
            out.append("dss")
            return printDSS(at: p, length: length, syn: syn)
        case 3:
            out.append("add-addr")
            guard [8, 10, 16, 18, 20, 22, 28, 30].contains(length) else { return false }
            switch bytes[p + 2] & 0x0F {
            case 0: out.append(" v1")
            case 1: out.append(" v1-echo")
            case 4: out.append(" v0-ip4")
            case 6: out.append(" v0-ip6")
            default: out.append(" [bad version/echo]")
            }
            out.append(" id "); out.appendDecimal(UInt32(bytes[p + 3]))
            let v4 = length <= 18
            let addressLength = v4 ? 4 : 16
            out.append(" ")
            if v4 { out.appendAddress(IPAddress(ipv4: bytes.u32(p + 4)!)) } else { out.appendAddress(bytes.ipv6(p + 4)!) }
            let withPort = length == 10 || length == 18 || length == 22 || length == 30
            if withPort { out.append(":"); out.appendDecimal(UInt32(bytes.u16(p + 4 + addressLength)!)) }
            if length == 16 || length == 28 { out.append(" hmac "); hex64(p + 4 + addressLength) }
            if length == 18 || length == 30 { out.append(" hmac "); hex64(p + 6 + addressLength) }
        case 4:
            out.append("rem-addr")
            guard length >= 4 else { return false }
            out.append(" id")
            for i in 3..<length { out.append(" "); out.appendDecimal(UInt32(bytes[p + i])) }
        case 5:
            out.append("prio")
            guard length == 3 || length == 4 else { return false }
            out.append(bytes[p + 2] & 0x01 != 0 ? " backup" : " non-backup")
            if length == 4 { out.append(" id "); out.appendDecimal(UInt32(bytes[p + 3])) }
        case 6:
            out.append("fail")
            guard length == 12 else { return false }
            out.append(" seq "); out.appendDecimal(u64(p + 4))
        case 7:
            out.append("fast-close")
            guard length == 12 else { return false }
            out.append(" key "); hex64(p + 4)
        default:
            out.append("unknown")
        }
        return true
    }

    /// The data sequence signal: ` fin`, ` ack N`, ` seq N subseq N len N csum 0xN`.
    private func printDSS(at p: Int, length: Int, syn: Bool) -> Bool {
        guard length >= 4, !syn else { return false }
        let flags = bytes[p + 3]
        if flags & 0x10 != 0 { out.append(" fin") }
        var q = p + 4, left = length - 4
        if flags & 0x01 != 0 {
            out.append(" ack ")
            if flags & 0x02 != 0 {
                guard left >= 8 else { return false }
                out.appendDecimal(u64(q)); q += 8; left -= 8
            } else {
                guard left >= 4 else { return false }
                out.appendDecimal(bytes.u32(q)!); q += 4; left -= 4
            }
        }
        if flags & 0x04 != 0 {
            out.append(" seq ")
            if flags & 0x08 != 0 {
                guard left >= 8 else { return false }
                out.appendDecimal(u64(q)); q += 8; left -= 8
            } else {
                guard left >= 4 else { return false }
                out.appendDecimal(bytes.u32(q)!); q += 4; left -= 4
            }
            guard left >= 4 else { return false }
            out.append(" subseq "); out.appendDecimal(bytes.u32(q)!); q += 4; left -= 4
            guard left >= 2 else { return false }
            out.append(" len "); out.appendDecimal(UInt32(bytes.u16(q)!)); q += 2; left -= 2
            if left >= 2 { out.append(" csum 0x"); appendHexTrimmed(UInt32(bytes.u16(q)!)); left -= 2 }
        }
        return left == 0
    }

    /// Eight bytes big-endian; the caller checked they were captured.
    private func u64(_ p: Int) -> UInt64 {
        UInt64(bytes.u32(p)!) << 32 | UInt64(bytes.u32(p + 4)!)
    }

    /// A 64-bit value in hex without leading zeros (`%llx`).
    func appendHexTrimmed64(_ v: UInt64) {
        if v >> 32 != 0 {
            appendHexTrimmed(UInt32(v >> 32))
            for shift in stride(from: 28, through: 0, by: -4) { out.append(hexDigit(Int((v >> UInt64(shift)) & 0xF))) }
        } else {
            appendHexTrimmed(UInt32(v))
        }
    }
}
