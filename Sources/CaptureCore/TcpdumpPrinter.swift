import SafeText

/// A printer quit because the packet ended early (tcpdump's `nd_trunc_longjmp`).
private struct Truncated: Error {}

/// Prints packets line for line as tcpdump 4.99 does with the same flags.
///
/// It walks the bytes in the order tcpdump's printers do, so that a packet cut short by
/// the snapshot length, or a malformed one, ends with the same marker (`[|tcp]`,
/// `bad-hlen 16`, `[bad opt]`...) at the same place. It is stateful like tcpdump: TCP
/// sequence numbers are shown relative to the first packet of each conversation.
///
/// Output is printable ASCII, newline and (only with `-A`, as tcpdump) tab by
/// construction: packet bytes are shown as `.` unless printable, and names from files are
/// filtered when loaded.
// @unchecked: `out` is a scratch buffer refilled for every packet, and a printer is only
// used on one thread at a time (the run loop's, inside the app model).
public struct TcpdumpPrinter: @unchecked Sendable {
    public let linkType: LinkType
    public var options: PrintOptions
    public var names: NameTable
    /// The machine's time zone and interface names, read at the edge.
    public var host: HostFacts
    /// Conversations remembered for relative sequence numbers; the table is cleared when it
    /// grows past this, so a long-running pane cannot grow without bound.
    public var maxConversations = 1 << 18

    private var conversations4: [ConversationKey4: SequenceBase] = [:]
    private var conversations6: [ConversationKey6: SequenceBase] = [:]
    private var clockSecond: Int64 = .min
    private var clock: UInt64 = 0  // "HH:MM:SS" packed
    /// The seq and ack printed for the last packet, when it was TCP with ACK set.
    public private(set) var lastSequenceNumbers: SequenceNumbersShown?

    // Per-packet state, the equivalent of tcpdump's netdissect_options.
    private var b = PacketBytes(UnsafeRawBufferPointer(start: nil, count: 0))
    private var snapEnd = 0
    private var proto: StaticString = ""
    private var out = OutputBuffer(capacity: 64)

    public init(linkType: LinkType, options: PrintOptions = PrintOptions(), names: NameTable = .numeric,
                host: HostFacts = HostFacts()) {
        self.linkType = linkType
        self.host = host
        self.options = options
        self.names = options.numeric ? .numeric : names
    }

    /// Forgets every conversation, as a fresh tcpdump would.
    public mutating func reset() {
        conversations4.removeAll()
        conversations6.removeAll()
    }

    /// Appends the text for one packet: a summary line, then the `-A`/`-X` lines, each
    /// ending in a newline.
    public mutating func print(_ packet: UnsafeRawBufferPointer, header: PacketHeader, to out: OutputBuffer) {
        self.out = out
        let start = out.count
        printPacket(packet, header: header)
        if options.expandTabs { expandTabs(from: start) }
    }

    /// The text for one packet as lines without their newlines (for the pane).
    public mutating func lines(_ packet: UnsafeRawBufferPointer, header: PacketHeader) -> [String] {
        let buffer = OutputBuffer(capacity: 256)
        print(packet, header: header, to: buffer)
        return buffer.string.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
    }

    // MARK: - Packet

    private static let maximumSnaplen = 262144

    private mutating func printPacket(_ packet: UnsafeRawBufferPointer, header: PacketHeader) {
        lastSequenceNumbers = nil
        let caplen = min(header.capturedLength, packet.count)
        let length = header.wireLength
        var invalid = false
        func note(_ text: StaticString, _ out: OutputBuffer) {
            if !invalid { invalid = true; out.append("[Invalid header:") } else { out.append(",") }
            out.append(text)
        }
        if caplen == 0 { invalid = true; out.append("[Invalid header: caplen==0") }
        if length == 0 {
            note(" len==0", out)
        } else if length < caplen {
            note(" len(", out); out.appendDecimal(length); out.append(") < caplen("); out.appendDecimal(caplen); out.append(")")
        }
        if caplen > Self.maximumSnaplen {
            note(" caplen(", out); out.appendDecimal(caplen); out.append(") > "); out.appendDecimal(Self.maximumSnaplen)
        }
        if length > Self.maximumSnaplen {
            note(" len(", out); out.appendDecimal(length); out.append(") > "); out.appendDecimal(Self.maximumSnaplen)
        }
        if invalid { out.append("]\n"); return }

        if options.timestamps { printTimestamp(header) }

        b = PacketBytes(UnsafeRawBufferPointer(rebasing: packet[0..<caplen]))
        snapEnd = caplen
        proto = ""
        var linkHeaderLength: Int
        do {
            linkHeaderLength = try printLink(length: length, caplen: caplen)
        } catch {
            printTruncationMarker()
            linkHeaderLength = 0
        }
        snapEnd = caplen
        switch options.bytes {
        case .none: break
        case .ascii:
            if caplen > linkHeaderLength { printASCII(from: linkHeaderLength, to: caplen) }
        case .hexAndASCII:
            if caplen > linkHeaderLength { printHexAndASCII(from: linkHeaderLength, to: caplen, indent: true) }
        }
        out.append(0x0A)
        b = PacketBytes(UnsafeRawBufferPointer(start: nil, count: 0))
    }

    private mutating func printTimestamp(_ header: PacketHeader) {
        if header.seconds != clockSecond {
            clockSecond = header.seconds
            // tcpdump prints local time; the offset from UTC was read at the edge (HostFacts).
            let local = header.seconds + Int64(host.secondsEastOfUTC)
            let secondOfDay = Int(((local % 86400) + 86400) % 86400)
            let (hour, minute, second) = (secondOfDay / 3600, secondOfDay / 60 % 60, secondOfDay % 60)
            var packed: UInt64 = 0
            let bytes: [UInt8] = [
                0x30 + UInt8(hour / 10), 0x30 + UInt8(hour % 10), 0x3A,
                0x30 + UInt8(minute / 10), 0x30 + UInt8(minute % 10), 0x3A,
                0x30 + UInt8(second / 10), 0x30 + UInt8(second % 10),
            ]
            for (i, byte) in bytes.enumerated() { packed |= UInt64(byte) << (8 * UInt64(i)) }
            clock = packed
        }
        var packed = clock
        out.withTail(reserving: 8) { p in
            for i in 0..<8 { p[i] = UInt8(truncatingIfNeeded: packed); packed >>= 8 }
            return 8
        }
        out.append(0x2E)
        out.appendDecimal(header.microseconds, width: 6)
        out.append(0x20)
    }

    private mutating func printTruncationMarker() {
        out.append(" [|")
        out.append(proto)
        out.append("]")
    }

    // MARK: - Bounds

    @inline(__always) private func has(_ offset: Int, _ n: Int) -> Bool {
        offset >= 0 && n >= 0 && offset <= snapEnd && snapEnd - offset >= n
    }

