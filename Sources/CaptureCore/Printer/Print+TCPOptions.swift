// TCP options (`, options [mss 65495,sackOK,TS val 1 ecr 0,...]`), as tcp_print's option loop.

extension PrintContext {
    /// Prints `, options [...]`; returns false when tcpdump stops the line there.
    func printTCPOptions(at start: Int, remaining: Int, reversed: Bool,
                         baseSeq: UInt32, baseAck: UInt32, tcpFlags: UInt8 = 0) throws -> Bool {
        var hlen = remaining
        var cp = start
        var separator = false
        out.append(", options [")
        while hlen > 0 {
            if separator { out.append(0x2C) }
            let opt = try get8(cp); cp += 1
            let len: Int
            if opt == 0 || opt == 1 {
                len = 1
            } else {
                len = Int(try get8(cp)); cp += 1
                if len < 2 || len > hlen { return badOption(separator) }
                hlen -= 1
            }
            hlen -= 1
            var datalen = 0
            printTCPOptionName(opt)
            // tcpdump's LENCHECK: bad option if longer than the header, truncated if not captured.
            func check(_ n: Int) -> Bool? {
                if n > hlen { return false }
                if !has(cp, n) { return nil }
                return true
            }
            var verdict: Bool? = true
            switch opt {
            case 2:
                datalen = 2; verdict = check(2)
                if verdict == true { out.append(0x20); out.appendDecimal(UInt32(bytes.u16(cp)!)) }
            case 3:
                datalen = 1; verdict = check(1)
                if verdict == true { out.append(0x20); out.appendDecimal(UInt32(bytes[cp])) }
            case 5:
                datalen = len - 2
                if datalen % 8 != 0 {
                    out.append(" invalid sack")
                } else {
                    out.append(0x20); out.appendDecimal(datalen / 8); out.append(0x20)
                    var i = 0
                    while i < datalen {
                        verdict = check(i + 4); if verdict != true { break }
                        var s = bytes.u32(cp + i)!
                        verdict = check(i + 8); if verdict != true { break }
                        var e = bytes.u32(cp + i + 4)!
                        if reversed { s &-= baseSeq; e &-= baseSeq } else { s &-= baseAck; e &-= baseAck }
                        out.append("{"); out.appendDecimal(s); out.append(":"); out.appendDecimal(e); out.append("}")
                        i += 8
                    }
                }
            case 6, 7, 11, 12, 13:
                datalen = 4; verdict = check(4)
                if verdict == true { out.append(0x20); out.appendDecimal(bytes.u32(cp)!) }
            case 8:
                datalen = 8; verdict = check(8)
                if verdict == true {
                    out.append(" val "); out.appendDecimal(bytes.u32(cp)!)
                    out.append(" ecr "); out.appendDecimal(bytes.u32(cp + 4)!)
                }
            case 19:
                // tcpdump (with libcrypto) cannot check a signature without -M's secret.
                datalen = 16; verdict = check(16)
                if verdict == true {
                    out.append(" shared secret not supplied with -M, can't check - ")
                    for i in 0..<16 { out.appendHexByte(bytes[cp + i]) }
                }
            case 29:
                datalen = len - 2
                if datalen < 2 {
                    out.append(" (invalid)")
                } else {
                    verdict = check(2)
                    if verdict == true {
                        out.append(" keyid "); out.appendDecimal(UInt32(bytes[cp]))
                        out.append(" rnextkeyid "); out.appendDecimal(UInt32(bytes[cp + 1]))
                        if datalen > 2 { out.append(" mac 0x") }
                        var i = 2
                        while i < datalen {
                            verdict = check(i + 1); if verdict != true { break }
                            out.appendHexByte(bytes[cp + i]); i += 1
                        }
                    }
                }
            case 20:
                datalen = 2; verdict = check(2)
                if verdict == true {
                    out.append(" cap "); out.appendHexByte(bytes[cp]); out.append(" id "); out.appendDecimal(UInt32(bytes[cp + 1]))
                }
            case 28:
                datalen = 2; verdict = check(2)
                if verdict == true {
                    var value = UInt32(bytes.u16(cp)!)
                    out.append(" 0x"); out.appendHex(value)
                    value = value & 1 != 0 ? (value >> 1) * 60 : value >> 1
                    out.append(0x20); out.appendDecimal(value)
                }
            case 0, 1, 4:
                break
            case 30:
                datalen = len - 2; verdict = check(datalen)
                if verdict == true && !printMPTCPOption(at: cp - 2, length: len, tcpFlags: tcpFlags) {
                    return badOption(separator)
                }
            case 34:
                datalen = len - 2; verdict = check(datalen)
                if verdict == true { out.append(" "); printFastOpen(at: cp, count: datalen, experimental: false) }
            case 254:
                datalen = len - 2; verdict = check(datalen)
                if verdict == true {
                    if datalen < 2 { return badOption(separator) }
                    out.append("-")
                    let magic = bytes.u16(cp)!
                    if magic == 0xF989 {
                        printFastOpen(at: cp + 2, count: datalen - 2, experimental: true)
                    } else {
                        out.appendHexByte(UInt8(magic >> 8)); out.appendHexByte(UInt8(magic & 0xFF))
                    }
                }
            default:
                datalen = len - 2
                if datalen > 0 { out.append(" 0x") }
                var i = 0
                while i < datalen {
                    verdict = check(i + 1); if verdict != true { break }
                    out.appendHexByte(bytes[cp + i])
                    i += 1
                }
            }
            switch verdict {
            case .some(false): return badOption(separator)
            case .none:
                printTruncationMarker()
                if separator { out.append(">") }
                return false
            default: break
            }
            cp += datalen
            hlen -= datalen
            datalen += 1
            if opt != 0 && opt != 1 { datalen += 1 }
            if datalen != len { out.append("[len "); out.appendDecimal(len); out.append("]") }
            separator = true
            if opt == 0 { break }
        }
        out.append("]")
        return true
    }

    /// TCP Fast Open (RFC 7413), as option 34 or the experimental 254 with magic f989:
    /// ` cookiereq` when asking, ` cookie 0102...` when given.
    func printFastOpen(at p: Int, count: Int, experimental: Bool) {
        if experimental { out.append("tfo") }
        if count == 0 {
            out.append(" cookiereq")
        } else if count % 2 != 0 || count < 4 || count > 16 {
            out.append(" (invalid)")
        } else {
            out.append(" cookie ")
            for i in 0..<count { out.appendHexByte(bytes[p + i]) }
        }
    }

    func badOption(_ separator: Bool) -> Bool {
        out.append("[bad opt]")
        if separator { out.append("]") }
        return false
    }

    func printTCPOptionName(_ opt: UInt8) {
        switch opt {
        case 0: out.append("eol")
        case 1: out.append("nop")
        case 2: out.append("mss")
        case 3: out.append("wscale")
        case 4: out.append("sackOK")
        case 5: out.append("sack")
        case 6: out.append("echo")
        case 7: out.append("echoreply")
        case 8: out.append("TS")
        case 11: out.append("cc")
        case 12: out.append("ccnew")
        case 13: break
        case 19: out.append("md5")
        case 20: out.append("scps")
        case 28: out.append("uto")
        case 29: out.append("tcp-ao")
        case 30: out.append("mptcp")
        case 34: out.append("tfo")
        case 254: out.append("exp")
        default: out.append("unknown-"); out.appendDecimal(UInt32(opt))
        }
    }
}
