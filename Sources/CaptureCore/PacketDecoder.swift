import NetworkTypes

/// The TCP options a learner meets on loopback, decoded.
public struct TCPOptions: Hashable, Sendable {
    public var maximumSegmentSize: UInt16?
    public var windowScale: UInt8?
    public var sackPermitted = false
    public var timestampValue: UInt32?
    public var timestampEcho: UInt32?
    public var sackBlocks = 0
    /// The option bytes did not parse (bad length) or were cut short.
    public var malformed = false
    public init() {}
}

/// The TCP header fields.
public struct TCPHeader: Hashable, Sendable {
    public var sequence: UInt32
    public var acknowledgment: UInt32
    public var flags: TCPFlags
    public var window: UInt16
    public var urgentPointer: UInt16
    public var headerLength: Int
    public var options: TCPOptions
}

/// An ARP request or reply for IPv4 over Ethernet: who asks for which address, or who
/// answers with which hardware address.
public struct ARPMessage: Hashable, Sendable {
    /// 1 request, 2 reply.
    public var operation: UInt16
    public var senderMAC: MACAddress
    public var senderAddress: IPAddress
    public var targetAddress: IPAddress

    init?(_ b: PacketBytes, at p: Int) {
        guard b.has(p, 28), b.u16(p) == 1, b.u16(p + 2) == 0x0800, b[p + 4] == 6, b[p + 5] == 4,
              let mac = MACAddress(b, at: p + 8), let sender = b.u32(p + 14), let target = b.u32(p + 24) else { return nil }
        operation = b.u16(p + 6)!
        senderMAC = mac
        senderAddress = IPAddress(ipv4: sender)
        targetAddress = IPAddress(ipv4: target)
    }
}

/// One packet taken apart: who sent it to whom, which protocol, the TCP details and
/// where the application bytes are. Pure values, no allocation.
public struct DecodedPacket: Hashable, Sendable {
    public enum Network: Hashable, Sendable { case none, ipv4, ipv6 }
    public enum Transport: Hashable, Sendable { case none, tcp, udp, icmp, icmpv6, other(UInt8) }
    /// Direction from a Linux cooked (SLL/SLL2) header.
    public enum LinkDirection: Hashable, Sendable { case incoming, outgoing, other }

    public var linkHeaderLength = 0
    public var linkDirection: LinkDirection?
    public var network: Network = .none
    public var source: IPAddress?
    public var destination: IPAddress?
    public var ipProtocol: UInt8?
    public var hopLimit: UInt8?
    /// A fragment other than the first: no transport header inside.
    public var isLaterFragment = false
    public var transport: Transport = .none
    public var sourcePort: UInt16?
    public var destinationPort: UInt16?
    public var tcp: TCPHeader?
    public var icmpType: UInt8?
    public var icmpCode: UInt8?
    /// Application bytes announced by the headers (may be more than were captured).
    public var payloadLength = 0
    /// Where the captured application bytes are in the packet.
    public var payload: Range<Int> = 0..<0
    /// Some header was cut short by the snapshot length.
    public var truncated = false
    /// A header field was impossible (bad lengths, wrong version).
    public var malformed = false
    /// An Ethernet ARP message for IPv4, when the frame carried one.
    public var arp: ARPMessage?

    public init() {}

    /// True when `port` is either end of the packet.
    public func involves(port: UInt16) -> Bool { sourcePort == port || destinationPort == port }
}

