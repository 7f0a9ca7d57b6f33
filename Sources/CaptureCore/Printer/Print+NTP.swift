import NetworkTypes

// NTP on UDP 123, as tcpdump's print-ntp.c: `NTPv4, Client, length 48`, and at -v the
// header fields and the four timestamps with their UTC dates.

extension TcpdumpPrinter {
    mutating func printNTP(_ ndo: inout PrintContext, at p: Int, length: Int) throws {
        ndo.protocolName = "ntp"
        let status = try ndo.get8(p)
        let version = (status >> 3) & 7, mode = status & 7, leap = status & 0xC0
        ndo.out.append("NTPv"); ndo.out.appendDecimal(UInt32(version)); ndo.out.append(", ")
        ndo.out.append(Self.ntpModeNames[Int(mode)]); ndo.out.append(", length "); ndo.out.appendDecimal(length)
        guard options.verbosity > 0 else { return }
        ndo.out.append("\n\tLeap indicator: ")
        switch leap {
        case 0x40: ndo.out.append("+1s")
        case 0x80: ndo.out.append("-1s")
        case 0xC0: ndo.out.append("clock unsynchronized")
        default: break
        }
        ndo.out.append(" ("); ndo.out.appendDecimal(UInt32(leap)); ndo.out.append(")")
        switch mode {
        case 0...5: try printNTPTimes(&ndo, at: p, length: length)
        case 6: try printNTPControl(&ndo, at: p, length: length)
        default: break
        }
    }

    static let ntpModeNames: [StaticString] = ["unspecified", "Symmetric Active", "Symmetric Passive", "Client",
                                               "Server", "Broadcast", "Control Message", "Reserved"]

    private func printNTPTimes(_ ndo: inout PrintContext, at p: Int, length: Int) throws {
        if length < 48 {
            ndo.out.append(" (invalid)")
            if !ndo.has(p, length) { ndo.out.append(" [|ntp]") }
            return
        }
        let stratum = try ndo.get8(p + 1)
        ndo.out.append(", Stratum "); ndo.out.appendDecimal(UInt32(stratum)); ndo.out.append(" (")
        switch stratum {
        case 0: ndo.out.append("unspecified")
        case 1: ndo.out.append("primary reference")
        case 2...15: ndo.out.append("secondary reference")
        default: ndo.out.append("reserved")
        }
        let poll = Int8(bitPattern: try ndo.get8(p + 2))
        ndo.out.append("), poll "); ndo.out.appendDecimal(Int(poll))
        if poll > -32 && poll < 32 {
            if poll >= 0 { ndo.out.append(" ("); ndo.out.appendDecimal(UInt64(1) << UInt64(poll)); ndo.out.append("s)") } else {
                ndo.out.append(" (1/"); ndo.out.appendDecimal(UInt64(1) << UInt64(-Int(poll))); ndo.out.append("s)")
            }
        }
        ndo.out.append(", precision "); ndo.out.appendDecimal(Int(Int8(bitPattern: try ndo.get8(p + 3))))
        guard ndo.has(p + 4, 4) else { ndo.out.append(" [|ntp]"); return }
        ndo.out.append("\n\tRoot Delay: "); printShortFixed(&ndo, at: p + 4)
        guard ndo.has(p + 8, 4) else { ndo.out.append(" [|ntp]"); return }
        ndo.out.append(", Root dispersion: "); printShortFixed(&ndo, at: p + 8)
        guard ndo.has(p + 12, 4) else { ndo.out.append(" [|ntp]"); return }
        ndo.out.append(", Reference-ID: ")
        switch stratum {
        case 0: ndo.out.append("(unspec)")
        case 1: ndo.printEscaped(from: p + 12, count: 4)
        case 62, 63:
            printHost(&ndo, IPAddress(ipv4: ndo.bytes.u32(p + 12)!))
            ndo.out.append(stratum == 62 ? " INFO_QUERY" : " INFO_REPLY")
            return
        default:
            ndo.out.append("0x"); ndo.appendHex16(ndo.bytes.u16(p + 12)!); ndo.appendHex16(ndo.bytes.u16(p + 14)!)
        }
        let labels: [(StaticString, Int)] = [("\n\t  Reference Timestamp:  ", 16), ("\n\t  Originator Timestamp: ", 24),
                                             ("\n\t  Receive Timestamp:    ", 32), ("\n\t  Transmit Timestamp:   ", 40)]
        for (label, offset) in labels {
            if offset <= 24 && !ndo.has(p + offset, 8) { ndo.out.append(" [|ntp]"); return }
            ndo.out.append(label)
            try printNTPTime(&ndo, at: p + offset)
        }
        ndo.out.append("\n\t    Originator - Receive Timestamp:  "); try printNTPDelta(&ndo, from: p + 24, to: p + 32)
        ndo.out.append("\n\t    Originator - Transmit Timestamp: "); try printNTPDelta(&ndo, from: p + 24, to: p + 40)
        switch length {
        case 52:
            ndo.out.append("\n\tKey id: "); ndo.out.appendDecimal(try ndo.get32(p + 48))
        case 68, 72:
            ndo.out.append("\n\tKey id: "); ndo.out.appendDecimal(try ndo.get32(p + 48))
            ndo.out.append("\n\tAuthentication: ")
            for i in 0..<(length == 68 ? 4 : 5) {
                let word = try ndo.get32(p + 52 + 4 * i)
                ndo.appendHex16(UInt16(word >> 16)); ndo.appendHex16(UInt16(word & 0xFFFF))
            }
        default:
            if length > 48 { ndo.out.append("\n\t("); ndo.out.appendDecimal(length - 48); ndo.out.append(" more bytes after the header)") }
        }
    }