    @inline(__always) private func get8(_ offset: Int) throws -> UInt8 {
        guard has(offset, 1) else { throw Truncated() }
        return b[offset]
    }

    @inline(__always) private func get16(_ offset: Int) throws -> UInt16 {
        guard has(offset, 2) else { throw Truncated() }
        return UInt16(b[offset]) << 8 | UInt16(b[offset + 1])
    }

    @inline(__always) private func get32(_ offset: Int) throws -> UInt32 {
        guard has(offset, 4) else { throw Truncated() }
        return UInt32(b[offset]) << 24 | UInt32(b[offset + 1]) << 16 | UInt32(b[offset + 2]) << 8 | UInt32(b[offset + 3])
    }

    /// Shrinks the captured range to the end of the IP packet (tcpdump's nd_push_snaplen).
    private mutating func limitSnapshot(start: Int, length: Int) {
        if start + length < snapEnd { snapEnd = start + length }
    }

    // MARK: - Link layer

    private mutating func printLink(length: Int, caplen: Int) throws -> Int {
        switch linkType {
        case .ethernet: return try printEthernet(length: length, caplen: caplen)
        case .bsdLoopback, .openBSDLoopback: return try printBSDLoopback(length: length, caplen: caplen)
        case .linuxCooked: return try printLinuxCooked(version: 1, length: length, caplen: caplen)
        case .linuxCooked2: return try printLinuxCooked(version: 2, length: length, caplen: caplen)
        case .rawIP:
            proto = "raw"
            try printIPAnyVersion(at: 0, length: length)
            return 0
        case .rawIPv4:
            try printIPv4(at: 0, length: length)
            return 0
        case .rawIPv6:
            try printIPv6(at: 0, length: length)
            return 0
        case .unsupported(let dlt):
            out.append("[unsupported link type "); out.appendDecimal(Int(dlt)); out.append("]")
            return 0
        }
    }

    private mutating func printEthernet(length: Int, caplen: Int) throws -> Int {
        proto = "ether"
        if caplen < 14 {
            printTruncationMarker()
            return caplen
        }
        var p = 14
        var length = length - 14
        var caplen = caplen - 14
        var headerLength = 14
        var type = UInt16(b[12]) << 8 | UInt16(b[13])
        while type == 0x8100 || type == 0x9100 || type == 0x9200 || type == 0x88A8 {
            if caplen < 4 { proto = "vlan"; printTruncationMarker(); return headerLength + caplen }
            if length < 4 { proto = "vlan"; printTruncationMarker(); return headerLength + length }
            type = try get16(p + 2)
            p += 4; length -= 4; caplen -= 4; headerLength += 4
        }
        let known = type > 1500 ? try printEtherType(type, at: p, length: length) : false
        if !known {
            let src = MACAddress(b, at: 6)!, dst = MACAddress(b, at: 0)!
            printMAC(src); out.append(" > "); printMAC(dst); out.append(", ")
            if type <= 1500 {
                out.append("802.3")
            } else {
                printEtherTypeName(type)
            }
            out.append(", length "); out.appendDecimal(length + headerLength); out.append(": ")
            printDefault(from: p, count: caplen)
        }
        return headerLength
    }

    /// Without -n tcpdump names the vendor (OUI) of a MAC address; only the all-zero one
    /// (loopback frames) is named here.
    private func printMAC(_ mac: MACAddress) {
        out.appendMAC(mac)
        if !options.numeric { out.append(mac.value >> 24 == 0 ? " (oui Ethernet)" : " (oui Unknown)") }
    }

    private func printEtherTypeName(_ type: UInt16) {
        out.append("ethertype ")
        switch type {
        case 0x0800: out.append("IPv4")
        case 0x0806: out.append("ARP")
        case 0x86DD: out.append("IPv6")
        case 0x8100: out.append("802.1Q")
        case 0x88CC: out.append("LLDP")
        case 0x8035: out.append("Reverse ARP")
        default: out.append("Unknown")
        }
        out.append(" (0x"); for shift in [8, 0] { out.appendHexByte(UInt8(truncatingIfNeeded: type >> UInt16(shift))) }
        out.append(")")
    }

    /// Hands the network layer to its printer; false when tcpdump would not know the type.
    private mutating func printEtherType(_ type: UInt16, at p: Int, length: Int) throws -> Bool {
        switch type {
        case 0x0800: try printIPv4(at: p, length: length); return true
        case 0x86DD: try printIPv6(at: p, length: length); return true
        default: return false
        }
    }

    /// tcpdump's default printer for payloads it cannot decode: a hex and ASCII dump,
    /// skipped when `-X` will dump the same bytes anyway.
    private mutating func printDefault(from p: Int, count: Int) {
        guard options.bytes != .hexAndASCII, count > 0 else { return }
        printHexAndASCII(from: p, to: p + count, indent: true)
    }

    private mutating func printBSDLoopback(length: Int, caplen: Int) throws -> Int {
        proto = "null"
        guard caplen >= 4 else { throw Truncated() }
        var family = b.u32LittleEndian(0)!
        if family & 0xFFFF_0000 != 0 { family = family.byteSwapped }
        switch family {
        case 2: try printIPv4(at: 4, length: length - 4)
        case 24, 28, 30: try printIPv6(at: 4, length: length - 4)
        default:
            out.append("AF ")
            switch family {
            case 7: out.append("OSI")
            case 16: out.append("Appletalk")
            case 23: out.append("IPX")
            default: out.append("Unknown")
            }
            out.append(" ("); out.appendDecimal(family); out.append("), length "); out.appendDecimal(length); out.append(": ")
            printDefault(from: 4, count: caplen - 4)
        }
        return 4
    }

