// DNS messages over UDP and TCP (port 53, mDNS 5353, LLMNR 5355), as tcpdump's
// print-domain.c: `4660+ [1au] A? example.test. (30)`, answers at every level, the
// question and the other sections at -vv, EDNS as `OPT UDPsize=1232 [COOKIE ...]`.
//
// Every read is bounds-checked against the snapshot: a name that runs off the end, a
// compression pointer that does not point backwards, or a count larger than the records
// present ends the line with ` [|domain]` as tcpdump does.

extension TcpdumpPrinter {
    /// DNS over TCP: a two-byte length, then the message.
    mutating func printDNSOverTCP(_ ndo: inout PrintContext, at p: Int, length: Int) throws {
        if length < 2 {
            ndo.out.append(" [DNS over TCP: length "); ndo.out.appendDecimal(length); ndo.out.append(" < 2] (invalid)")
            return
        }
        ndo.protocolName = "domain"
        let prefix = try ndo.get16(p)
        if Int(prefix) != length - 2 {
            ndo.out.append(" [prefix length("); ndo.out.appendDecimal(UInt32(prefix)); ndo.out.append(") != length(")
            ndo.out.appendDecimal(length - 2); ndo.out.append(")] (invalid)")
            return
        }
        ndo.out.append(" ")
        try printDNS(&ndo, at: p + 2, length: length - 2, multicast: false)
    }

    /// A read past the snapshot throws (tcpdump's longjmp, ` [|domain]` at the end of the
    /// line and the dump from the frame's start); a record that lies about itself ends the
    /// message with ` [|domain]` where it stands, as tcpdump's `goto trunc`.
    mutating func printDNS(_ ndo: inout PrintContext, at p: Int, length: Int, multicast: Bool) throws {
        ndo.protocolName = "domain"
        if length < 12 {
            ndo.out.append("domain [length "); ndo.out.appendDecimal(length); ndo.out.append(" < 12] (invalid)")
            return
        }
        let dns = DNSWalk(message: p, multicast: multicast, verbosity: options.verbosity)
        if try dns.printMessage(&ndo, self) {
            ndo.out.append(" ("); ndo.out.appendDecimal(length); ndo.out.append(")")
        } else {
            ndo.out.append(" [|domain]")
        }
    }
}

/// One walk through a DNS message; every method returns nil or false when the packet
/// ended (or lied) before the record did.
struct DNSWalk {
    /// Where the DNS header starts: compression pointers count from here.
    let message: Int
    let multicast: Bool
    let verbosity: Int

