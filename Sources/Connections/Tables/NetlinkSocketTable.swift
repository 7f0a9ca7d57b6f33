#if os(Linux)
import ConnectionsCore
import NetworkTypes
import Glibc

/// The socket table read as `ss` reads it: dump requests on a `NETLINK_SOCK_DIAG` socket
/// (UDP once per address family, TCP once for both), answered by the kernel with one
/// `inet_diag_msg` per socket.
///
/// Only the states the query asks for are requested, and a filter expression travels as
/// a kernel filter program (``InetDiagBytecode``), so the kernel skips what is not wanted
/// before describing it. The reply is parsed straight from the receive buffer into
/// ``SocketEntry`` values; nothing else is allocated per socket.
public struct NetlinkSocketTable: SocketTable, Sendable {
    /// Bytes per `recv`. The kernel fills at most about 32 KiB per dump step.
    public var receiveBufferSize: Int
    /// The netlink family to open: `NETLINK_SOCK_DIAG` (4). Tests name another to see the
    /// fallback to /proc work.
    public var netlinkFamily: Int32

    public init(receiveBufferSize: Int = 64 * 1024, netlinkFamily: Int32 = Netlink.sockDiag) {
        self.receiveBufferSize = max(16 * 1024, receiveBufferSize)
        self.netlinkFamily = netlinkFamily
    }

    /// Reads through netlink only; throws if the kernel refuses any part (use
    /// ``SystemSocketTable`` for the fallback to /proc/net).
    public func read(_ query: SocketQuery) throws -> SocketSnapshot {
        let session = try openSession()
        var entries: [SocketEntry] = []
        for dump in NetlinkDump.plan(for: query) {
            try session.dump(dump, query: query, into: &entries)
        }
        return SocketSnapshot(entries: entries, sources: [.netlink])
    }

    /// Opens the netlink socket and its receive buffer; both are released with the session.
    public func openSession() throws -> Session {
        let fd = socket(AF_NETLINK, Int32(SOCK_RAW.rawValue) | Int32(SOCK_CLOEXEC.rawValue), netlinkFamily)
        guard fd >= 0 else { throw SocketTableError.netlinkUnavailable(errno: errno) }
        return Session(fd: fd, bufferSize: receiveBufferSize)
    }

    /// One open netlink socket, used for the dumps of one snapshot.
    public final class Session {
        /// The socket, for `poll(POLLIN)` while a dump is in progress.
        public let fd: Int32
        let buffer: UnsafeMutableRawBufferPointer

        init(fd: Int32, bufferSize: Int) {
            self.fd = fd
            self.buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: bufferSize, alignment: 8)
        }

        deinit {
            Glibc.close(fd)
            buffer.deallocate()
        }

        /// Sends the request for one dump and returns the parser for its reply. With
        /// `filterInKernel`, the query's filter goes along as a kernel filter program.
        func start(_ dump: NetlinkDump, query: SocketQuery, filterInKernel: Bool = true) throws -> InetDiagParser {
            let bytecode = filterInKernel ? query.filter.flatMap(InetDiagBytecode.compile) : nil
            let request = dump.request(states: query.states, bytecode: bytecode)
            let sent = request.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, 0) }
            guard sent == request.count else {
                throw SocketTableError.kernelRefused(dump.transport, dump.family, errno: sent < 0 ? errno : EIO)
            }
            return InetDiagParser(dump: dump, query: query)
        }

        /// Reads and parses one datagram of the reply.
        ///
        /// The kernel prepares the next part of a dump before `recv` returns, so data is
        /// always waiting while a dump is unfinished; `MSG_DONTWAIT` guarantees this can
        /// never hang even if that ever changed.
        func receive(_ parser: inout InetDiagParser, into entries: inout [SocketEntry]) throws -> InetDiagParser.Progress {
            while true {
                let received = recv(fd, buffer.baseAddress, buffer.count, Int32(MSG_DONTWAIT))
                if received < 0 {
                    let code = errno
                    if code == EINTR { continue }
                    throw SocketTableError.kernelRefused(parser.dump.transport, parser.dump.family, errno: code)
                }
                if received == 0 {
                    throw SocketTableError.malformedReply("the netlink socket closed mid-dump")
                }
                return try parser.parse(UnsafeRawBufferPointer(rebasing: buffer[0..<received]), into: &entries)
            }
        }

        /// One whole dump, appending the matching rows. A kernel that refuses the filter
        /// program (EINVAL) is asked again without it.
        func dump(_ dump: NetlinkDump, query: SocketQuery, into entries: inout [SocketEntry]) throws {
            let first = entries.count
            do {
                var parser = try start(dump, query: query)
                while try receive(&parser, into: &entries) == .needMore {}
            } catch SocketTableError.kernelRefused(_, _, let code) where code == EINVAL && query.filter != nil {
                entries.removeSubrange(first...)
                var parser = try start(dump, query: query, filterInKernel: false)
                while try receive(&parser, into: &entries) == .needMore {}
            }
        }
    }
}

