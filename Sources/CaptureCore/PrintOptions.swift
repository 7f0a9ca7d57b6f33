/// How the printer formats packets: the tcpdump flags porttutor understands.
public struct PrintOptions: Hashable, Sendable {
    /// What to show of the packet bytes after the summary line.
    public enum Bytes: Hashable, Sendable {
        /// Only the summary line.
        case none
        /// `-A`: the bytes as ASCII, every non-printing byte as `.`.
        case ascii
        /// `-X`: hex and ASCII, 16 bytes a line.
        case hexAndASCII
    }

    /// `-n` / `-nn`: addresses, ports and protocols as numbers. Without it, names come
    /// from the local name files only (see ``NameTable``).
    public var numeric: Bool
    public var bytes: Bytes
    /// `-t` turns timestamps off.
    public var timestamps: Bool
    /// Turns each tab in `-A` output into spaces up to the next multiple of 8, as a
    /// terminal shows it, so a cell-based pane shows exactly what a terminal would.
    /// Off by default: tcpdump writes the tab byte.
    public var expandTabs: Bool

    public init(numeric: Bool = true, bytes: Bytes = .none, timestamps: Bool = true, expandTabs: Bool = false) {
        self.numeric = numeric
        self.bytes = bytes
        self.timestamps = timestamps
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
