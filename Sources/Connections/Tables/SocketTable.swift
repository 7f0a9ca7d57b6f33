#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ConnectionsCore
import NetworkTypes

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

/// What can go wrong reading the socket table, in words a learner can act on.
public enum SocketTableError: Error, Equatable, CustomStringConvertible {
    /// `socket(AF_NETLINK, …, NETLINK_SOCK_DIAG)` failed.
    case netlinkUnavailable(errno: Int32)
    /// The kernel answered a dump request with an error (for example no `udp_diag` module).
    /// The family is nil for a request covering both.
    case kernelRefused(TransportProtocol, AddressFamily?, errno: Int32)
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
            let familyName = family.map { $0 == .ipv4 ? "IPv4" : "IPv6" } ?? "IPv4 and IPv6"
            let file = "/proc/net/\(transport.name)\(family == .ipv6 ? "6" : "")"
            return "The kernel would not list \(transport.name.uppercased()) sockets over \(familyName) through netlink: \(SocketTableError.text(code)). On some systems the \(transport.name)_diag kernel module is missing; \(file) has the same rows."
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

/// Monotonic time for step budgets.
enum Clock {
    static func microseconds() -> Int {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return Int(t.tv_sec) * 1_000_000 + Int(t.tv_nsec) / 1000
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
    /// False reads /proc/net only (to compare the two, or where netlink misbehaves).
    public var usesNetlink: Bool

    public init(netlink: NetlinkSocketTable = NetlinkSocketTable(),
                procNet: ProcNetSocketTable = ProcNetSocketTable(),
                usesNetlink: Bool = true) {
        self.netlink = netlink
        self.procNet = procNet
        self.usesNetlink = usesNetlink
    }

    /// Reads the whole table now.
    public func read(_ query: SocketQuery) throws -> SocketSnapshot {
        let refresh = beginRefresh(query)
        while true {
            if let snapshot = try refresh.step(budgetMicroseconds: nil) { return snapshot }
        }
    }

    /// Starts a read to be finished over several turns of the run loop (see
    /// ``SocketTableRefresh``).
    public func beginRefresh(_ query: SocketQuery) -> SocketTableRefresh {
        SocketTableRefresh(query: query, netlink: usesNetlink ? netlink : nil, procNet: procNet)
    }
}

/// A read of the socket table spread over turns of the run loop, so that a table of
/// 20,000 sockets never holds the loop for more than a few milliseconds at a time.
///
/// The kernel builds its answer a datagram at a time, inside each `recv`; ``step(budgetMicroseconds:)``
/// takes datagrams until its time budget is spent and returns nil while the answer is
/// unfinished. While it is, ``fileDescriptor`` is readable: put it in the `poll()` set
/// with `POLLIN` and call `step` when it is ready (it is ready again at once, so one
/// `step` per loop turn is the rhythm). The finished snapshot is returned once.
///
/// Sockets that open or close while a read is spread out may be missed or seen twice
/// (the kernel resumes its walk by position), as with any dump that is not instant.
public final class SocketTableRefresh {
    public let query: SocketQuery
    private let netlink: NetlinkSocketTable?
    private let procNet: ProcNetSocketTable
    private var session: NetlinkSocketTable.Session?
    private var plan: [Step]
    private var current: (dump: NetlinkDump, parser: InetDiagParser, firstRow: Int)?
    private var procFile: ProcNetFileReader?
    /// Send the filter to the kernel as a program, until a kernel refuses one.
    private var filterInKernel = true
    private var snapshot = SocketSnapshot()
    private var delivered = false

    enum Step: Hashable {
        case netlink(NetlinkDump)
        case procNet(TransportProtocol, AddressFamily)
    }

