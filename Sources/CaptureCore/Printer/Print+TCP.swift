// TCP headers and relative sequence numbers, as tcpdump's print-tcp.c.

extension TcpdumpPrinter {
    mutating func printTCP(_ ndo: inout PrintContext, at p: Int, length: Int, ip: Carrier, fragmented: Bool = false) throws {
        ndo.protocolName = "tcp"
        guard ndo.has(p + 2, 2) else {
            printAddressPair(&ndo, ip); ndo.out.append(":")
            ndo.printTruncationMarker()
            return
        }
        let sport = ndo.bytes.u16(p)!, dport = ndo.bytes.u16(p + 2)!
        if ip.nextHeader == 6 {
            if ip.isIPv6 { printIPv6Host(&ndo, at: ip.start + 8) } else { printIPv4Host(&ndo, at: ip.start + 12) }
            ndo.out.append(0x2E); printTCPPort(&ndo, sport); ndo.out.append(" > ")
            if ip.isIPv6 { printIPv6Host(&ndo, at: ip.start + 24) } else { printIPv4Host(&ndo, at: ip.start + 16) }
            ndo.out.append(0x2E); printTCPPort(&ndo, dport); ndo.out.append(": ")
        } else {
            printTCPPort(&ndo, sport); ndo.out.append(" > "); printTCPPort(&ndo, dport); ndo.out.append(": ")
        }
        guard ndo.has(p, 20) else { ndo.printTruncationMarker(); return }
        var headerLength = Int(ndo.bytes[p + 12] >> 4) * 4
        if headerLength < 20 {
            ndo.out.append(" tcp "); ndo.out.appendDecimal(UInt32(truncatingIfNeeded: length - headerLength))
            ndo.out.append(" [bad hdr length "); ndo.out.appendDecimal(headerLength); ndo.out.append(" - too short, < 20]")
            return
        }
        if options.quiet {
            ndo.out.append("tcp "); ndo.out.appendDecimal(UInt32(truncatingIfNeeded: length - headerLength))
            if headerLength > length {
                ndo.out.append(" [bad hdr length "); ndo.out.appendDecimal(headerLength); ndo.out.append(" - too long, > "); ndo.out.appendDecimal(length); ndo.out.append("]")
            }
            return
        }
        var seq = ndo.bytes.u32(p + 4)!, ack = ndo.bytes.u32(p + 8)!
        let window = ndo.bytes.u16(p + 14)!, urgent = ndo.bytes.u16(p + 18)!
        let flags = ndo.bytes[p + 13]
        ndo.out.append("Flags [")
        if flags == 0 {
            ndo.out.append("none")
        } else {
            if flags & 0x01 != 0 { ndo.out.append(0x46) }  // F
            if flags & 0x02 != 0 { ndo.out.append(0x53) }  // S
            if flags & 0x04 != 0 { ndo.out.append(0x52) }  // R
            if flags & 0x08 != 0 { ndo.out.append(0x50) }  // P
            if flags & 0x10 != 0 { ndo.out.append(0x2E) }  // .
            if flags & 0x20 != 0 { ndo.out.append(0x55) }  // U
            if flags & 0x40 != 0 { ndo.out.append(0x45) }  // E
            if flags & 0x80 != 0 { ndo.out.append(0x57) }  // W
        }
        ndo.out.append("]")
        var reversed = false
        var baseSeq: UInt32 = 0, baseAck: UInt32 = 0
        if flags & 0x10 != 0 && options.absoluteSequenceNumbers {
            lastSequenceNumbers = SequenceNumbersShown(sequence: seq, acknowledgment: ack, relative: false)
        } else if flags & 0x10 != 0 {
            var relative = false
            (reversed, baseSeq, baseAck, relative) = relativize(&ndo, ip: ip, sport: sport, dport: dport, flags: flags, seq: &seq, ack: &ack)
            lastSequenceNumbers = SequenceNumbersShown(sequence: seq, acknowledgment: ack, relative: relative)
        }
        if headerLength > length {
            ndo.out.append(" [bad hdr length "); ndo.out.appendDecimal(headerLength); ndo.out.append(" - too long, > "); ndo.out.appendDecimal(length); ndo.out.append("]")
            return
        }
        if options.verbosity > 0 && !fragmented,
           let sum = ndo.transportChecksum(at: p, length: length, ip: ip.start, isIPv6: ip.isIPv6, protocolNumber: 6) {
            let field = ndo.bytes.u16(p + 16)!
            ndo.out.append(", cksum 0x"); ndo.appendHex16(field)
            if sum != 0 {
                ndo.out.append(" (incorrect -> 0x"); ndo.appendHex16(ndo.checksumShouldBe(field, sum)); ndo.out.append(")")
            } else {
                ndo.out.append(" (correct)")
            }
        }
        let payload = length - headerLength
        if options.verbosity > 1 || payload > 0 || flags & 0x07 != 0 {
            ndo.out.append(", seq "); ndo.out.appendDecimal(seq)
            if payload > 0 { ndo.out.append(":"); ndo.out.appendDecimal(seq &+ UInt32(truncatingIfNeeded: payload)) }
        }
        if flags & 0x10 != 0 { ndo.out.append(", ack "); ndo.out.appendDecimal(ack) }
        ndo.out.append(", win "); ndo.out.appendDecimal(UInt32(window))
        if flags & 0x20 != 0 { ndo.out.append(", urg "); ndo.out.appendDecimal(UInt32(urgent)) }
        if headerLength > 20 {
            headerLength -= 20
            let complete = try ndo.printTCPOptions(at: p + 20, remaining: headerLength, reversed: reversed, baseSeq: baseSeq, baseAck: baseAck, tcpFlags: flags)
            if !complete { return }
        }
        ndo.out.append(", length "); ndo.out.appendDecimal(payload)
        if payload == 0 { return }
        let dataStart = p + Int(ndo.bytes[p + 12] >> 4) * 4
        if sport == 23 || dport == 23 {
            try ndo.printTelnet(at: dataStart, length: payload)
        } else if sport == 22 || dport == 22 {
            try ndo.printSSHBanner(at: dataStart, length: payload)
        } else if sport == 53 || dport == 53 {
            try printDNSOverTCP(&ndo, at: dataStart, length: payload)
        } else if (sport == 80 || dport == 80 || sport == 8080 || dport == 8080) {
            ndo.out.append(": ")
            try ndo.printHTTPSummary(at: dataStart, length: payload, verbose: options.verbosity > 0)
        }
    }

