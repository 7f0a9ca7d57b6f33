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
///
/// One file per protocol printer, as tcpdump's print-*.c; each takes the packet's
/// ``PrintContext`` (tcpdump's `ndo`), so the printer holds only values that outlive a
/// packet and is `Sendable` as it is.
public struct TcpdumpPrinter: Sendable {
    public let linkType: LinkType
    public var options: PrintOptions
    public var names: NameTable
    /// The machine's time zone and interface names, read at the edge.
    public var host: HostFacts
    /// Conversations remembered for relative sequence numbers; the table is cleared when it
    /// grows past this, so a long-running pane cannot grow without bound.
    public var maxConversations = 1 << 18

    var conversations4: [ConversationKey4: SequenceBase] = [:]
    var conversations6: [ConversationKey6: SequenceBase] = [:]
    var clockSecond: Int64 = .min
    var clock: UInt64 = 0  // "HH:MM:SS" packed
    /// For `-ttt` and `-ttttt`: the previous and first packet's time, in microseconds.
    var previousTime: Int64?
    var firstTime: Int64?
    /// For `-#`: how many packets were printed.
    var packetsPrinted: UInt32 = 0
    /// The seq and ack printed for the last packet, when it was TCP with ACK set.
    public internal(set) var lastSequenceNumbers: SequenceNumbersShown?

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
        previousTime = nil
        firstTime = nil
        packetsPrinted = 0
    }

    /// Appends the text for one packet: a summary line, then the `-A`/`-X` lines, each
    /// ending in a newline.
    public mutating func print(_ packet: UnsafeRawBufferPointer, header: PacketHeader, to out: OutputBuffer) {
        let start = out.count
        printPacket(packet, header: header, to: out)
        if options.expandTabs { out.expandTabs(from: start) }
    }

    /// The text for one packet as lines without their newlines (for the pane).
    public mutating func lines(_ packet: UnsafeRawBufferPointer, header: PacketHeader) -> [String] {
        let buffer = OutputBuffer(capacity: 256)
        print(packet, header: header, to: buffer)
        return buffer.string.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
    }

    // MARK: - Packet

    private static let maximumSnaplen = 262144

    private mutating func printPacket(_ packet: UnsafeRawBufferPointer, header: PacketHeader, to out: OutputBuffer) {
        lastSequenceNumbers = nil
        packetsPrinted &+= 1
        if options.packetNumbers {
            if packetsPrinted < 10_000 { for _ in 0..<(packetsPrinted < 10 ? 4 : packetsPrinted < 100 ? 3 : packetsPrinted < 1000 ? 2 : 1) { out.append(0x20) } }
            out.appendDecimal(packetsPrinted); out.append("  ")
        }
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

        printTimestamp(header, to: out)

        var ndo = PrintContext(bytes: UnsafeRawBufferPointer(rebasing: packet[0..<caplen]), out: out)
        var linkHeaderLength: Int
        do {
            linkHeaderLength = try printLink(&ndo, length: length, caplen: caplen)
        } catch {
            ndo.printTruncationMarker()
            linkHeaderLength = 0
        }
        ndo.snapEnd = caplen
        let dumpStart = options.bytesIncludeLinkHeader ? 0 : linkHeaderLength
        if caplen > dumpStart {
            switch options.bytes {
            case .none: break
            case .ascii: ndo.printASCII(from: dumpStart, to: caplen)
            case .hex: ndo.printHex(from: dumpStart, count: caplen - dumpStart)
            case .hexAndASCII: ndo.printHexAndASCII(from: dumpStart, to: caplen, indent: true)
            }
        }
        out.append(0x0A)
    }

    // MARK: - Link layer

    mutating func printLink(_ ndo: inout PrintContext, length: Int, caplen: Int) throws -> Int {
        switch linkType {
        case .ethernet: return try printEthernet(&ndo, length: length, caplen: caplen)
        case .bsdLoopback, .openBSDLoopback: return try printBSDLoopback(&ndo, length: length, caplen: caplen)
        case .linuxCooked: return try printLinuxCooked(&ndo, version: 1, length: length, caplen: caplen)
        case .linuxCooked2: return try printLinuxCooked(&ndo, version: 2, length: length, caplen: caplen)
        case .rawIP:
            ndo.protocolName = "raw"
            if options.linkHeader { ndo.out.append("ip: ") }
            try printIPAnyVersion(&ndo, at: 0, length: length)
            return 0
        case .rawIPv4:
            try printIPv4(&ndo, at: 0, length: length)
            return 0
        case .rawIPv6:
            try printIPv6(&ndo, at: 0, length: length)
            return 0
        case .nflog: return try printNFLOG(&ndo, length: length, caplen: caplen)
        case .unsupported(let dlt):
            ndo.out.append("[unsupported link type "); ndo.out.appendDecimal(Int(dlt)); ndo.out.append("]")
            return 0
        }
    }
}