/// Takes captured bytes apart into a ``DecodedPacket`` for the pane (colours, selection)
/// and the ``PacketExplainer``. Never traps: every read is bounds-checked, and what was not
/// captured is reported as `truncated`.
public enum PacketDecoder {
    public static func decode(_ packet: UnsafeRawBufferPointer, linkType: LinkType) -> DecodedPacket {
        let b = PacketBytes(packet)
        var d = DecodedPacket()
        var p = 0
        var etherType: UInt16 = 0
        switch linkType {
        case .ethernet:
            guard let t = b.u16(12) else { d.truncated = true; return d }
            etherType = t; p = 14
            while etherType == 0x8100 || etherType == 0x88A8 || etherType == 0x9100 || etherType == 0x9200 {
                guard let inner = b.u16(p + 2) else { d.truncated = true; return d }
                etherType = inner; p += 4
            }
        case .bsdLoopback, .openBSDLoopback:
            guard var family = b.u32LittleEndian(0) else { d.truncated = true; return d }
            if family & 0xFFFF_0000 != 0 { family = family.byteSwapped }
            p = 4
            etherType = family == 2 ? 0x0800 : (family == 24 || family == 28 || family == 30) ? 0x86DD : 0
        case .linuxCooked, .linuxCooked2:
            let v1 = linkType == .linuxCooked
            guard b.has(0, v1 ? 16 : 20) else { d.truncated = true; return d }
            etherType = v1 ? b.u16(14)! : b.u16(0)!
            let type = v1 ? b.u16(0)! : UInt16(b[10])
            d.linkDirection = type == 4 ? .outgoing : type == 0 ? .incoming : .other
            p = v1 ? 16 : 20
        case .rawIP:
            guard let v = b.u8(0) else { d.truncated = true; return d }
            etherType = v >> 4 == 4 ? 0x0800 : v >> 4 == 6 ? 0x86DD : 0
        case .rawIPv4: etherType = 0x0800
        case .rawIPv6: etherType = 0x86DD
        case .nflog:
            guard let start = NFLOG.payloadOffset(b) else { d.truncated = true; return d }
            etherType = b[0] == 2 ? 0x0800 : b[0] == 10 ? 0x86DD : 0
            p = start
        case .unsupported: return d
        }
        d.linkHeaderLength = p
        switch etherType {
        case 0x0800: decodeIPv4(b, at: p, into: &d)
        case 0x86DD: decodeIPv6(b, at: p, into: &d)
        case 0x0806: d.arp = ARPMessage(b, at: p)
        default: break
        }
        return d
    }

    private static func decodeIPv4(_ b: PacketBytes, at p: Int, into d: inout DecodedPacket) {
        d.network = .ipv4
        guard b.has(p, 20) else { d.truncated = true; return }
        guard b[p] >> 4 == 4 else { d.malformed = true; return }
        let headerLength = Int(b[p] & 0x0F) * 4
        let total = Int(b.u16(p + 2)!)
        d.source = b.ipv4(p + 12)
        d.destination = b.ipv4(p + 16)
        d.ipProtocol = b[p + 9]
        d.hopLimit = b[p + 8]
        guard headerLength >= 20, total >= headerLength else { d.malformed = true; return }
        if b.u16(p + 6)! & 0x1FFF != 0 { d.isLaterFragment = true; return }
        let end = min(b.count, p + total)
        decodeTransport(b, protocol: b[p + 9], at: p + headerLength, length: total - headerLength, end: end, into: &d)
    }

    private static func decodeIPv6(_ b: PacketBytes, at p: Int, into d: inout DecodedPacket) {
        d.network = .ipv6
        guard b.has(p, 40) else { d.truncated = true; return }
        guard b[p] >> 4 == 6 else { d.malformed = true; return }
        d.source = b.ipv6(p + 8)
        d.destination = b.ipv6(p + 24)
        d.hopLimit = b[p + 7]
        var next = b[p + 6]
        var length = Int(b.u16(p + 4)!)
        let end = min(b.count, p + 40 + length)
        var cp = p + 40
        // Skip extension headers (hop-by-hop, routing, fragment, destination options).
        for _ in 0..<8 {
            switch next {
            case 0, 43, 60:
                guard let n = b.u8(cp), let l = b.u8(cp + 1) else { d.truncated = true; d.ipProtocol = next; return }
                let size = (Int(l) + 1) * 8
                next = n; cp += size; length -= size
            case 44:
                guard let n = b.u8(cp), let off = b.u16(cp + 2) else { d.truncated = true; d.ipProtocol = next; return }
                if off & 0xFFF8 != 0 { d.ipProtocol = n; d.isLaterFragment = true; return }
                next = n; cp += 8; length -= 8
            default:
                d.ipProtocol = next
                if length < 0 { d.malformed = true; return }
                decodeTransport(b, protocol: next, at: cp, length: length, end: end, into: &d)
                return
            }
        }
        d.ipProtocol = next
        d.malformed = true
    }