    private mutating func printLinuxCooked(version: Int, length: Int, caplen: Int) throws -> Int {
        let headerLength = version == 1 ? 16 : 20
        proto = version == 1 ? "sll" : "sll2"
        guard has(0, headerLength) else { throw Truncated() }
        let packetType: UInt16 = version == 1 ? b.u16(0)! : UInt16(b[10])
        if version == 2 {
            let index = b.u32(4)!
            let name = interfaceName(index)
            out.append(name)
            if name.utf8.count < 5 { for _ in name.utf8.count..<5 { out.append(0x20) } }
            out.append(0x20)
            let typeName = Self.cookedPacketTypeName(packetType)
            out.append(typeName)
            if typeName.utf8CodeUnitCount < 3 { for _ in typeName.utf8CodeUnitCount..<3 { out.append(0x20) } }
            out.append(0x20)
        }
        let hardwareType = version == 1 ? b.u16(2)! : b.u16(8)!
        if hardwareType == 803 { return headerLength }  // radiotap inside: not decoded
        var type = version == 1 ? b.u16(14)! : b.u16(0)!
        var p = headerLength
        var length = length - headerLength
        var caplen = caplen - headerLength
        var hdr = headerLength
        while true {
            if type <= 1500 {
                printDefault(from: p, count: caplen)
                return hdr
            }
            if type == 0x8100 {
                if caplen < 4 { proto = "vlan"; printTruncationMarker(); return hdr + caplen }
                var inner = try get16(p + 2)
                if inner <= 1500 { inner = 4 }
                out.append("ethertype ")
                switch inner {
                case 0x0800: out.append("IPv4")
                case 0x86DD: out.append("IPv6")
                case 0x0806: out.append("ARP")
                default: out.append("Unknown")
                }
                out.append(", ")
                type = inner
                p += 4; length -= 4; caplen -= 4; hdr += 4
                continue
            }
            let known = try printEtherType(type, at: p, length: length)
            if !known {
                if version == 1 {
                    let name = Self.cookedPacketTypeName(packetType)
                    for _ in name.utf8CodeUnitCount..<3 { out.append(0x20) }
                    out.append(name); out.append(0x20)
                    if b.u16(4)! == 6 { out.appendMAC(MACAddress(b, at: 6)!); out.append(0x20) }
                } else {
                    out.append("ifindex "); out.appendDecimal(b.u32(4)!); out.append(0x20)
                    if b[11] == 6 { out.appendMAC(MACAddress(b, at: 12)!); out.append(0x20) }
                }
                printEtherTypeName(type)
                out.append(", length "); out.appendDecimal(length + hdr); out.append(": ")
                printDefault(from: p, count: caplen)
            }
            return hdr
        }
    }

    private static func cookedPacketTypeName(_ type: UInt16) -> StaticString {
        switch type {
        case 0: return "In"
        case 1: return "B"
        case 2: return "M"
        case 3: return "P"
        case 4: return "Out"
        default: return "?"
        }
    }

    private func interfaceName(_ index: UInt32) -> String {
        host.interfaceNames[index] ?? "?"
    }

    // MARK: - IP

    private mutating func printIPAnyVersion(at p: Int, length: Int) throws {
        proto = "ipn"
        if length < 1 { out.append("truncated-ip "); out.appendDecimal(length); return }
        let version = try get8(p) & 0xF0
        switch version {
        case 0x40: try printIPv4(at: p, length: length)
        case 0x60: try printIPv6(at: p, length: length)
        default: out.append("unknown ip "); out.appendDecimal(UInt32(version >> 4))
        }
    }

    private func printHost(_ address: IPAddress) {
        if !names.hosts.isEmpty, let name = names.hosts[address] { out.append(name); return }
        out.appendAddress(address)
    }

    private func printIPv4Host(at p: Int) { printHost(.v4(b.u32(p)!)) }
    private func printIPv6Host(at p: Int) { printHost(b.ipv6(p)!) }

    private func printTCPPort(_ port: UInt16) {
        if !names.tcpPorts.isEmpty, let name = names.tcpPorts[port] { out.append(name); return }
        out.appendDecimal(UInt32(port))
    }

    private func printUDPPort(_ port: UInt16) {
        if !names.udpPorts.isEmpty, let name = names.udpPorts[port] { out.append(name); return }
        out.appendDecimal(UInt32(port))
    }

    private func printProtocolNumber(_ number: UInt8) {
        if !names.protocols.isEmpty, let name = names.protocols[number] { out.append(name); return }
        out.append("ip-proto-"); out.appendDecimal(UInt32(number))
    }

    /// Where the printers below find the IP header that carried them.
    private struct Carrier {
        var start: Int
        var isIPv6: Bool
        /// The next-header field of the fixed header: tcpdump prints addresses only when
        /// it names the transport protocol itself.
        var nextHeader: UInt8
    }

    private func printAddressPair(_ ip: Carrier) {
        if ip.isIPv6 {
            printIPv6Host(at: ip.start + 8); out.append(" > "); printIPv6Host(at: ip.start + 24)
        } else {
            printIPv4Host(at: ip.start + 12); out.append(" > "); printIPv4Host(at: ip.start + 16)
        }
    }

    private mutating func printIPv4(at p: Int, length: Int) throws {
        proto = "ip"
        let version = try get8(p) >> 4
        if version != 4 {
            if version == 6 { out.append("IP6, wrong link-layer encapsulation") } else { out.append("IP"); out.appendDecimal(UInt32(version)) }
            out.append(" (invalid)")
            return
        }
        out.append("IP ")
        guard has(p, 20) else { printTruncationMarker(); return }
        if length < 20 { out.append("truncated-ip "); out.appendDecimal(length); return }
        let headerLength = Int(b[p] & 0x0F) * 4
        if headerLength < 20 { out.append("bad-hlen "); out.appendDecimal(headerLength); return }
        let totalLength = Int(b.u16(p + 2)!)
        if length < totalLength {
            out.append("truncated-ip - "); out.appendDecimal(totalLength - length); out.append(" bytes missing! ")
        }
        if totalLength < headerLength { out.append("bad-len "); out.appendDecimal(totalLength); return }
        limitSnapshot(start: p, length: totalLength)
        let payloadLength = totalLength - headerLength
        let offset = b.u16(p + 6)!
        let nextHeader = b[p + 9]
        let carrier = Carrier(start: p, isIPv6: false, nextHeader: nextHeader)
        if offset & 0x1FFF == 0 {
            if nextHeader != 6 && nextHeader != 17 && nextHeader != 132 && nextHeader != 33 {
                printAddressPair(carrier); out.append(": ")
            }
            try printTransport(nextHeader, at: p + headerLength, length: payloadLength, carrier: carrier,
                               fragmented: offset & 0x2000 != 0)
        } else {
            printAddressPair(carrier); out.append(": ")
            out.truncate(to: out.count - 1)
            out.append(0x20)
            printProtocolNumber(nextHeader)
        }
    }