    func printMessage(_ ndo: inout PrintContext, _ printer: TcpdumpPrinter) throws -> Bool {
        guard ndo.has(message, 12) else { return false }  // ND_TCHECK: no longjmp
        let b = ndo.bytes
        let id = b.u16(message)!, flags = b.u16(message + 2)!
        var qd = Int(b.u16(message + 4)!), an = Int(b.u16(message + 6)!)
        var ns = Int(b.u16(message + 8)!), ar = Int(b.u16(message + 10)!)
        let opcode = Int(flags >> 11) & 0xF
        ndo.out.appendDecimal(UInt32(id))
        ndo.out.append(Self.opcodeName(opcode))
        var cp = message + 12
        if flags & 0x8000 != 0 {
            ndo.out.append(Self.rcodeName(Int(flags & 0xF)))
            if flags & 0x0400 != 0 { ndo.out.append("*") }
            if flags & 0x0080 == 0 { ndo.out.append("-") }
            if flags & 0x0200 != 0 { ndo.out.append("|") }
            if flags & 0x0020 != 0 { ndo.out.append("$") }
            if qd != 1 { ndo.out.append(" ["); ndo.out.appendDecimal(qd); ndo.out.append("q]") }
            for i in 0..<qd {
                if verbosity > 1 {
                    if i != 0 { ndo.out.append(",") }
                    ndo.out.append(" q:")
                    guard let next = try printQuestion(&ndo, printer, at: cp) else { return false }
                    cp = next
                } else {
                    guard let next = try skipName(ndo, at: cp) else { return false }
                    cp = next + 4
                }
            }
            ndo.out.append(" "); ndo.out.appendDecimal(an); ndo.out.append("/"); ndo.out.appendDecimal(ns)
            ndo.out.append("/"); ndo.out.appendDecimal(ar)
            guard try printSection(&ndo, printer, count: &an, at: &cp, label: "", always: true) else { return false }
            if verbosity > 1 {
                guard try printSection(&ndo, printer, count: &ns, at: &cp, label: " ns:", always: false),
                      try printSection(&ndo, printer, count: &ar, at: &cp, label: " ar:", always: false) else { return false }
            }
        } else {
            if flags & 0x0100 != 0 { ndo.out.append("+") }
            if flags & 0x0010 != 0 { ndo.out.append("%") }
            if flags & 0x06CF != 0 { ndo.out.append(" [b2&3=0x"); ndo.appendHexTrimmed(UInt32(flags)); ndo.out.append("]") }
            if opcode == 1 {
                if qd != 0 { ndo.out.append(" ["); ndo.out.appendDecimal(qd); ndo.out.append("q]") }
                if an != 1 { ndo.out.append(" ["); ndo.out.appendDecimal(an); ndo.out.append("a]") }
            } else {
                if an != 0 { ndo.out.append(" ["); ndo.out.appendDecimal(an); ndo.out.append("a]") }
                if qd != 1 { ndo.out.append(" ["); ndo.out.appendDecimal(qd); ndo.out.append("q]") }
            }
            if ns != 0 { ndo.out.append(" ["); ndo.out.appendDecimal(ns); ndo.out.append("n]") }
            if ar != 0 { ndo.out.append(" ["); ndo.out.appendDecimal(ar); ndo.out.append("au]") }
            if qd > 0 {
                guard let next = try printQuestion(&ndo, printer, at: cp) else { return false }
                cp = next; qd -= 1
                while cp < ndo.snapEnd && qd > 0 {
                    guard let next = try printQuestion(&ndo, printer, at: cp) else { return false }
                    cp = next; qd -= 1
                }
            }
            if qd > 0 { return false }
            if verbosity > 1 {
                guard try printSection(&ndo, printer, count: &an, at: &cp, label: "", always: true),
                      try printSection(&ndo, printer, count: &ns, at: &cp, label: " ns:", always: false),
                      try printSection(&ndo, printer, count: &ar, at: &cp, label: " ar:", always: false) else { return false }
            }
        }
        return true
    }

    /// Records separated by commas; `always` prints the first even past the captured end,
    /// as tcpdump does for the answer section.
    func printSection(_ ndo: inout PrintContext, _ printer: TcpdumpPrinter, count: inout Int, at cp: inout Int,
                      label: StaticString, always: Bool) throws -> Bool {
        if count > 0 && (always || cp < ndo.snapEnd) {
            ndo.out.append(label)
            guard let next = try printRecord(&ndo, printer, at: cp) else { return false }
            cp = next; count -= 1
            while cp < ndo.snapEnd && count > 0 {
                ndo.out.append(",")
                guard let next = try printRecord(&ndo, printer, at: cp) else { return false }
                cp = next; count -= 1
            }
        }
        return count == 0
    }

    /// ` A? example.test.` (with ` (QM)` or ` (QU)` for mDNS).
    func printQuestion(_ ndo: inout PrintContext, _ printer: TcpdumpPrinter, at start: Int) throws -> Int? {
        guard let end = try skipName(ndo, at: start), ndo.has(end, 4) else { return nil }
        let type = ndo.bytes.u16(end)!, rawClass = ndo.bytes.u16(end + 2)!
        ndo.out.append(" "); Self.printType(&ndo, type)
        let cls = multicast ? rawClass & 0x7FFF : rawClass
        if cls != 1 { ndo.out.append(" "); Self.printClass(&ndo, cls) }
        if multicast { ndo.out.append(rawClass & 0x8000 != 0 ? " (QU)" : " (QM)") }
        ndo.out.append("? ")
        guard try printName(&ndo, at: start) != nil else { return nil }
        return end + 4
    }