    private static func decodeTransport(_ b: PacketBytes, protocol ipProtocol: UInt8, at p: Int, length: Int, end: Int,
                                        into d: inout DecodedPacket) {
        func setPayload(_ start: Int, _ count: Int) {
            d.payloadLength = max(0, count)
            let lo = min(max(start, 0), end), hi = min(max(start + max(0, count), lo), end)
            d.payload = lo..<hi
            if start + count > end { d.truncated = true }
        }
        switch ipProtocol {
        case 6:
            d.transport = .tcp
            guard let sport = b.u16(p), let dport = b.u16(p + 2) else { d.truncated = true; return }
            d.sourcePort = sport; d.destinationPort = dport
            guard b.has(p, 20), p + 20 <= end else { d.truncated = true; return }
            let headerLength = Int(b[p + 12] >> 4) * 4
            var header = TCPHeader(sequence: b.u32(p + 4)!, acknowledgment: b.u32(p + 8)!,
                                   flags: TCPFlags(rawValue: b[p + 13]), window: b.u16(p + 14)!,
                                   urgentPointer: b.u16(p + 18)!, headerLength: headerLength, options: TCPOptions())
            guard headerLength >= 20, headerLength <= length else { d.malformed = true; d.tcp = header; return }
            header.options = decodeTCPOptions(b, from: p + 20, to: p + headerLength, end: end)
            d.tcp = header
            setPayload(p + headerLength, length - headerLength)
        case 17:
            d.transport = .udp
            guard let sport = b.u16(p), let dport = b.u16(p + 2) else { d.truncated = true; return }
            d.sourcePort = sport; d.destinationPort = dport
            guard let ulen = b.u16(p + 4) else { d.truncated = true; return }
            guard ulen >= 8 else { d.malformed = true; return }
            setPayload(p + 8, min(Int(ulen), length) - 8)
        case 1, 58:
            d.transport = ipProtocol == 1 ? .icmp : .icmpv6
            guard let type = b.u8(p), let code = b.u8(p + 1) else { d.truncated = true; return }
            d.icmpType = type; d.icmpCode = code
            setPayload(p + 8, length - 8)
        default:
            d.transport = .other(ipProtocol)
            setPayload(p, length)
        }
    }

    private static func decodeTCPOptions(_ b: PacketBytes, from start: Int, to stop: Int, end: Int) -> TCPOptions {
        var o = TCPOptions()
        var cp = start
        while cp < stop {
            guard cp < end, let kind = b.u8(cp) else { o.malformed = true; break }
            if kind == 0 { break }
            if kind == 1 { cp += 1; continue }
            guard let len8 = b.u8(cp + 1), len8 >= 2, cp + Int(len8) <= stop else { o.malformed = true; break }
            let len = Int(len8)
            guard cp + len <= end else { o.malformed = true; break }
            switch (kind, len) {
            case (2, 4): o.maximumSegmentSize = b.u16(cp + 2)
            case (3, 3): o.windowScale = b[cp + 2]
            case (4, 2): o.sackPermitted = true
            case (8, 10): o.timestampValue = b.u32(cp + 2); o.timestampEcho = b.u32(cp + 6)
            case (5, _): o.sackBlocks = (len - 2) / 8
            default: break
            }
            cp += len
        }
        return o
    }
}