    init(query: SocketQuery, netlink: NetlinkSocketTable?, procNet: ProcNetSocketTable) {
        self.query = query
        self.netlink = netlink
        self.procNet = procNet
        self.snapshot.entries.reserveCapacity(256)
        let procPlan = query.orderedTransports.flatMap { t in query.orderedFamilies.map { Step.procNet(t, $0) } }
        guard let netlink else {
            plan = procPlan
            return
        }
        do {
            session = try netlink.openSession()
            plan = NetlinkDump.plan(for: query).map { .netlink($0) }
        } catch {
            snapshot.notes.append("\(error)")
            plan = procPlan
        }
    }

    /// The netlink socket to poll for `POLLIN` while the read is unfinished; nil when
    /// there is nothing to wait for (call ``step(budgetMicroseconds:)`` directly).
    public var fileDescriptor: Int32? {
        delivered ? nil : session?.fd
    }

    /// True once the snapshot has been returned.
    public var isFinished: Bool { delivered }

    /// Does up to `budgetMicroseconds` of work (nil: all of it). Returns the snapshot when
    /// the read is complete, nil while there is more to do (and after delivery).
    public func step(budgetMicroseconds: Int? = 4000) throws -> SocketSnapshot? {
        guard !delivered else { return nil }
        let deadline = budgetMicroseconds.map { Clock.microseconds() + $0 }
        var worked = false
        while true {
            // At least one piece of work per step, so even a zero budget makes progress.
            if worked, let deadline, Clock.microseconds() >= deadline { return nil }
            worked = true
            if let reader = procFile {
                if try reader.step() {
                    snapshot.entries.append(contentsOf: reader.snapshot.entries)
                    snapshot.skippedLines += reader.snapshot.skippedLines
                    snapshot.notes.append(contentsOf: reader.snapshot.notes)
                    snapshot.sources.insert(.procNet)
                    procFile = nil
                }
                continue
            }
            if current == nil {
                guard !plan.isEmpty else {
                    delivered = true
                    session = nil
                    return snapshot
                }
                let step = plan.removeFirst()
                switch step {
                case let .procNet(transport, family):
                    procFile = try procNet.openReader(transport: transport, family: family, query: query)
                    if procFile == nil { snapshot.sources.insert(.procNet) }
                case let .netlink(dump):
                    do {
                        guard let session else { throw SocketTableError.malformedReply("no netlink session") }
                        current = (dump, try session.start(dump, query: query, filterInKernel: filterInKernel),
                                   snapshot.entries.count)
                    } catch {
                        fallBack(from: dump, because: error)
                    }
                }
                continue
            }
            guard let session, let (dump, startParser, firstRow) = current else { continue }
            var parser = startParser
            do {
                let progress = try session.receive(&parser, into: &snapshot.entries)
                current = (dump, parser, firstRow)
                if progress == .done {
                    snapshot.sources.insert(.netlink)
                    current = nil
                }
            } catch {
                // Drop the half-read dump; a fresh socket avoids the rest of its reply.
                snapshot.entries.removeSubrange(firstRow...)
                current = nil
                self.session = try? netlink?.openSession()
                if case SocketTableError.kernelRefused(_, _, EINVAL) = error, filterInKernel, query.filter != nil {
                    // An older kernel that does not know one of the filter's instructions:
                    // ask again and filter here.
                    filterInKernel = false
                    plan.insert(.netlink(dump), at: 0)
                } else {
                    fallBack(from: dump, because: error)
                }
            }
        }
    }

    /// When netlink refuses a dump: the two-family TCP request becomes one request per
    /// family; a one-family request becomes a read of its /proc/net file.
    private func fallBack(from dump: NetlinkDump, because error: any Error) {
        switch dump {
        case .tcpBothFamilies:
            plan.insert(contentsOf: query.orderedFamilies.map { .netlink(.one(.tcp, $0)) }, at: 0)
        case let .one(transport, family):
            snapshot.notes.append("\(error)")
            plan.insert(.procNet(transport, family), at: 0)
        }
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

extension AddressFamily {
    /// The `AF_*` number the kernel uses.
    public var systemValue: Int32 {
        switch self {
        case .ipv4: return Int32(AF_INET)
        case .ipv6: return Int32(AF_INET6)
        }
    }
}