    private mutating func printIPv6(at p: Int, length: Int) throws {
        proto = "ip6"
        guard has(p, 40) else { printTruncationMarker(); return }
        if length < 40 { out.append("truncated-ip6 "); out.appendDecimal(length); return }
        out.append("IP6 ")
        let version = b[p] >> 4
        if version != 6 { out.append("version error: "); out.appendDecimal(UInt32(version)); out.append(" != 6"); return }
        let payloadLength = Int(b.u16(p + 4)!)
        var len: Int
        if payloadLength != 0 {
            len = payloadLength + 40
            if length < len { out.append("truncated-ip6 - "); out.appendDecimal(len - length); out.append(" bytes missing!") }
        } else {
            len = length + 40
        }
        var nextHeader = b[p + 6]
        let carrier = Carrier(start: p, isIPv6: true, nextHeader: nextHeader)
        limitSnapshot(start: p, length: len)
        var cp = p
        var advance = 40
        var fragmented = false
        while cp < snapEnd && advance > 0 {
            if len < advance { printTruncationMarker(); return }
            cp += advance
            len -= advance
            if cp == p + 40 && nextHeader != 6 && nextHeader != 17 && nextHeader != 33 && nextHeader != 132 {
                printAddressPair(carrier); out.append(": ")
            }
            switch nextHeader {
            case 0, 60:
                proto = nextHeader == 0 ? "hbhopt" : "dstopt"
                let optionsLength = (Int(try get8(cp + 1)) + 1) << 3
                guard has(cp, optionsLength) else { printTruncationMarker(); return }
                out.append(nextHeader == 0 ? "HBH " : "DSTOPT ")
                advance = optionsLength
                nextHeader = b[cp]
            case 44:
                proto = "frag6"
                let fragmentOffset = try get16(cp + 2) & 0xFFF8
                let plen = try get16(p + 4)
                out.append("frag ("); out.appendDecimal(UInt32(fragmentOffset)); out.append("|")
                out.appendDecimal(UInt32(truncatingIfNeeded: 40 + Int(plen) - (cp - p) - 8))
                out.append(")")
                if fragmentOffset != 0 { return }
                out.append(" ")
                advance = 8
                if snapEnd <= cp + advance { return }
                nextHeader = b[cp]
                fragmented = true
            case 43:
                proto = "rt6"
                let routingLength = (Int(try get8(cp + 1)) + 1) << 3
                let type = try get8(cp + 2), left = try get8(cp + 3)
                out.append("srcrt (len="); out.appendDecimal(UInt32(b[cp + 1])); out.append(", type=")
                out.appendDecimal(UInt32(type)); out.append(", segleft="); out.appendDecimal(UInt32(left)); out.append(") ")
                advance = routingLength
                nextHeader = b[cp]
            default:
                if payloadLength == 0 { len = 0 }
                try printTransport(nextHeader, at: cp, length: len, carrier: carrier, fragmented: fragmented)
                return
            }
            proto = "ip6"
        }
    }

    private mutating func printTransport(_ nextHeader: UInt8, at p: Int, length: Int, carrier: Carrier, fragmented: Bool) throws {
        switch nextHeader {
        case 6: try printTCP(at: p, length: length, ip: carrier)
        case 17: try printUDP(at: p, length: length, ip: carrier, fragmented: fragmented)
        case 1 where !carrier.isIPv6: try printICMP(at: p, length: length)
        case 58 where carrier.isIPv6: try printICMPv6(at: p, length: length)
        case 4 where !carrier.isIPv6:
            try printIPv4(at: p, length: length)
            out.append(" (ipip-proto-4)")
        case 41: try printIPv6(at: p, length: length)
        case 59: out.append("no next header")
        case 58: out.append("[ICMPv6 requires IPv6] (invalid)")
        case 143 where !carrier.isIPv6: out.append("[Ethernet requires IPv6] (invalid)")
        case 1:
            out.append("[ICMP requires IPv4] (invalid)")
        default:
            out.append(" ")
            printProtocolNumber(nextHeader)
            out.append(" ")
            out.appendDecimal(length)
        }
    }

    // MARK: - TCP

    private mutating func printTCP(at p: Int, length: Int, ip: Carrier) throws {
        proto = "tcp"
        guard has(p + 2, 2) else {
            printAddressPair(ip); out.append(":")
            printTruncationMarker()
            return
        }
        let sport = b.u16(p)!, dport = b.u16(p + 2)!
        if ip.nextHeader == 6 {
            if ip.isIPv6 { printIPv6Host(at: ip.start + 8) } else { printIPv4Host(at: ip.start + 12) }
            out.append(0x2E); printTCPPort(sport); out.append(" > ")
            if ip.isIPv6 { printIPv6Host(at: ip.start + 24) } else { printIPv4Host(at: ip.start + 16) }
            out.append(0x2E); printTCPPort(dport); out.append(": ")
        } else {
            printTCPPort(sport); out.append(" > "); printTCPPort(dport); out.append(": ")
        }
        guard has(p, 20) else { printTruncationMarker(); return }
        var headerLength = Int(b[p + 12] >> 4) * 4
        if headerLength < 20 {
            out.append(" tcp "); out.appendDecimal(UInt32(truncatingIfNeeded: length - headerLength))
            out.append(" [bad hdr length "); out.appendDecimal(headerLength); out.append(" - too short, < 20]")
            return
        }
        var seq = b.u32(p + 4)!, ack = b.u32(p + 8)!
        let window = b.u16(p + 14)!, urgent = b.u16(p + 18)!
        let flags = b[p + 13]
        out.append("Flags [")
        if flags == 0 {
            out.append("none")
        } else {
            if flags & 0x01 != 0 { out.append(0x46) }  // F
            if flags & 0x02 != 0 { out.append(0x53) }  // S
            if flags & 0x04 != 0 { out.append(0x52) }  // R
            if flags & 0x08 != 0 { out.append(0x50) }  // P
            if flags & 0x10 != 0 { out.append(0x2E) }  // .
            if flags & 0x20 != 0 { out.append(0x55) }  // U
            if flags & 0x40 != 0 { out.append(0x45) }  // E
            if flags & 0x80 != 0 { out.append(0x57) }  // W
        }
        out.append("]")
        var reversed = false
        var baseSeq: UInt32 = 0, baseAck: UInt32 = 0
        if flags & 0x10 != 0 {
            var relative = false
            (reversed, baseSeq, baseAck, relative) = relativize(ip: ip, sport: sport, dport: dport, flags: flags, seq: &seq, ack: &ack)
            lastSequenceNumbers = SequenceNumbersShown(sequence: seq, acknowledgment: ack, relative: relative)
        }
        if headerLength > length {
            out.append(" [bad hdr length "); out.appendDecimal(headerLength); out.append(" - too long, > "); out.appendDecimal(length); out.append("]")
            return
        }
        let payload = length - headerLength
        if payload > 0 || flags & 0x07 != 0 {
            out.append(", seq "); out.appendDecimal(seq)
            if payload > 0 { out.append(":"); out.appendDecimal(seq &+ UInt32(truncatingIfNeeded: payload)) }
        }
        if flags & 0x10 != 0 { out.append(", ack "); out.appendDecimal(ack) }
        out.append(", win "); out.appendDecimal(UInt32(window))
        if flags & 0x20 != 0 { out.append(", urg "); out.appendDecimal(UInt32(urgent)) }
        if headerLength > 20 {
            headerLength -= 20
            let complete = try printTCPOptions(at: p + 20, remaining: headerLength, reversed: reversed, baseSeq: baseSeq, baseAck: baseAck)
            if !complete { return }
        }
        out.append(", length "); out.appendDecimal(payload)
        if payload == 0 { return }
        let dataStart = p + Int(b[p + 12] >> 4) * 4
        if (sport == 80 || dport == 80 || sport == 8080 || dport == 8080) {
            out.append(": ")
            try printHTTPSummary(at: dataStart, length: payload)
        }
    }