    /// One resource record: its name at -v, its type and the data tcpdump shows.
    func printRecord(_ ndo: inout PrintContext, _ printer: TcpdumpPrinter, at start: Int) throws -> Int? {
        var cp: Int
        if verbosity > 0 {
            ndo.out.append(" ")
            guard let next = try printName(&ndo, at: start) else { return nil }
            cp = next
        } else {
            guard let next = try skipName(ndo, at: start) else { return ndo.snapEnd }
            cp = next
        }
        guard ndo.has(cp, 10) else { return ndo.snapEnd }
        let b = ndo.bytes
        let type = b.u16(cp)!, rawClass = b.u16(cp + 2)!
        let cls = multicast ? rawClass & 0x7FFF : rawClass
        if cls != 1 && type != 41 { ndo.out.append(" "); Self.printClass(&ndo, cls) }
        if multicast && rawClass & 0x8000 != 0 { ndo.out.append(" (Cache flush)") }
        let optFlags = b.u16(cp + 6)!
        let length = Int(b.u16(cp + 8)!)
        cp += 10
        let end = cp + length
        ndo.out.append(" "); Self.printType(&ndo, type)
        guard end <= ndo.snapEnd else { return nil }
        switch type {
        case 1:
            guard ndo.has(cp, 4) else { throw Truncated() }
            ndo.out.append(" "); printer.printIPv4Host(&ndo, at: cp)
        case 28:
            guard ndo.has(cp, 16) else { throw Truncated() }
            ndo.out.append(" "); printer.printIPv6Host(&ndo, at: cp)
        case 2, 5, 12, 39:
            ndo.out.append(" ")
            guard try printName(&ndo, at: cp) != nil else { return nil }
        case 6:
            guard verbosity > 0 else { break }
            ndo.out.append(" ")
            guard var next = try printName(&ndo, at: cp) else { return nil }
            ndo.out.append(" ")
            guard let after = try printName(&ndo, at: next) else { return nil }
            next = after
            guard ndo.has(next, 20) else { throw Truncated() }
            for i in 0..<5 { ndo.out.append(" "); ndo.out.appendDecimal(b.u32(next + 4 * i)!) }
        case 15:
            ndo.out.append(" ")
            guard ndo.has(cp, 2) else { throw Truncated() }
            guard try printName(&ndo, at: cp + 2) != nil else { return nil }
            ndo.out.append(" "); ndo.out.appendDecimal(UInt32(b.u16(cp)!))
        case 16:
            var q = cp
            while q < end {
                ndo.out.append(" \"")
                guard ndo.has(q, 1) else { throw Truncated() }
                let n = Int(b[q])
                guard ndo.has(q + 1, n) else { ndo.printEscaped(from: q + 1, count: ndo.snapEnd - q - 1); throw Truncated() }
                ndo.printEscaped(from: q + 1, count: n)
                ndo.out.append("\"")
                q += 1 + n
            }
        case 33:
            ndo.out.append(" ")
            guard ndo.has(cp, 6) else { throw Truncated() }
            guard try printName(&ndo, at: cp + 6) != nil else { return nil }
            ndo.out.append(":"); ndo.out.appendDecimal(UInt32(b.u16(cp + 4)!))
            ndo.out.append(" "); ndo.out.appendDecimal(UInt32(b.u16(cp)!))
            ndo.out.append(" "); ndo.out.appendDecimal(UInt32(b.u16(cp + 2)!))
        case 41:
            ndo.out.append(" UDPsize="); ndo.out.appendDecimal(UInt32(rawClass))
            if optFlags & 0x8000 != 0 { ndo.out.append(" DO") }
            if cp < end {
                ndo.out.append(" [")
                var q = cp
                while q < end {
                    let next = try printEDNSOption(&ndo, at: q)
                    q = next
                    if q < end { ndo.out.append(",") }
                }
                ndo.out.append("]")
            }
        default:
            break
        }
        return end
    }

