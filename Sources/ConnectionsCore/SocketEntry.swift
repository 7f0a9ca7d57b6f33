import NetworkTypes
import SafeText

/// One process holding a socket open, as `ss -p` shows it: `("nc",pid=1234,fd=3)`.
public struct SocketProcess: Hashable, Sendable, Comparable {
    public var pid: Int32
    /// The command name from `/proc/PID/comm` (at most 15 bytes), made safe for display.
    public var name: SafeText
    /// The file descriptor number the process holds the socket under.
    public var fd: Int32
    /// The program as netstat names it: the first word of `/proc/PID/cmdline`, without
    /// its directory when it is an absolute path (`bench/out/holder` stays whole).
    /// nil when it could not be read; netstat style then shows `name`.
    public var programName: SafeText?

    public init(pid: Int32, name: SafeText, fd: Int32, programName: SafeText? = nil) {
        self.pid = pid
        self.name = name
        self.fd = fd
        self.programName = programName
    }

    public static func < (lhs: SocketProcess, rhs: SocketProcess) -> Bool {
        (lhs.pid, lhs.fd) < (rhs.pid, rhs.fd)
    }
}

/// One row of the socket table: a TCP or UDP socket over IPv4 or IPv6.
///
/// Plain data with no references, so a snapshot of 20,000 rows is one flat array and two
/// snapshots compare cheaply.
public struct SocketEntry: Hashable, Sendable {
    public var transport: TransportProtocol
    public var state: SocketState
    public var local: SocketAddress
    public var remote: SocketAddress
    /// Bytes received but not yet read by the program; for a listener, connections waiting
    /// in the accept queue.
    public var recvQ: UInt32
    /// Bytes sent but not yet acknowledged by the peer; for a listener read through netlink,
    /// the backlog limit (as ss shows it).
    public var sendQ: UInt32
    /// The socket's inode number: what `/proc/PID/fd/N` links to as `socket:[INODE]`.
    /// Zero for TIME-WAIT and SYN-RECV entries, which belong to no program any more.
    public var inode: UInt64
    /// The user id that created the socket.
    public var uid: UInt32
    /// The interface a socket is bound to (`SO_BINDTODEVICE` or an IPv6 scope), or 0.
    public var interfaceIndex: UInt32
    /// For an IPv6 listener: true when it accepts IPv6 only (`IPV6_V6ONLY`); false when it
    /// also accepts IPv4, which ss marks by writing its wildcard address as `*`.
    public var isV6Only: Bool
    /// The processes holding the socket, filled in by ``ProcessMap`` only when asked for
    /// (`-p`); `nil` when nobody asked.
    public var processes: [SocketProcess]?

    public init(transport: TransportProtocol, state: SocketState,
                local: SocketAddress, remote: SocketAddress,
                recvQ: UInt32 = 0, sendQ: UInt32 = 0, inode: UInt64 = 0, uid: UInt32 = 0,
                interfaceIndex: UInt32 = 0, isV6Only: Bool = false,
                processes: [SocketProcess]? = nil) {
        self.transport = transport
        self.state = state
        self.local = local
        self.remote = remote
        self.recvQ = recvQ
        self.sendQ = sendQ
        self.inode = inode
        self.uid = uid
        self.interfaceIndex = interfaceIndex
        self.isV6Only = isV6Only
        self.processes = processes
    }

    public var family: AddressFamily { local.address.family }

    /// Identity of the row across refreshes: protocol and both ends. State, queues and
    /// inode may change while the row stays "the same connection".
    public var key: SocketKey {
        SocketKey(transport: transport, local: local, remote: remote)
    }

    /// True when either end uses `port` (the lesson's port, to highlight the row).
    public func involves(port: UInt16) -> Bool {
        local.port == port || remote.port == port
    }
}

/// The identity of a socket table row: protocol plus both endpoints.
public struct SocketKey: Hashable, Sendable {
    public var transport: TransportProtocol
    public var local: SocketAddress
    public var remote: SocketAddress

    public init(transport: TransportProtocol, local: SocketAddress, remote: SocketAddress) {
        self.transport = transport
        self.local = local
        self.remote = remote
    }
}
