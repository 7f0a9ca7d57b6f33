#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A source of the kernel's socket table. Linux has two (netlink sock_diag and
/// /proc/net); macOS would have a third (the `net.inet.tcp.pcblist_n` sysctl).
///
/// Reading is synchronous and bounded: the kernel produces the whole answer inside the
/// calls, nothing waits on the network, so the run loop may call it from its loop
/// (about once a second and after socket events).
public protocol SocketTable: Sendable {
    /// Reads the table, keeping only the rows `query` asks for.
    func read(_ query: SocketQuery) throws -> SocketSnapshot
}

extension SocketTable {
    /// The rows alone.
    public func snapshot(_ query: SocketQuery) throws -> [SocketEntry] {
        try read(query).entries
    }
}

/// Where a snapshot's rows came from.
public enum SocketTableSource: String, Hashable, Sendable, Comparable {
    case netlink
    case procNet = "proc"
    case darwin

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

    public init(entries: [SocketEntry] = [], sources: Set<SocketTableSource> = [],
                skippedLines: Int = 0, notes: [String] = []) {
        self.entries = entries
        self.sources = sources
        self.skippedLines = skippedLines
        self.notes = notes
    }
}

/// What can go wrong reading the socket table, in words a learner can act on.
public enum SocketTableError: Error, Equatable, CustomStringConvertible {
    /// `socket(AF_NETLINK, …, NETLINK_SOCK_DIAG)` failed.
    case netlinkUnavailable(errno: Int32)
    /// The kernel answered a dump request with an error (for example no `udp_diag` module).
    case kernelRefused(TransportProtocol, AddressFamily, errno: Int32)
    /// The reply did not have the shape netlink promises.
    case malformedReply(String)
    /// A /proc/net file could not be read.
    case procFileUnreadable(path: String, errno: Int32)
    /// This operating system has no implementation yet.
    case unsupportedSystem(String)

    public var description: String {
        switch self {
        case let .netlinkUnavailable(code):
            return "The kernel's socket list (netlink sock_diag) is not available here: \(SocketTableError.text(code)). porttutor reads /proc/net instead."
        case let .kernelRefused(transport, family, code):
            return "The kernel would not list \(transport.name.uppercased()) over \(family == .ipv4 ? "IPv4" : "IPv6") sockets through netlink: \(SocketTableError.text(code)). On some systems the \(transport.name)_diag kernel module is missing; /proc/net/\(transport.name)\(family == .ipv6 ? "6" : "") has the same rows."
        case let .malformedReply(detail):
            return "The kernel's netlink reply was not understood (\(detail)). porttutor reads /proc/net instead."
        case let .procFileUnreadable(path, code):
            return "Could not read \(path): \(SocketTableError.text(code)). Is /proc mounted? (In a container, mount it or run with --pid=host to see other programs.)"
        case let .unsupportedSystem(detail):
            return detail
        }
    }

    static func text(_ code: Int32) -> String {
        guard let message = strerror(code) else { return "error \(code)" }
        return String(cString: message) + " (errno \(code))"
    }
}

#if os(Linux)

/// The socket table as ss reads it: netlink sock_diag first, and /proc/net for any
/// protocol and family netlink refuses (no netlink in a restricted container, no
/// `udp_diag` module, …). The fallback is decided per read and per protocol, so it costs
/// nothing to keep and recovers by itself.
public struct SystemSocketTable: SocketTable, Sendable {
    public var netlink: NetlinkSocketTable
    public var procNet: ProcNetSocketTable

    public init(netlink: NetlinkSocketTable = NetlinkSocketTable(),
                procNet: ProcNetSocketTable = ProcNetSocketTable()) {
        self.netlink = netlink
        self.procNet = procNet
    }

    public func read(_ query: SocketQuery) throws -> SocketSnapshot {
        var snapshot = SocketSnapshot()
        snapshot.entries.reserveCapacity(256)
        let session: NetlinkSocketTable.Session
        do {
            session = try netlink.openSession()
        } catch {
            snapshot.notes.append("\(error)")
            var fallback = try procNet.read(query)
            fallback.notes.insert(contentsOf: snapshot.notes, at: 0)
            return fallback
        }
        for transport in query.orderedTransports {
            for family in query.orderedFamilies {
                do {
                    try session.dump(transport: transport, family: family, query: query, into: &snapshot.entries)
                    snapshot.sources.insert(.netlink)
                } catch {
                    snapshot.notes.append("\(error)")
                    let part = try procNet.read(transport: transport, family: family, query: query)
                    snapshot.entries.append(contentsOf: part.entries)
                    snapshot.skippedLines += part.skippedLines
                    snapshot.sources.insert(.procNet)
                }
            }
        }
        return snapshot
    }
}

#else

/// On macOS the table would come from the `net.inet.tcp.pcblist_n` and
/// `net.inet.udp.pcblist_n` sysctls (what `netstat` itself reads). Not written yet: this
/// type exists so callers compile everywhere and learners get a clear message.
public struct SystemSocketTable: SocketTable, Sendable {
    public init() {}

    public func read(_ query: SocketQuery) throws -> SocketSnapshot {
        throw SocketTableError.unsupportedSystem(
            "porttutor's Connections pane reads the Linux socket table (netlink or /proc/net). On macOS it is not implemented yet; run `netstat -f inet -n` in a terminal to see the same table.")
    }
}

#endif