    /// One EDNS option: its name, then what tcpdump shows of it (a cookie in hex, the
    /// size of padding).
    func printEDNSOption(_ ndo: inout PrintContext, at p: Int) throws -> Int {
        guard ndo.has(p, 4) else { throw Truncated() }
        let code = ndo.bytes.u16(p)!, length = Int(ndo.bytes.u16(p + 2)!)
        ndo.out.append(Self.ednsOptionName(code) ?? "")
        if Self.ednsOptionName(code) == nil { ndo.out.append("Opt"); ndo.out.appendDecimal(UInt32(code)) }
        let data = p + 4
        guard ndo.has(data, length) else { throw Truncated() }
        if length > 0 {
            ndo.out.append(" ")
            switch code {
            case 10:
                if length < 8 || (length > 8 && length < 16) || length > 40 {
                    ndo.out.append(" (invalid)")
                } else {
                    for i in 0..<length {
                        if i == 8 { ndo.out.append(" ") }
                        ndo.out.appendHexByte(ndo.bytes[data + i])
                    }
                }
            case 12:
                ndo.out.append("("); ndo.out.appendDecimal(length); ndo.out.append(")")
            case 11:
                if length == 2 {
                    let v = ndo.bytes.u16(data)!
                    ndo.out.appendDecimal(UInt32(v / 10)); ndo.out.append("."); ndo.out.appendDecimal(UInt32(v % 10)); ndo.out.append(" sec")
                } else { ndo.out.append(" (invalid)") }
            default:
                for i in 0..<length { ndo.out.appendHexByte(ndo.bytes[data + i]) }
            }
        }
        return data + length
    }

    // MARK: - Names

    /// The end of the name at `p` (just after it), without printing it; nil when it runs
    /// off the capture (tcpdump's ns_nskip checks rather than longjmps).
    func skipName(_ ndo: PrintContext, at start: Int) throws -> Int? {
        var p = start
        while true {
            guard ndo.has(p, 1) else { return nil }
            let n = ndo.bytes[p]
            if n & 0xC0 == 0xC0 { return p + 2 }
            if n & 0xC0 != 0 {
                guard n == 0x41, ndo.has(p + 1, 1) else { return nil }
                let bits = Int(ndo.bytes[p + 1]) == 0 ? 256 : Int(ndo.bytes[p + 1])
                p += 2 + (bits + 7) / 8
                continue
            }
            if n == 0 { return p + 1 }
            p += 1 + Int(n)
        }
    }

    /// Prints `www.example.test.` (or `.` for the root); returns where the name ends in
    /// the record (after the first pointer, if any). Pointers must point backwards, so a
    /// loop cannot hang the printer.
    func printName(_ ndo: inout PrintContext, at start: Int) throws -> Int? {
        var p = start
        var end: Int?
        var limit = p  // a pointer must point before the label that holds it
        // A missing length byte ends the name quietly (tcpdump's labellen returns -1).
        guard ndo.has(p, 1) else { return nil }
        if ndo.bytes[p] == 0 { ndo.out.append("."); return p + 1 }
        while true {
            guard ndo.has(p, 1) else { return nil }
            let n = ndo.bytes[p]
            if n & 0xC0 == 0xC0 {
                guard ndo.has(p + 1, 1) else { throw Truncated() }
                if end == nil { end = p + 2 }
                let target = message + Int(UInt16(n & 0x3F) << 8 | UInt16(ndo.bytes[p + 1]))
                if target >= limit { ndo.out.append("<BAD PTR>"); return nil }
                p = target
                limit = target
                continue
            }
            if n & 0xC0 != 0 {
                ndo.out.append("<ELT "); ndo.out.appendDecimal(UInt32(n & 0x3F)); ndo.out.append(">")
                return nil
            }
            if n == 0 { return end ?? p + 1 }
            let count = Int(n)
            guard ndo.has(p + 1, count) else {
                ndo.printEscaped(from: p + 1, count: max(0, ndo.snapEnd - p - 1))
                throw Truncated()
            }
            ndo.printEscaped(from: p + 1, count: count)
            ndo.out.append(".")
            p += 1 + count
        }
    }

