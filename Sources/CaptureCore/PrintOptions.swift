/// How the printer formats packets: the tcpdump flags porttutor understands.
public struct PrintOptions: Hashable, Sendable {
    /// What to show of the packet bytes after the summary line (tcpdump picks `-X` over
    /// `-x` over `-A` when several are given).
    public enum Bytes: Hashable, Sendable {
        /// Only the summary line.
        case none
        /// `-A`: the bytes as ASCII, every non-printing byte as `.`.
        case ascii
        /// `-x`: hex only, 16 bytes a line.
        case hex
        /// `-X`: hex and ASCII, 16 bytes a line.
        case hexAndASCII
    }

    /// What starts each line: tcpdump's `-t` family.
    public enum Timestamp: Hashable, Sendable {
        /// (default) `HH:MM:SS.uuuuuu` in local time.
        case clock
        /// `-t`: nothing.
        case none
        /// `-tt`: seconds since 1970, `1700000000.123456`.
        case epoch
        /// `-ttt`: time since the previous packet, `00:00:00.000123`.
        case sinceLast
        /// `-tttt`: local date and time, `2026-12-05 07:27:30.123456`.
        case dateAndClock
        /// `-ttttt`: time since the first packet, `00:00:01.000123`.
        case sinceFirst
    }

    /// `-n` / `-nn`: addresses, ports and protocols as numbers. Without it, names come
    /// from the local name files only (see ``NameTable``).
    public var numeric: Bool
    public var bytes: Bytes
    /// `-XX`, `-xx`, `-AA`: the dump starts at the link-layer header, not after it.
    public var bytesIncludeLinkHeader: Bool
    public var timestamp: Timestamp
    /// `-v` is 1, `-vv` is 2: more header fields, checksums, and multi-line detail.
    public var verbosity: Int
    /// `-e`: each line starts with the link-level header (MAC addresses, ethertype).
    public var linkHeader: Bool
    /// `-S`: TCP sequence numbers as on the wire, not from the connection's start.
    public var absoluteSequenceNumbers: Bool
    /// `-q`: less protocol detail (`tcp 12` instead of flags, seq and options).
    public var quiet: Bool
    /// `-#` / `--number`: each line starts with the packet's number, from 1.
    public var packetNumbers: Bool
    /// Turns each tab in `-A` output into spaces up to the next multiple of 8, as a
    /// terminal shows it, so a cell-based pane shows exactly what a terminal would.
    /// Off by default: tcpdump writes the tab byte.
    public var expandTabs: Bool

    public init(numeric: Bool = true, bytes: Bytes = .none, bytesIncludeLinkHeader: Bool = false,
                timestamp: Timestamp = .clock, verbosity: Int = 0, linkHeader: Bool = false,
                absoluteSequenceNumbers: Bool = false, quiet: Bool = false, packetNumbers: Bool = false,
                expandTabs: Bool = false) {
        self.numeric = numeric
        self.bytes = bytes
        self.bytesIncludeLinkHeader = bytesIncludeLinkHeader
        self.timestamp = timestamp
        self.verbosity = verbosity
        self.linkHeader = linkHeader
        self.absoluteSequenceNumbers = absoluteSequenceNumbers
        self.quiet = quiet
        self.packetNumbers = packetNumbers
        self.expandTabs = expandTabs
    }
}

/// When and how long a packet was, as libpcap reports it.
public struct PacketHeader: Hashable, Sendable {
    /// Seconds since the Unix epoch.
    public var seconds: Int64
    /// Microseconds within the second.
    public var microseconds: UInt32
    /// Bytes captured (at most the snapshot length).
    public var capturedLength: Int
    /// Bytes the packet had on the wire.
    public var wireLength: Int

    public init(seconds: Int64, microseconds: UInt32, capturedLength: Int, wireLength: Int) {
        self.seconds = seconds
        self.microseconds = microseconds
        self.capturedLength = capturedLength
        self.wireLength = wireLength
    }
}