/// One dump request: a protocol over one address family, or TCP over both at once.
enum NetlinkDump: Hashable, Sendable {
    /// `SOCK_DIAG_BY_FAMILY` with `inet_diag_req_v2`.
    case one(TransportProtocol, AddressFamily)
    /// The older `TCPDIAG_GETSOCK` request, which walks the TCP hash tables once for
    /// both families (the v2 request can only name one, so two requests walk them twice).
    case tcpBothFamilies

    var transport: TransportProtocol {
        switch self {
        case let .one(transport, _): return transport
        case .tcpBothFamilies: return .tcp
        }
    }

    /// nil when both families come in one reply.
    var family: AddressFamily? {
        switch self {
        case let .one(_, family): return family
        case .tcpBothFamilies: return nil
        }
    }

    var sequence: UInt32 {
        switch self {
        case let .one(transport, family): return UInt32(transport.rawValue) << 8 | UInt32(family.rawValue)
        case .tcpBothFamilies: return 0x0600
        }
    }

    /// The dumps for a query, in ss's order: UDP before TCP, IPv4 before IPv6.
    static func plan(for query: SocketQuery) -> [NetlinkDump] {
        var plan: [NetlinkDump] = []
        for transport in query.orderedTransports {
            if transport == .tcp && query.families.count == 2 {
                plan.append(.tcpBothFamilies)
            } else {
                plan.append(contentsOf: query.orderedFamilies.map { .one(transport, $0) })
            }
        }
        return plan
    }

    func request(states: SocketStateSet, bytecode: [UInt8]? = nil) -> [UInt8] {
        var bytes: [UInt8]
        switch self {
        case let .one(transport, family):
            bytes = Netlink.dumpRequest(transport: transport, family: family, states: states, sequence: sequence)
        case .tcpBothFamilies:
            bytes = Netlink.compatTCPDumpRequest(states: states, sequence: sequence)
        }
        if let bytecode { Netlink.appendAttribute(InetDiagBytecode.requestAttribute, bytecode, to: &bytes) }
        return bytes
    }
}

/// Constants and layouts from `<linux/netlink.h>`, `<linux/sock_diag.h>` and
/// `<linux/inet_diag.h>`, named the Swift way.
public enum Netlink {
    /// `NETLINK_SOCK_DIAG`.
    public static let sockDiag: Int32 = 4
    static let sockDiagByFamily: UInt16 = 20    // SOCK_DIAG_BY_FAMILY
    static let tcpDiagGetSock: UInt16 = 18      // TCPDIAG_GETSOCK (compat, both families)
    static let compatRequestSize = 60           // struct inet_diag_req
    static let flagRequest: UInt16 = 0x01       // NLM_F_REQUEST
    static let flagDump: UInt16 = 0x300         // NLM_F_ROOT | NLM_F_MATCH
    static let flagDumpInterrupted: UInt16 = 0x10
    static let messageError: UInt16 = 2
    static let messageDone: UInt16 = 3
    static let messageOverrun: UInt16 = 4
    static let headerSize = 16                  // struct nlmsghdr
    static let requestSize = 56                 // struct inet_diag_req_v2
    static let messageSize = 72                 // struct inet_diag_msg
    static let attributeV6Only: UInt16 = 11     // INET_DIAG_SKV6ONLY

    /// `struct nlmsghdr` + `struct inet_diag_req_v2` asking for every socket of one
    /// protocol and family in `states`, with no extensions (the cheapest reply).
    static func dumpRequest(transport: TransportProtocol, family: AddressFamily,
                            states: SocketStateSet, sequence: UInt32) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: headerSize + requestSize)
        bytes.withUnsafeMutableBytes { raw in
            raw.storeBytes(of: UInt32(headerSize + requestSize), toByteOffset: 0, as: UInt32.self)
            raw.storeBytes(of: sockDiagByFamily, toByteOffset: 4, as: UInt16.self)
            raw.storeBytes(of: flagRequest | flagDump, toByteOffset: 6, as: UInt16.self)
            raw.storeBytes(of: sequence, toByteOffset: 8, as: UInt32.self)
            // inet_diag_req_v2
            raw[16] = UInt8(family.systemValue)          // sdiag_family
            raw[17] = transport.ipProtocolNumber         // sdiag_protocol
            raw[18] = 0                                  // idiag_ext
            raw.storeBytes(of: states.rawValue, toByteOffset: 20, as: UInt32.self)
            // id: all zero except the cookie, which says "no particular socket".
            raw.storeBytes(of: UInt32.max, toByteOffset: 16 + 8 + 40, as: UInt32.self)
            raw.storeBytes(of: UInt32.max, toByteOffset: 16 + 8 + 44, as: UInt32.self)
        }
        return bytes
    }
}

