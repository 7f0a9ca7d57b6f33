/// How the pane should colour a packet line: by what the packet does.
public enum PacketKind: Hashable, Sendable {
    /// SYN or SYN-ACK: opening a connection.
    case handshake
    /// TCP carrying application bytes.
    case data
    /// A bare TCP acknowledgment.
    case acknowledgment
    /// FIN: closing.
    case close
    /// RST: refused or aborted.
    case reset
    case udp
    case icmp
    case other
}

/// Which way a packet goes relative to the lesson's port (the listener).
public enum PacketDirection: Hashable, Sendable {
    /// To the lesson's port: client to listener.
    case toLessonPort
    /// From the lesson's port: listener to client.
    case fromLessonPort
    case unrelated
}

/// One packet as the Packets pane shows it.
public struct PacketLogEntry: Sendable {
    public var packet: CapturedPacket
    /// The tcpdump lines (summary first, then -A/-X lines), without newlines.
    public var lines: [String]
    public var decoded: DecodedPacket
    public var kind: PacketKind
    public var direction: PacketDirection
    /// UTF-8 byte ranges of the lesson's port in the summary line (`.8080` after an
    /// address), for highlighting.
    public var lessonPortRanges: [Range<Int>]
    /// The seq and ack as the summary line prints them, so the explanation can use the
    /// same (relative) numbers the learner reads above it.
    public var sequenceNumbers: SequenceNumbersShown?
}

/// The Packets pane's model: the newest packets, printed as tcpdump prints them, with
/// what the pane needs to colour, highlight, select, explain and save them. Pure state:
/// the run loop reads packets from ``LiveCapture`` or ``PcapFileReader`` and appends them.
public struct PacketLog: Sendable {
    public private(set) var linkType: LinkType
    public var lessonPort: UInt16?
    private var printer: TcpdumpPrinter
    private var entries: [PacketLogEntry?]
    private var head = 0
    public private(set) var count = 0
    public let capacity: Int
    /// Bytes of packet data held at most (lines not counted), so big packets cannot
    /// defeat the count limit.
    public let byteLimit: Int
    public private(set) var byteCount = 0
    /// Packets pushed out of the log to keep memory bounded.
    public private(set) var dropped = 0
    /// Packets ever appended.
    public private(set) var total = 0
    /// libpcap's own counters, as last reported by the run loop.
    public var captureStatistics: CaptureStatistics?

    public init(linkType: LinkType, options: PrintOptions = PrintOptions(numeric: true, bytes: .ascii, expandTabs: true),
                names: NameTable = .numeric, host: HostFacts = HostFacts(), lessonPort: UInt16? = 8080,
                capacity: Int = 2000, byteLimit: Int = 32 << 20) {
        self.linkType = linkType
        self.lessonPort = lessonPort
        self.capacity = max(1, capacity)
        self.byteLimit = max(1, byteLimit)
        printer = TcpdumpPrinter(linkType: linkType, options: options, names: names, host: host)
        entries = Array(repeating: nil, count: self.capacity)
    }

    public var options: PrintOptions { printer.options }

    /// Adds one captured packet (its bytes are copied).
    public mutating func append(_ bytes: UnsafeRawBufferPointer, header: PacketHeader) {
        total += 1
        let packet = CapturedPacket(header: header, bytes: Array(bytes.prefix(header.capturedLength)), number: total)
        let lines = printer.lines(bytes, header: header)
        let decoded = PacketDecoder.decode(bytes, linkType: linkType)
        let entry = PacketLogEntry(packet: packet, lines: lines, decoded: decoded, kind: Self.kind(of: decoded),
                                   direction: direction(of: decoded),
                                   lessonPortRanges: lessonPort.map { Self.portRanges(in: lines.first ?? "", port: $0) } ?? [],
                                   sequenceNumbers: printer.lastSequenceNumbers)
        while count > 0 && (count == capacity || byteCount + packet.bytes.count > byteLimit) {
            byteCount -= entries[head]?.packet.bytes.count ?? 0
            entries[head] = nil
            head = (head + 1) % capacity
            count -= 1
            dropped += 1
        }
        entries[(head + count) % capacity] = entry
        count += 1
        byteCount += packet.bytes.count
    }

    /// The i-th oldest entry still held.
    public subscript(i: Int) -> PacketLogEntry {
        precondition(i >= 0 && i < count, "index out of range")
        return entries[(head + i) % capacity]!
    }

    public var all: [PacketLogEntry] { (0..<count).map { self[$0] } }

    /// Plain-English lines about entry `i`, for the selection view.
    public func explanation(of i: Int) -> [String] {
        let entry = self[i]
        return entry.packet.bytes.withUnsafeBytes {
            PacketExplainer.explain($0, linkType: linkType, lessonPort: lessonPort, shown: entry.sequenceNumbers)
        }
    }

    /// Empties the log and restarts relative sequence numbers, for a new capture.
    public mutating func clear(linkType: LinkType? = nil) {
        if let linkType, linkType != self.linkType {
            self.linkType = linkType
            printer = TcpdumpPrinter(linkType: linkType, options: printer.options, names: printer.names, host: printer.host)
        } else {
            printer.reset()
        }
        entries = Array(repeating: nil, count: capacity)
        head = 0; count = 0; dropped = 0; total = 0; byteCount = 0
    }

    public static func kind(of d: DecodedPacket) -> PacketKind {
        switch d.transport {
        case .tcp:
            guard let f = d.tcp?.flags else { return .other }
            if f.contains(.rst) { return .reset }
            if f.contains(.syn) { return .handshake }
            if f.contains(.fin) { return .close }
            return d.payloadLength > 0 ? .data : .acknowledgment
        case .udp: return .udp
        case .icmp, .icmpv6: return .icmp
        default: return .other
        }
    }

    func direction(of d: DecodedPacket) -> PacketDirection {
        guard let port = lessonPort else { return .unrelated }
        if d.destinationPort == port { return .toLessonPort }
        if d.sourcePort == port { return .fromLessonPort }
        return .unrelated
    }

    /// Where `.PORT` follows an address and ends a field (`.8080 ` or `.8080:`).
    public static func portRanges(in line: String, port: UInt16) -> [Range<Int>] {
        let bytes = Array(line.utf8)
        let needle = Array(".\(port)".utf8)
        var result: [Range<Int>] = []
        var i = 0
        while i + needle.count <= bytes.count {
            if bytes[i..<(i + needle.count)].elementsEqual(needle) {
                let end = i + needle.count
                let before = i > 0 ? bytes[i - 1] : 0
                let after = end < bytes.count ? bytes[end] : 0x20
                let afterOK = after == 0x20 || after == 0x3A
                let beforeOK = (before >= 0x30 && before <= 0x39) || (before >= 0x61 && before <= 0x7A) || before == 0x3A
                if afterOK && beforeOK { result.append((i + 1)..<end); i = end; continue }
            }
            i += 1
        }
        return result
    }
}