    /// tcpdump's relative sequence numbers: the first packet with ACK set in a
    /// conversation (or any SYN) records the base; later ones print offsets from it.
    /// Returns whether the conversation is reversed, its base, and whether `seq` and
    /// `ack` were made relative (false for the packet that records the base).
    private mutating func relativize(ip: Carrier, sport: UInt16, dport: UInt16, flags: UInt8,
                                     seq: inout UInt32, ack: inout UInt32) -> (Bool, UInt32, UInt32, Bool) {
        let isSyn = flags & 0x02 != 0
        if ip.isIPv6 {
            let src = b.ipv6(ip.start + 8)!, dst = b.ipv6(ip.start + 24)!
            guard case .v6(let sh, let sl) = src, case .v6(let dh, let dl) = dst else { return (false, 0, 0, false) }
            var rev = sport > dport
            if sport == dport { rev = (sh, sl) > (dh, dl) }
            let key = rev ? ConversationKey6(srcHi: dh, srcLo: dl, dstHi: sh, dstLo: sl, ports: UInt32(dport) << 16 | UInt32(sport))
                          : ConversationKey6(srcHi: sh, srcLo: sl, dstHi: dh, dstLo: dl, ports: UInt32(sport) << 16 | UInt32(dport))
            let base: SequenceBase
            let relative: Bool
            if !isSyn, let found = conversations6[key] {
                base = found
                relative = true
                if rev { seq &-= found.ack; ack &-= found.seq } else { seq &-= found.seq; ack &-= found.ack }
            } else {
                base = rev ? SequenceBase(seq: ack &- 1, ack: seq) : SequenceBase(seq: seq, ack: ack &- 1)
                relative = false
                if conversations6.count >= maxConversations { conversations6.removeAll() }
                conversations6[key] = base
            }
            return (rev, base.seq, base.ack, relative)
        } else {
            let src = b.u32(ip.start + 12)!, dst = b.u32(ip.start + 16)!
            var rev = sport > dport
            if sport == dport { rev = src > dst }
            let key = rev ? ConversationKey4(src: dst, dst: src, ports: UInt32(dport) << 16 | UInt32(sport))
                          : ConversationKey4(src: src, dst: dst, ports: UInt32(sport) << 16 | UInt32(dport))
            let base: SequenceBase
            let relative: Bool
            if !isSyn, let found = conversations4[key] {
                base = found
                relative = true
                if rev { seq &-= found.ack; ack &-= found.seq } else { seq &-= found.seq; ack &-= found.ack }
            } else {
                base = rev ? SequenceBase(seq: ack &- 1, ack: seq) : SequenceBase(seq: seq, ack: ack &- 1)
                relative = false
                if conversations4.count >= maxConversations { conversations4.removeAll() }
                conversations4[key] = base
            }
            return (rev, base.seq, base.ack, relative)
        }
    }