extension Netlink {
    /// Appends a `struct rtattr` to a request and updates the message length.
    static func appendAttribute(_ type: UInt16, _ payload: [UInt8], to message: inout [UInt8]) {
        let length = 4 + payload.count
        message += [UInt8(truncatingIfNeeded: length), UInt8(truncatingIfNeeded: length >> 8),
                    UInt8(truncatingIfNeeded: type), UInt8(truncatingIfNeeded: type >> 8)]
        message += payload
        while message.count % 4 != 0 { message.append(0) }
        let total = UInt32(message.count)
        message.withUnsafeMutableBytes { $0.storeBytes(of: total, toByteOffset: 0, as: UInt32.self) }
    }

    /// `struct nlmsghdr` + `struct inet_diag_req` (the older, pre-v2 request): TCP over
    /// every address family in one walk of the kernel's tables.
    static func compatTCPDumpRequest(states: SocketStateSet, sequence: UInt32) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: headerSize + compatRequestSize)
        bytes.withUnsafeMutableBytes { raw in
            raw.storeBytes(of: UInt32(headerSize + compatRequestSize), toByteOffset: 0, as: UInt32.self)
            raw.storeBytes(of: tcpDiagGetSock, toByteOffset: 4, as: UInt16.self)
            raw.storeBytes(of: flagRequest | flagDump, toByteOffset: 6, as: UInt16.self)
            raw.storeBytes(of: sequence, toByteOffset: 8, as: UInt32.self)
            raw[16] = UInt8(AF_INET)                     // idiag_family (ignored by dumps)
            // idiag_src_len, idiag_dst_len, idiag_ext = 0; id = 0 except the cookie.
            raw.storeBytes(of: UInt32.max, toByteOffset: 16 + 4 + 40, as: UInt32.self)
            raw.storeBytes(of: UInt32.max, toByteOffset: 16 + 4 + 44, as: UInt32.self)
            raw.storeBytes(of: states.rawValue, toByteOffset: 16 + 52, as: UInt32.self)
        }
        return bytes
    }
}

/// Parses the messages of one dump reply, across as many `recv` chunks as it takes.
///
/// Kept separate from the socket so tests can feed it recorded or hand-made bytes
/// (multi-part replies, `NLMSG_ERROR`, truncated messages).
struct InetDiagParser {
    enum Progress: Equatable { case needMore, done }

    let dump: NetlinkDump
    let transport: TransportProtocol
    let states: SocketStateSet
    let filter: SocketFilter?
    let sequence: UInt32
    private(set) var interrupted = false
    /// For a two-family dump, the IPv6 rows wait here and follow all IPv4 rows at the end
    /// (ss's order), which saves moving 20,000 rows afterwards.
    private var laterIPv6: [SocketEntry] = []

    init(dump: NetlinkDump, query: SocketQuery) {
        self.dump = dump
        self.transport = dump.transport
        self.states = query.states
        self.filter = query.filter
        self.sequence = dump.sequence
    }