    /// tcpdump's relative sequence numbers: the first packet with ACK set in a
    /// conversation (or any SYN) records the base; later ones print offsets from it.
    /// Returns whether the conversation is reversed, its base, and whether `seq` and
    /// `ack` were made relative (false for the packet that records the base).
    mutating func relativize(_ ndo: inout PrintContext, ip: Carrier, sport: UInt16, dport: UInt16, flags: UInt8,
                            seq: inout UInt32, ack: inout UInt32) -> (Bool, UInt32, UInt32, Bool) {
        let isSyn = flags & 0x02 != 0
        if ip.isIPv6 {
            let src = ndo.bytes.ipv6(ip.start + 8)!, dst = ndo.bytes.ipv6(ip.start + 24)!
            let sh = src.high, sl = src.low, dh = dst.high, dl = dst.low
            var rev = sport > dport
            if sport == dport { rev = (sh, sl) > (dh, dl) }
            let key = rev ? ConversationKey6(srcHi: dh, srcLo: dl, dstHi: sh, dstLo: sl, ports: UInt32(dport) << 16 | UInt32(sport))
                          : ConversationKey6(srcHi: sh, srcLo: sl, dstHi: dh, dstLo: dl, ports: UInt32(sport) << 16 | UInt32(dport))
            let (base, relative) = SequenceBase.applyBase(in: &conversations6, key: key, reversed: rev, isSyn: isSyn,
                                                  limit: maxConversations, seq: &seq, ack: &ack)
            return (rev, base.seq, base.ack, relative)
        } else {
            let src = ndo.bytes.u32(ip.start + 12)!, dst = ndo.bytes.u32(ip.start + 16)!
            var rev = sport > dport
            if sport == dport { rev = src > dst }
            let key = rev ? ConversationKey4(src: dst, dst: src, ports: UInt32(dport) << 16 | UInt32(sport))
                          : ConversationKey4(src: src, dst: dst, ports: UInt32(sport) << 16 | UInt32(dport))
            let (base, relative) = SequenceBase.applyBase(in: &conversations4, key: key, reversed: rev, isSyn: isSyn,
                                                  limit: maxConversations, seq: &seq, ack: &ack)
            return (rev, base.seq, base.ack, relative)
        }
    }
}

struct ConversationKey4: Hashable {
    var src: UInt32
    var dst: UInt32
    var ports: UInt32
}

struct ConversationKey6: Hashable {
    var srcHi: UInt64, srcLo: UInt64, dstHi: UInt64, dstLo: UInt64
    var ports: UInt32
}

/// The seq and ack of one TCP packet as tcpdump printed them: counted from the start of
/// the connection once tcpdump has seen its first packet, the numbers on the wire before.
public struct SequenceNumbersShown: Hashable, Sendable {
    public var sequence: UInt32
    public var acknowledgment: UInt32
    /// The numbers count from the connection's start (tcpdump's relative numbers).
    public var relative: Bool
}

struct SequenceBase: Hashable {
    var seq: UInt32
    var ack: UInt32

    /// One conversation table's step, for IPv4 and IPv6 keys alike: a known conversation
    /// makes `seq` and `ack` relative to its base; a new one (or a SYN) records the base,
    /// the table forgotten whole when it reaches `limit`, as tcpdump's is bounded.
    @inline(__always)
    static func applyBase<Key: Hashable>(in table: inout [Key: SequenceBase], key: Key, reversed: Bool, isSyn: Bool,
                                         limit: Int, seq: inout UInt32, ack: inout UInt32) -> (SequenceBase, Bool) {
        if !isSyn, let found = table[key] {
            if reversed { seq &-= found.ack; ack &-= found.seq } else { seq &-= found.seq; ack &-= found.ack }
            return (found, true)
        }
        let base = reversed ? SequenceBase(seq: ack &- 1, ack: seq) : SequenceBase(seq: seq, ack: ack &- 1)
        if table.count >= limit { table.removeAll() }
        table[key] = base
        return (base, false)
    }
}