    // MARK: - Names of numbers

    static func opcodeName(_ opcode: Int) -> StaticString {
        switch opcode {
        case 0: return ""
        case 1: return " inv_q"
        case 2: return " stat"
        case 3: return " op3"
        case 4: return " notify"
        case 5: return " update"
        case 6: return " op6"
        case 7: return " op7"
        case 8: return " op8"
        case 9: return " updateA"
        case 10: return " updateD"
        case 11: return " updateDA"
        case 12: return " updateM"
        case 13: return " updateMA"
        case 14: return " zoneInit"
        default: return " zoneRef"
        }
    }

    static func rcodeName(_ rcode: Int) -> StaticString {
        switch rcode {
        case 0: return ""
        case 1: return " FormErr"
        case 2: return " ServFail"
        case 3: return " NXDomain"
        case 4: return " NotImp"
        case 5: return " Refused"
        case 6: return " YXDomain"
        case 7: return " YXRRSet"
        case 8: return " NXRRSet"
        case 9: return " NotAuth"
        case 10: return " NotZone"
        case 11: return " Resp11"
        case 12: return " Resp12"
        case 13: return " Resp13"
        case 14: return " Resp14"
        default: return " NoChange"
        }
    }

    static func printType(_ ndo: inout PrintContext, _ type: UInt16) {
        let name: StaticString
        switch type {
        case 1: name = "A"
        case 2: name = "NS"
        case 5: name = "CNAME"
        case 6: name = "SOA"
        case 12: name = "PTR"
        case 13: name = "HINFO"
        case 15: name = "MX"
        case 16: name = "TXT"
        case 28: name = "AAAA"
        case 33: name = "SRV"
        case 35: name = "NAPTR"
        case 39: name = "DNAME"
        case 41: name = "OPT"
        case 43: name = "DS"
        case 46: name = "RRSIG"
        case 47: name = "NSEC"
        case 48: name = "DNSKEY"
        case 50: name = "NSEC3"
        case 64: name = "SVCB"
        case 65: name = "HTTPS"
        case 99: name = "SPF"
        case 251: name = "IXFR"
        case 252: name = "AXFR"
        case 255: name = "ANY"
        case 257: name = "CAA"
        default: ndo.out.append("Type"); ndo.out.appendDecimal(UInt32(type)); return
        }
        ndo.out.append(name)
    }

    static func printClass(_ ndo: inout PrintContext, _ cls: UInt16) {
        switch cls {
        case 1: ndo.out.append("IN")
        case 3: ndo.out.append("CHAOS")
        case 4: ndo.out.append("HS")
        case 255: ndo.out.append("ANY")
        default: ndo.out.append("(Class "); ndo.out.appendDecimal(UInt32(cls)); ndo.out.append(")")
        }
    }

    static func ednsOptionName(_ code: UInt16) -> StaticString? {
        switch code {
        case 1: return "LLQ"
        case 2: return "UL"
        case 3: return "NSID"
        case 5: return "DAU"
        case 6: return "DHU"
        case 7: return "N3U"
        case 8: return "ECS"
        case 9: return "EXPIRE"
        case 10: return "COOKIE"
        case 11: return "KEEPALIVE"
        case 12: return "PADDING"
        case 13: return "CHAIN"
        case 14: return "KEY-TAG"
        case 16: return "CLIENT-TAG"
        case 17: return "SERVER-TAG"
        default: return nil
        }
    }
}

extension PrintContext {
    /// Bytes as tcpdump's fn_print_char shows them: `M-` before a byte with the high bit,
    /// `^X` for a control character, so no packet byte reaches the terminal raw.
    func printEscaped(from p: Int, count: Int) {
        guard count > 0 else { return }
        for i in p..<(p + count) {
            var c = bytes[i]
            if c & 0x80 != 0 { out.append("M-"); c &= 0x7F }
            if c < 0x20 || c == 0x7F { out.append("^"); out.append(c ^ 0x40) } else { out.append(c) }
        }
    }
}