    private func printNTPControl(_ ndo: inout PrintContext, at p: Int, length: Int) throws {
        let control = try ndo.get8(p + 1)
        ndo.out.append(control & 0x80 != 0 ? ", Response" : ", Request")
        ndo.out.append(control & 0x40 != 0 ? ", Error" : ", OK")
        ndo.out.append(control & 0x20 != 0 ? ", More" : ", Last")
        ndo.out.append(", OpCode="); ndo.out.appendDecimal(UInt32(control & 0x1F))
        if length < 12 {
            ndo.out.append(" (invalid)")
            if !ndo.has(p, length) { ndo.out.append(" [|ntp]") }
            return
        }
        ndo.out.append("\n\tSequence="); ndo.out.appendDecimal(UInt32(try ndo.get16(p + 2)))
        let status = try ndo.get16(p + 4)
        ndo.out.append(", Status=")
        if status == 0 { ndo.out.append("0") } else { ndo.out.append("0x"); ndo.appendHexTrimmed(UInt32(status)) }
        ndo.out.append(", Assoc.="); ndo.out.appendDecimal(UInt32(try ndo.get16(p + 6)))
        ndo.out.append(", Offset="); ndo.out.appendDecimal(UInt32(try ndo.get16(p + 8)))
        let count = Int(try ndo.get16(p + 10))
        ndo.out.append(", Count="); ndo.out.appendDecimal(count)
        if 12 + count > length {
            ndo.out.append(" (invalid)")
            if !ndo.has(p, length) { ndo.out.append(" [|ntp]") }
            return
        }
        if count != 0 {
            if !ndo.has(p + 12, count) { ndo.out.append(" [|ntp]"); return }
            ndo.out.append("\n\tTO-BE-DONE: data not interpreted")
        }
    }

    /// A 16.16 fixed-point value: `0.004440`.
    private func printShortFixed(_ ndo: inout PrintContext, at p: Int) {
        let whole = ndo.bytes.u16(p)!, fraction = ndo.bytes.u16(p + 2)!
        ndo.out.appendDecimal(Int(whole)); ndo.out.append(".")
        ndo.out.appendDecimal(UInt32(Double(fraction) / 65536.0 * 1_000_000.0), width: 6)
    }

    /// A 32.32 NTP timestamp: `3909200000.500000000 (2023-11-17T08:53:20Z)`.
    private func printNTPTime(_ ndo: inout PrintContext, at p: Int) throws {
        let seconds = try ndo.get32(p), fraction = try ndo.get32(p + 4)
        ndo.out.appendDecimal(seconds); ndo.out.append(".")
        ndo.out.appendDecimal(Self.billionths(fraction), width: 9)
        if seconds != 0 {
            // NTP counts from 1900; the date is in UTC.
            let unix = Int64(seconds) - 2_208_988_800
            let days = Int(unix >= 0 ? unix / 86400 : (unix - 86399) / 86400)
            let second = Int(unix - Int64(days) * 86400)
            let (year, month, day) = Self.civilDate(daysSinceEpoch: days)
            ndo.out.append(" ("); ndo.out.appendDecimal(year); ndo.out.append("-")
            ndo.out.appendDecimal(UInt32(month), width: 2); ndo.out.append("-"); ndo.out.appendDecimal(UInt32(day), width: 2)
            ndo.out.append("T"); ndo.out.appendDecimal(UInt32(second / 3600), width: 2); ndo.out.append(":")
            ndo.out.appendDecimal(UInt32(second / 60 % 60), width: 2); ndo.out.append(":")
            ndo.out.appendDecimal(UInt32(second % 60), width: 2); ndo.out.append("Z)")
        }
    }

    /// `+0.566666666`: the second timestamp minus the first, or the second alone when the
    /// first is zero.
    private func printNTPDelta(_ ndo: inout PrintContext, from old: Int, to new: Int) throws {
        let ou = try ndo.get32(old), ouf = try ndo.get32(old + 4)
        let u = try ndo.get32(new), uf = try ndo.get32(new + 4)
        if ou == 0 && ouf == 0 { try printNTPTime(&ndo, at: new); return }
        var i = Int32(bitPattern: u &- ou)
        let negative: Bool
        var f: UInt32
        if i > 0 {
            negative = false; f = uf &- ouf
            if ouf > uf { i -= 1 }
        } else if i < 0 {
            negative = true; f = ouf &- uf
            if uf > ouf { i += 1 }
            i = -i
        } else if uf > ouf {
            negative = false; f = uf - ouf
        } else {
            negative = true; f = ouf - uf
        }
        ndo.out.append(negative ? "-" : "+"); ndo.out.appendDecimal(UInt32(bitPattern: i)); ndo.out.append(".")
        ndo.out.appendDecimal(Self.billionths(f), width: 9)
    }

    /// A 32-bit binary fraction in billionths, as tcpdump computes it (in doubles, truncated).
    static func billionths(_ fraction: UInt32) -> UInt32 {
        UInt32(Double(fraction) / 4_294_967_296.0 * 1_000_000_000.0)
    }
}