    /// Prints `, options [...]`; returns false when tcpdump stops the line there.
    private mutating func printTCPOptions(at start: Int, remaining: Int, reversed: Bool,
                                          baseSeq: UInt32, baseAck: UInt32) throws -> Bool {
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
                if verdict == true { out.append(0x20); out.appendDecimal(UInt32(b.u16(cp)!)) }
            case 3:
                datalen = 1; verdict = check(1)
                if verdict == true { out.append(0x20); out.appendDecimal(UInt32(b[cp])) }
            case 5:
                datalen = len - 2
                if datalen % 8 != 0 {
                    out.append(" invalid sack")
                } else {
                    out.append(0x20); out.appendDecimal(datalen / 8); out.append(0x20)
                    var i = 0
                    while i < datalen {
                        verdict = check(i + 4); if verdict != true { break }
                        var s = b.u32(cp + i)!
                        verdict = check(i + 8); if verdict != true { break }
                        var e = b.u32(cp + i + 4)!
                        if reversed { s &-= baseSeq; e &-= baseSeq } else { s &-= baseAck; e &-= baseAck }
                        out.append("{"); out.appendDecimal(s); out.append(":"); out.appendDecimal(e); out.append("}")
                        i += 8
                    }
                }
            case 6, 7, 11, 12, 13:
                datalen = 4; verdict = check(4)
                if verdict == true { out.append(0x20); out.appendDecimal(b.u32(cp)!) }
            case 8:
                datalen = 8; verdict = check(8)
                if verdict == true {
                    out.append(" val "); out.appendDecimal(b.u32(cp)!)
                    out.append(" ecr "); out.appendDecimal(b.u32(cp + 4)!)
                }
            case 19:
                datalen = 16; verdict = check(16)
                if verdict == true {
                    out.append(0x20)
                    for i in 0..<16 { out.appendHexByte(b[cp + i]) }
                }
            case 20:
                datalen = 2; verdict = check(2)
                if verdict == true {
                    out.append(" cap "); out.appendHexByte(b[cp]); out.append(" id "); out.appendDecimal(UInt32(b[cp + 1]))
                }
            case 28:
                datalen = 2; verdict = check(2)
                if verdict == true {
                    var value = UInt32(b.u16(cp)!)
                    out.append(" 0x"); out.appendHex(value)
                    value = value & 1 != 0 ? (value >> 1) * 60 : value >> 1
                    out.append(0x20); out.appendDecimal(value)
                }
            case 0, 1, 4:
                break
            case 30, 34:
                datalen = len - 2; verdict = check(datalen)
            case 254:
                datalen = len - 2; verdict = check(datalen)
                if verdict == true {
                    if datalen < 2 { return badOption(separator) }
                    out.append("-")
                    let magic = b.u16(cp)!
                    out.appendHexByte(UInt8(magic >> 8)); out.appendHexByte(UInt8(magic & 0xFF))
                }
            default:
                datalen = len - 2
                if datalen > 0 { out.append(" 0x") }
                var i = 0
                while i < datalen {
                    verdict = check(i + 1); if verdict != true { break }
                    out.appendHexByte(b[cp + i])
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

    private func badOption(_ separator: Bool) -> Bool {
        out.append("[bad opt]")
        if separator { out.append("]") }
        return false
    }

    private func printTCPOptionName(_ opt: UInt8) {
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

    // MARK: - HTTP summary (ports 80 and 8080), as tcpdump's txtproto_print

    private static let httpMethods: [String] = [
        "GET", "PUT", "COPY", "HEAD", "LOCK", "MOVE", "POLL", "POST", "BCOPY", "BMOVE", "MKCOL", "TRACE",
        "LABEL", "MERGE", "DELETE", "SEARCH", "UNLOCK", "REPORT", "UPDATE", "NOTIFY", "BDELETE", "CONNECT",
        "OPTIONS", "CHECKIN", "PROPFIND", "CHECKOUT", "CCM_POST", "SUBSCRIBE", "PROPPATCH", "BPROPFIND",
        "BPROPPATCH", "UNCHECKOUT", "MKACTIVITY", "MKWORKSPACE", "UNSUBSCRIBE", "RPC_CONNECT",
        "VERSION-CONTROL", "BASELINE-CONTROL",
    ]

    /// Reads one token; returns the index after it and its trailing blanks, or 0.
    private func fetchToken(_ p: Int, _ start: Int, _ len: Int, into token: inout [UInt8]) -> Int {
        token.removeAll(keepingCapacity: true)
        var idx = start
        while idx < len {
            guard has(p + idx, 1) else { return 0 }
            let c = b[p + idx]
            if c >= 0x80 { return 0 }
            if c == 0x20 || c == 0x09 || c == 0x0D || c == 0x0A { break }
            if c < 0x20 || c == 0x7F { return 0 }
            if token.count + 2 > 129 { return 0 }
            token.append(c)
            idx += 1
        }
        if token.isEmpty { return 0 }
        while idx < len {
            guard has(p + idx, 1) else { break }
            let c = b[p + idx]
            if c == 0x0D || c == 0x0A { break }
            if c < 0x20 || c >= 0x7F { break }
            if c != 0x20 && c != 0x09 { break }
            idx += 1
        }
        return idx
    }

    private mutating func printHTTPSummary(at p: Int, length: Int) throws {
        proto = "http"
        var token: [UInt8] = []
        var printLine = false
        var idx = fetchToken(p, 0, length, into: &token)
        if idx != 0 {
            let word = String(decoding: token, as: UTF8.self).uppercased()
            if Self.httpMethods.contains(word) { printLine = true }
            idx = fetchToken(p, idx, length, into: &token)
            if idx != 0, token.count == 3, token.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) { printLine = true }
        }
        out.append("HTTP")
        guard printLine else { return }
        var i = 0
        while i < length {
            let c = try get8(p + i)
            if c == 0x0A {
                printTextLine(p, i)
                return
            } else if c == 0x0D {
                if i + 1 >= length { return }
                if try get8(p + i + 1) == 0x0A { printTextLine(p, i); return }
                return
            } else if (c < 0x20 || c >= 0x7F) && c != 0x09 {
                return
            }
            i += 1
        }
        printTextLine(p, i)
        printTruncationMarker()
    }

    private func printTextLine(_ p: Int, _ count: Int) {
        out.append(": ")
        for i in 0..<count { out.append(b[p + i]) }
    }

    // MARK: - UDP

    private mutating func printUDPAddresses(_ ip: Carrier, _ ports: (UInt16, UInt16)?) {
        if ip.nextHeader == 17 {
            if let (s, d) = ports {
                if ip.isIPv6 { printIPv6Host(at: ip.start + 8) } else { printIPv4Host(at: ip.start + 12) }
                out.append(0x2E); printUDPPort(s); out.append(" > ")
                if ip.isIPv6 { printIPv6Host(at: ip.start + 24) } else { printIPv4Host(at: ip.start + 16) }
                out.append(0x2E); printUDPPort(d); out.append(": ")
            } else {
                printAddressPair(ip); out.append(": ")
            }
        } else if let (s, d) = ports {
            printUDPPort(s); out.append(" > "); printUDPPort(d); out.append(": ")
        }
    }

    private mutating func printUDP(at p: Int, length: Int, ip: Carrier, fragmented: Bool) throws {
        proto = "udp"
        guard has(p + 2, 2) else { printUDPAddresses(ip, nil); printTruncationMarker(); return }
        let sport = b.u16(p)!, dport = b.u16(p + 2)!
        if length < 8 {
            printUDPAddresses(ip, (sport, dport)); out.append("truncated-udp "); out.appendDecimal(length); return
        }
        guard has(p + 4, 2) else { printUDPAddresses(ip, (sport, dport)); printTruncationMarker(); return }
        var ulen = Int(b.u16(p + 4)!)
        if ulen == 0 && length > 65535 { ulen = length }
        if ulen < 8 {
            printUDPAddresses(ip, (sport, dport)); out.append("truncated-udplength "); out.appendDecimal(ulen); return
        }
        ulen -= 8
        var length = length - 8
        if ulen < length { length = ulen }
        if p + 8 > snapEnd { printUDPAddresses(ip, (sport, dport)); printTruncationMarker(); return }
        printUDPAddresses(ip, (sport, dport))
        if ulen > length && !fragmented {
            out.append("UDP, bad length "); out.appendDecimal(ulen); out.append(" > "); out.appendDecimal(length)
        } else {
            out.append("UDP, length "); out.appendDecimal(ulen)
        }
    }

    // MARK: - ICMP

    private mutating func printICMP(at p: Int, length: Int) throws {
        proto = "icmp"
        let mark = out.count
        do {
            let type = try get8(p), code = try get8(p + 1)
            if (type == 3 && code == 3 && !has(p + 8 + 9, 1)) || ((type == 11 || type == 14) && !has(p + (type == 11 ? 24 : 16), 4)) {
                printTruncationMarker()
                return
            }
            out.append("ICMP ")
            switch type {
            case 0, 8:
                let id = try get16(p + 4), seq = try get16(p + 6)
                out.append(type == 8 ? "echo request, id " : "echo reply, id ")
                out.appendDecimal(UInt32(id)); out.append(", seq "); out.appendDecimal(UInt32(seq))
            case 3:
                try printICMPUnreachable(at: p, code: code)
            case 5:
                let dst = try get32(p + 24), gw = try get32(p + 4)
                switch code {
                case 0: out.append("redirect "); printHost(.v4(dst)); out.append(" to net "); printHost(.v4(gw))
                case 1: out.append("redirect "); printHost(.v4(dst)); out.append(" to host "); printHost(.v4(gw))
                case 2: out.append("redirect-tos "); printHost(.v4(dst)); out.append(" to net "); printHost(.v4(gw))
                case 3: out.append("redirect-tos "); printHost(.v4(dst)); out.append(" to host "); printHost(.v4(gw))
                default:
                    out.append("redirect-#"); out.appendDecimal(UInt32(code)); out.append(" ")
                    printHost(.v4(dst)); out.append(" to "); printHost(.v4(gw))
                }
            case 11:
                switch code {
                case 0: out.append("time exceeded in-transit")
                case 1: out.append("ip reassembly time exceeded")
                default: out.append("time exceeded-#"); out.appendDecimal(UInt32(code))
                }
            case 12:
                if code != 0 {
                    out.append("parameter problem - code "); out.appendDecimal(UInt32(code))
                } else {
                    let octet = try get8(p + 4)
                    out.append("parameter problem - octet "); out.appendDecimal(UInt32(octet))
                }
            case 13:
                let id = try get16(p + 4), seq = try get16(p + 6)
                out.append("time stamp query id "); out.appendDecimal(UInt32(id)); out.append(" seq "); out.appendDecimal(UInt32(seq))
            case 14:
                let id = try get16(p + 4), seq = try get16(p + 6)
                let org = try get32(p + 8), recv = try get32(p + 12), xmit = try get32(p + 16)
                out.append("time stamp reply id "); out.appendDecimal(UInt32(id)); out.append(" seq "); out.appendDecimal(UInt32(seq))
                out.append(": org "); printMillisecondsOfDay(org)
                out.append(", recv "); printMillisecondsOfDay(recv)
                out.append(", xmit "); printMillisecondsOfDay(xmit)
            case 18:
                let mask = try get32(p + 12)
                out.append("address mask is 0x")
                for shift in stride(from: 24, through: 0, by: -8) { out.appendHexByte(UInt8(truncatingIfNeeded: mask >> UInt32(shift))) }
            case 4: out.append("source quench")
            case 9: out.append("router advertisement")
            case 10: out.append("router solicitation")
            case 15: out.append("information request")
            case 16: out.append("information reply")
            case 17: out.append("address mask request")
            default: out.append("type-#"); out.appendDecimal(UInt32(type))
            }
            out.append(", length "); out.appendDecimal(length)
        } catch {
            out.truncate(to: mark)
            throw error
        }
    }

    private func printMillisecondsOfDay(_ value: UInt32) {
        let ms = value % 1000
        var sec = value / 1000
        var min = sec / 60; sec -= min * 60
        let hrs = min / 60; min -= hrs * 60
        out.appendDecimal(hrs, width: 2); out.append(":"); out.appendDecimal(min, width: 2); out.append(":")
        out.appendDecimal(sec, width: 2); out.append("."); out.appendDecimal(ms, width: 3)
    }

    private mutating func printICMPUnreachable(at p: Int, code: UInt8) throws {
        let inner = p + 8
        func dst() throws -> IPAddress { .v4(try get32(inner + 16)) }
        switch code {
        case 0: let d = try dst(); out.append("net "); printHost(d); out.append(" unreachable")
        case 1: let d = try dst(); out.append("host "); printHost(d); out.append(" unreachable")
        case 2:
            let d = try dst(); let proto = try get8(inner + 9)
            printHost(d); out.append(" protocol "); out.appendDecimal(UInt32(proto)); out.append(" unreachable")
        case 3:
            let headerLength = Int(try get8(inner) & 0x0F) * 4
            let port = try get16(inner + headerLength + 2)
            let proto = try get8(inner + 9)
            let d = try dst()
            printHost(d)
            switch proto {
            case 6: out.append(" tcp port "); printTCPPort(port)
            case 17: out.append(" udp port "); printUDPPort(port)
            default:
                out.append(" protocol "); out.appendDecimal(UInt32(proto)); out.append(" port "); out.appendDecimal(UInt32(port))
            }
            out.append(" unreachable")
        case 4:
            let mtu = try get16(p + 6); let d = try dst()
            printHost(d); out.append(" unreachable - need to frag")
            if mtu != 0 { out.append(" (mtu "); out.appendDecimal(UInt32(mtu)); out.append(")") }
        default:
            let d = try dst()
            switch code {
            case 5: printHost(d); out.append(" unreachable - source route failed")
            case 6: out.append("net "); printHost(d); out.append(" unreachable - unknown")
            case 7: out.append("host "); printHost(d); out.append(" unreachable - unknown")
            case 8: printHost(d); out.append(" unreachable - source host isolated")
            case 9: out.append("net "); printHost(d); out.append(" unreachable - admin prohibited")
            case 10: out.append("host "); printHost(d); out.append(" unreachable - admin prohibited")
            case 11: out.append("net "); printHost(d); out.append(" unreachable - tos prohibited")
            case 12: out.append("host "); printHost(d); out.append(" unreachable - tos prohibited")
            case 13: out.append("host "); printHost(d); out.append(" unreachable - admin prohibited filter")
            case 14: out.append("host "); printHost(d); out.append(" unreachable - host precedence violation")
            case 15: out.append("host "); printHost(d); out.append(" unreachable - precedence cutoff")
            default: printHost(d); out.append(" unreachable - #"); out.appendDecimal(UInt32(code))
            }
        }
    }

    // MARK: - ICMPv6

    private static func icmp6TypeName(_ type: UInt8) -> StaticString? {
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

    private mutating func printICMPv6(at p: Int, length: Int) throws {
        proto = "icmp6"
        if length == 0 { out.append("ICMP6, length 0 (invalid)"); return }
        let type = try get8(p)
        out.append("ICMP6, ")
        if let name = Self.icmp6TypeName(type) { out.append(name) } else {
            out.append("unknown icmp6 type ("); out.appendDecimal(UInt32(type)); out.append(")")
        }
        let code = try get8(p + 1)
        let inner = p + 8
        func address(_ offset: Int) throws -> IPAddress {
            guard let a = b.ipv6(offset), has(offset, 16) else { throw Truncated() }
            return a
        }
        switch type {
        case 1:
            out.append(", ")
            switch code {
            case 0: out.append("unreachable route")
            case 1: out.append(" unreachable prohibited")
            case 2: out.append("beyond scope")
            case 3: out.append("unreachable address")
            case 4: out.append("unreachable port")
            default: out.append("unknown unreach code ("); out.appendDecimal(UInt32(code)); out.append(")")
            }
            switch code {
            case 0, 1, 3: out.append(" "); printHost(try address(inner + 24))
            case 2:
                out.append(" "); printHost(try address(inner + 24)); out.append(", source address "); printHost(try address(inner + 8))
            case 4:
                guard let (nh, port) = upperLayerPort(innerIPv6: inner) else { printTruncationMarker(); return }
                let d = try address(inner + 24)
                switch nh {
                case 6: out.append(", "); printHost(d); out.append(" tcp port "); printTCPPort(port)
                case 17: out.append(", "); printHost(d); out.append(" udp port "); printUDPPort(port)
                default:
                    out.append(", "); printHost(d); out.append(" protocol "); out.appendDecimal(UInt32(nh))
                    out.append(" port "); out.appendDecimal(UInt32(port)); out.append(" unreachable")
                }
            default:
                printUnknownData(from: p, count: length)
                return
            }
        case 2:
            out.append(", mtu "); out.appendDecimal(try get32(p + 4))
        case 3:
            switch code {
            case 0: out.append(" for "); printHost(try address(inner + 24))
            case 1: out.append(" (reassembly)")
            default: out.append(", unknown code ("); out.appendDecimal(UInt32(code)); out.append(")")
            }
        case 4:
            guard has(inner + 24, 16) else { printTruncationMarker(); return }
            let pointer = try get32(p + 4)
            switch code {
            case 0: out.append(", erroneous - octet ")
            case 1: out.append(", next header - octet ")
            case 2: out.append(", option - octet ")
            case 3: out.append(", incomplete header chain - octet ")
            default: out.append(", code-#"); out.appendDecimal(UInt32(code)); pointerSkip: do {}
            }
            if code <= 3 { out.appendDecimal(pointer) }
        case 128, 129:
            let id = try get16(p + 4), seq = try get16(p + 6)
            out.append(", id "); out.appendDecimal(UInt32(id)); out.append(", seq "); out.appendDecimal(UInt32(seq))
        case 135:
            out.append(", who has "); printHost(try address(p + 8))
        case 136:
            out.append(", tgt is "); printHost(try address(p + 8))
        case 137:
            out.append(", "); printHost(try address(p + 24)); out.append(" to "); printHost(try address(p + 8))
        case 130, 131, 132, 133, 134, 138, 139, 140, 141, 142, 143, 144, 145, 146, 147, 155:
            break
        default:
            out.append(", length "); out.appendDecimal(length)
            printUnknownData(from: p, count: length)
            return
        }
        out.append(", length "); out.appendDecimal(length)
    }

    /// The transport protocol and destination port inside an ICMPv6 error (get_upperlayer).
    private func upperLayerPort(innerIPv6 start: Int) -> (UInt8, UInt16)? {
        guard has(start + 6, 1) else { return nil }
        var nh = b[start + 6]
        var hlen = 40
        var bp = start
        while bp < snapEnd {
            bp += hlen
            switch nh {
            case 6, 17:
                guard has(bp + 2, 2) else { return nil }
                return (nh, b.u16(bp + 2)!)
            case 0, 60, 43:
                guard has(bp + 1, 1) else { return nil }
                nh = b[bp]; hlen = (Int(b[bp + 1]) + 1) << 3
            case 44:
                guard has(bp + 2, 2) else { return nil }
                if b.u16(bp + 2)! & 0xFFF8 != 0 { return nil }
                nh = b[bp]; hlen = 8
            case 51:
                guard has(bp + 1, 1) else { return nil }
                nh = b[bp]; hlen = (Int(b[bp + 1]) + 2) << 2
            default:
                return nil
            }
        }
        return nil
    }

    /// tcpdump's print_unknown_data: a hex dump of what was captured.
    private mutating func printUnknownData(from p: Int, count: Int) {
        if p > snapEnd {
            out.append("\n\tDissector error: print_unknown_data called with pointer past end of packet")
            return
        }
        printHex(from: p, count: min(count, snapEnd - p))
    }

    // MARK: - Byte dumps

    /// `-A`: a newline, then each byte by `SafeText.asciiDumpCell` (the rule the check
    /// notes and the explanation show payloads by), except that tab and newline lay out
    /// the lines; a carriage return is dropped before a line feed and in the last two
    /// bytes, as tcpdump does.
    private mutating func printASCII(from start: Int, to end: Int) {
        out.append(0x0A)
        let count = end - start
        let base = b.base
        out.withTail(reserving: count) { dst in
            var n = 0
            var i = start
            while i < end {
                let c = base[i]
                i += 1
                if c == 0x0D {
                    if end - i > 1 && base[i] != 0x0A { dst[n] = SafeText.asciiDumpCell(c); n += 1 }
                } else {
                    dst[n] = c == 0x09 || c == 0x0A ? c : SafeText.asciiDumpCell(c)
                    n += 1
                }
            }
            return n
        }
    }

    /// `-X` and the default printer: `\n\t0x0010:  4500 003c ...  E..<` lines.
    private mutating func printHexAndASCII(from start: Int, to end: Int, indent: Bool) {
        var offset = 0
        var i = start
        while i < end {
            let n = min(16, end - i)
            out.withTail(reserving: 80) { dst in
                var k = 0
                dst[k] = 0x0A; dst[k + 1] = 0x09; k += 2
                dst[k] = 0x30; dst[k + 1] = 0x78; k += 2
                for shift in stride(from: 12, through: 0, by: -4) {
                    dst[k] = hexDigit((offset >> shift) & 0xF); k += 1
                }
                dst[k] = 0x3A; k += 1
                dst[k] = 0x20; k += 1
                let hexStart = k
                var j = 0
                while j < n {
                    if j & 1 == 0 { dst[k] = 0x20; k += 1 }
                    let c = b[i + j]
                    dst[k] = hexDigit(Int(c >> 4)); dst[k + 1] = hexDigit(Int(c & 0xF)); k += 2
                    j += 1
                }
                while k - hexStart < 40 { dst[k] = 0x20; k += 1 }
                dst[k] = 0x20; dst[k + 1] = 0x20; k += 2
                for j in 0..<n {
                    let c = b[i + j]
                    dst[k] = (c > 0x20 && c < 0x7F) ? c : 0x2E; k += 1
                }
                return k
            }
            i += n
            offset += 16
        }
    }

    /// tcpdump's hex_print: hex only.
    private mutating func printHex(from start: Int, count: Int) {
        var i = 0
        var offset = 0
        while i + 1 < count {
            if i % 16 == 0 {
                out.append("\n\t0x")
                out.appendHexByte(UInt8(truncatingIfNeeded: offset >> 8)); out.appendHexByte(UInt8(truncatingIfNeeded: offset))
                out.append(": ")
                offset += 16
            }
            out.append(0x20); out.appendHexByte(b[start + i]); out.appendHexByte(b[start + i + 1])
            i += 2
        }
        if count & 1 == 1 {
            if i % 16 == 0 {
                out.append("\n\t0x")
                out.appendHexByte(UInt8(truncatingIfNeeded: offset >> 8)); out.appendHexByte(UInt8(truncatingIfNeeded: offset))
                out.append(": ")
            }
            out.append(0x20); out.appendHexByte(b[start + i])
        }
    }

    // MARK: - Tabs

    private func expandTabs(from start: Int) {
        let bytes = Array(UnsafeBufferPointer(start: out.bytes.baseAddress! + start, count: out.count - start))
        guard bytes.contains(0x09) else { return }
        out.truncate(to: start)
        var column = 0
        for c in bytes {
            if c == 0x09 {
                repeat { out.append(0x20); column += 1 } while column % 8 != 0
            } else {
                out.append(c)
                column = c == 0x0A ? 0 : column + 1
            }
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
}
