import NetworkTypes

/// Where a snapshot's rows came from.
public enum SocketTableSource: String, Hashable, Sendable, Comparable {
    case netlink
    case procNet = "proc"

    public static func < (lhs: SocketTableSource, rhs: SocketTableSource) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// One reading of the socket table.
public struct SocketSnapshot: Sendable {
    /// The rows in the kernel's order (UDP before TCP, IPv4 before IPv6, as ss prints them).
    public var entries: [SocketEntry]
    /// Which mechanisms produced the rows (netlink, or /proc where netlink was refused).
    public var sources: Set<SocketTableSource>
    /// Lines of /proc/net files that could not be understood and were left out.
    public var skippedLines: Int
    /// Things worth telling the learner, such as why /proc was used instead of netlink.
    public var notes: [String]
    /// Processes whose sockets could not be looked into (not root), when owners were read.
    public var unreadableProcesses: Int
    /// The packet sockets (live captures, whoever runs them), read with the table when the
    /// request asks for them (``ConnectionsRequest/includesPacketSockets``), with owners
    /// when the rows have theirs.
    public var packetSockets: [PacketSocketEntry]
    /// The process that read the snapshot (porttutor itself), so that its own sockets, its
    /// own capture among them, are told from other programs' by pid rather than by name.
    public var readerProcessID: Int32?

    public init(entries: [SocketEntry] = [], sources: Set<SocketTableSource> = [],
                skippedLines: Int = 0, notes: [String] = [], unreadableProcesses: Int = 0,
                packetSockets: [PacketSocketEntry] = [], readerProcessID: Int32? = nil) {
        self.entries = entries
        self.sources = sources
        self.skippedLines = skippedLines
        self.notes = notes
        self.unreadableProcesses = unreadableProcesses
        self.packetSockets = packetSockets
        self.readerProcessID = readerProcessID
    }

    /// The notes for a table drawn with `showProcesses`: the owners it could not name are
    /// worth a line only where an owner column is shown.
    public func notes(showingProcesses: Bool) -> [String] {
        guard showingProcesses, unreadableProcesses > 0 else { return notes }
        let count = unreadableProcesses
        return notes + ["\(count) process\(count == 1 ? "" : "es") could not be looked into; run as root to see every program."]
    }
}