    mutating func parse(_ chunk: UnsafeRawBufferPointer, into entries: inout [SocketEntry]) throws -> Progress {
        var offset = 0
        let count = chunk.count
        while offset + Netlink.headerSize <= count {
            let length = Int(chunk.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
            let type = chunk.loadUnaligned(fromByteOffset: offset + 4, as: UInt16.self)
            let flags = chunk.loadUnaligned(fromByteOffset: offset + 6, as: UInt16.self)
            let seq = chunk.loadUnaligned(fromByteOffset: offset + 8, as: UInt32.self)
            guard length >= Netlink.headerSize, offset + length <= count else {
                throw SocketTableError.malformedReply("message length \(length) at offset \(offset) of \(count)")
            }
            defer { offset += (length + 3) & ~3 }
            if seq != sequence { continue }
            if flags & Netlink.flagDumpInterrupted != 0 { interrupted = true }
            switch type {
            case Netlink.messageDone:
                if length >= Netlink.headerSize + 4 {
                    let status = chunk.loadUnaligned(fromByteOffset: offset + Netlink.headerSize, as: Int32.self)
                    if status < 0 { throw SocketTableError.kernelRefused(transport, dump.family, errno: -status) }
                }
                entries.append(contentsOf: laterIPv6)
                laterIPv6 = []
                return .done
            case Netlink.messageError:
                guard length >= Netlink.headerSize + 4 else {
                    throw SocketTableError.malformedReply("short NLMSG_ERROR")
                }
                let status = chunk.loadUnaligned(fromByteOffset: offset + Netlink.headerSize, as: Int32.self)
                if status == 0 { continue }  // an acknowledgement, not an error
                throw SocketTableError.kernelRefused(transport, dump.family, errno: -status)
            case Netlink.messageOverrun:
                throw SocketTableError.malformedReply("the kernel dropped part of the reply (NLMSG_OVERRUN)")
            case Netlink.sockDiagByFamily, Netlink.tcpDiagGetSock:
                // Replies carry the request's type: 20 for v2, 18 for the TCP compat request.
                guard length >= Netlink.headerSize + Netlink.messageSize else {
                    throw SocketTableError.malformedReply("inet_diag_msg of \(length) bytes")
                }
                // The kernel already honoured protocol, family and states; only the
                // filter expression is left to check.
                if let entry = entry(in: chunk, at: offset + Netlink.headerSize, end: offset + length),
                   states.contains(entry.state), filter?.matches(entry) ?? true {
                    if dump.family == nil && entry.family == .ipv6 {
                        laterIPv6.append(entry)
                    } else {
                        entries.append(entry)
                    }
                }
            default:
                continue
            }
        }
        if offset != count {
            throw SocketTableError.malformedReply("a message was cut at the end of a datagram")
        }
        return .needMore
    }

    /// Decodes one `struct inet_diag_msg` and its attributes.
    private func entry(in raw: UnsafeRawBufferPointer, at base: Int, end: Int) -> SocketEntry? {
        let familyByte = raw[base]
        let stateByte = raw[base + 1]
        let sport = UInt16(bigEndian: raw.loadUnaligned(fromByteOffset: base + 4, as: UInt16.self))
        let dport = UInt16(bigEndian: raw.loadUnaligned(fromByteOffset: base + 6, as: UInt16.self))
        let local: IPAddress
        let remote: IPAddress
        switch Int32(familyByte) {
        case AF_INET:
            local = IPAddress(ipv4: UInt32(bigEndian: raw.loadUnaligned(fromByteOffset: base + 8, as: UInt32.self)))
            remote = IPAddress(ipv4: UInt32(bigEndian: raw.loadUnaligned(fromByteOffset: base + 24, as: UInt32.self)))
        case AF_INET6:
            local = IPAddress(ipv6High: UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: base + 8, as: UInt64.self)),
                              low: UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: base + 16, as: UInt64.self)))
            remote = IPAddress(ipv6High: UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: base + 24, as: UInt64.self)),
                               low: UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: base + 32, as: UInt64.self)))
        default:
            return nil
        }
        var v6Only = false
        var attribute = base + Netlink.messageSize
        while attribute + 4 <= end {
            let attributeLength = Int(raw.loadUnaligned(fromByteOffset: attribute, as: UInt16.self))
            let attributeType = raw.loadUnaligned(fromByteOffset: attribute + 2, as: UInt16.self) & 0x3FFF
            if attributeLength < 4 || attribute + attributeLength > end { break }
            if attributeType == Netlink.attributeV6Only, attributeLength >= 5 {
                v6Only = raw[attribute + 4] != 0
            }
            attribute += (attributeLength + 3) & ~3
        }
        return SocketEntry(
            transport: transport,
            state: SocketState(kernelValue: stateByte),
            local: SocketAddress(address: local, port: sport),
            remote: SocketAddress(address: remote, port: dport),
            recvQ: raw.loadUnaligned(fromByteOffset: base + 56, as: UInt32.self),
            sendQ: raw.loadUnaligned(fromByteOffset: base + 60, as: UInt32.self),
            inode: UInt64(raw.loadUnaligned(fromByteOffset: base + 68, as: UInt32.self)),
            uid: raw.loadUnaligned(fromByteOffset: base + 64, as: UInt32.self),
            interfaceIndex: raw.loadUnaligned(fromByteOffset: base + 40, as: UInt32.self),
            isV6Only: v6Only)
    }
}

#endif
