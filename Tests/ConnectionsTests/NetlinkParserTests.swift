import ToolCommands
import SocketsCore
import Glibc
import Testing
@testable import Connections
@testable import ConnectionsCore
@testable import NetworkTypes

/// The netlink reply parser on hand-built replies: multi-part dumps, errors, damage.
@Suite("Netlink reply parser")
struct NetlinkParserTests {
    static let query = SocketQuery(transports: [.tcp, .udp], states: .all)

    /// One `inet_diag_msg` for 127.0.0.1:lport -> 127.0.0.1:rport (or ::1 for IPv6).
    func message(type: UInt16 = 20, sequence: UInt32, family: AddressFamily = .ipv4, state: UInt8 = 1,
                 lport: UInt16, rport: UInt16, inode: UInt32 = 99, v6Only: UInt8? = nil) -> [UInt8] {
        var body = [UInt8](repeating: 0, count: 72)
        body[0] = UInt8(family.systemValue)
        body[1] = state
        body[4] = UInt8(lport >> 8); body[5] = UInt8(lport & 0xFF)
        body[6] = UInt8(rport >> 8); body[7] = UInt8(rport & 0xFF)
        if family == .ipv4 {
            body[8...11] = [127, 0, 0, 1]; body[24...27] = [127, 0, 0, 1]
        } else {
            body[23] = 1; body[39] = 1
        }
        body.withUnsafeMutableBytes { raw in
            raw.storeBytes(of: UInt32(5), toByteOffset: 56, as: UInt32.self)   // rqueue
            raw.storeBytes(of: UInt32(7), toByteOffset: 60, as: UInt32.self)   // wqueue
            raw.storeBytes(of: UInt32(1000), toByteOffset: 64, as: UInt32.self)
            raw.storeBytes(of: inode, toByteOffset: 68, as: UInt32.self)
        }
        if let v6Only { body += [5, 0, 11, 0, v6Only, 0, 0, 0] }   // INET_DIAG_SKV6ONLY, padded
        body += [8, 0, 8, 0, 0, 0, 0, 0]                           // INET_DIAG_SHUTDOWN
        return header(length: 16 + body.count, type: type, sequence: sequence) + body
    }

    func header(length: Int, type: UInt16, flags: UInt16 = 2, sequence: UInt32) -> [UInt8] {
        var h = [UInt8](repeating: 0, count: 16)
        h.withUnsafeMutableBytes { raw in
            raw.storeBytes(of: UInt32(length), toByteOffset: 0, as: UInt32.self)
            raw.storeBytes(of: type, toByteOffset: 4, as: UInt16.self)
            raw.storeBytes(of: flags, toByteOffset: 6, as: UInt16.self)
            raw.storeBytes(of: sequence, toByteOffset: 8, as: UInt32.self)
        }
        return h
    }

    func status(type: UInt16, _ value: Int32, sequence: UInt32) -> [UInt8] {
        var payload = [UInt8](repeating: 0, count: type == 2 ? 20 : 4)
        payload.withUnsafeMutableBytes { $0.storeBytes(of: value, toByteOffset: 0, as: Int32.self) }
        return header(length: 16 + payload.count, type: type, sequence: sequence) + payload
    }

    func feed(_ parser: inout InetDiagParser, _ chunk: [UInt8], into entries: inout [SocketEntry]) throws -> InetDiagParser.Progress {
        try chunk.withUnsafeBytes { try parser.parse($0, into: &entries) }
    }

    @Test("A dump in several datagrams, ended by NLMSG_DONE")
    func multipart() throws {
        let dump = NetlinkDump.one(.tcp, .ipv4)
        var parser = InetDiagParser(dump: dump, query: Self.query)
        var entries: [SocketEntry] = []
        let s = dump.sequence
        #expect(try feed(&parser, message(sequence: s, lport: 8080, rport: 40000) + message(sequence: s, lport: 40000, rport: 8080), into: &entries) == .needMore)
        #expect(try feed(&parser, message(sequence: s, state: 10, lport: 8080, rport: 0), into: &entries) == .needMore)
        #expect(try feed(&parser, status(type: 3, 0, sequence: s), into: &entries) == .done)
        #expect(entries.map(\.local.port) == [8080, 40000, 8080])
        #expect(entries[2].state == .listen)
        #expect(entries[0].recvQ == 5 && entries[0].sendQ == 7 && entries[0].uid == 1000 && entries[0].inode == 99)
        #expect(entries[0].remote == SocketAddress(address: .loopbackIPv4, port: 40000))
    }

    @Test("The two-family TCP request: replies typed 18, IPv6 with its v6-only flag")
    func compat() throws {
        var parser = InetDiagParser(dump: .tcpBothFamilies, query: Self.query)
        var entries: [SocketEntry] = []
        let s = NetlinkDump.tcpBothFamilies.sequence
        let chunk = message(type: 18, sequence: s, family: .ipv6, state: 10, lport: 22, rport: 0, v6Only: 1)
            + message(type: 18, sequence: s, lport: 1, rport: 2)
            + status(type: 3, 0, sequence: s)
        #expect(try feed(&parser, chunk, into: &entries) == .done)
        // IPv4 rows first, then IPv6, as ss prints them.
        #expect(entries.map(\.family) == [.ipv4, .ipv6])
        #expect(entries[1].isV6Only && entries[1].local.address == .loopbackIPv6 && entries[1].state == .listen)
    }

    @Test("NLMSG_ERROR stops the dump with the kernel's errno; an ACK does not")
    func errors() throws {
        let dump = NetlinkDump.one(.udp, .ipv6)
        var parser = InetDiagParser(dump: dump, query: Self.query)
        var entries: [SocketEntry] = []
        #expect(try feed(&parser, status(type: 2, 0, sequence: dump.sequence), into: &entries) == .needMore)
        #expect(throws: SocketTableError.kernelRefused(.udp, .ipv6, errno: ENOENT)) {
            try feed(&parser, status(type: 2, -ENOENT, sequence: dump.sequence), into: &entries)
        }
        #expect(throws: SocketTableError.kernelRefused(.udp, .ipv6, errno: EPERM)) {
            try feed(&parser, status(type: 3, -EPERM, sequence: dump.sequence), into: &entries)
        }
        #expect(SocketTableError.kernelRefused(.udp, .ipv6, errno: ENOENT).description.contains("udp_diag"))
    }

    @Test("Damaged replies are refused, never read past their end")
    func damage() throws {
        let dump = NetlinkDump.one(.tcp, .ipv4)
        var entries: [SocketEntry] = []
        var parser = InetDiagParser(dump: dump, query: Self.query)
        let good = message(sequence: dump.sequence, lport: 1, rport: 2)
        #expect(throws: SocketTableError.self) { try feed(&parser, Array(good.prefix(50)), into: &entries) }
        var lying = good
        lying[0] = 200   // claims more bytes than there are
        #expect(throws: SocketTableError.self) { try feed(&parser, lying, into: &entries) }
        var short = header(length: 40, type: 20, sequence: dump.sequence) + [UInt8](repeating: 0, count: 24)
        #expect(throws: SocketTableError.self) { try feed(&parser, short, into: &entries) }
        short = header(length: 16, type: 4, sequence: dump.sequence)
        #expect(throws: SocketTableError.self) { try feed(&parser, short, into: &entries) }
        // Random bytes: an error or a clean result, never a trap.
        var generator = SplitMix64(seed: 7)
        for _ in 0..<3000 {
            var bytes = good + good
            for _ in 0..<4 { bytes[Int(generator.next() % UInt64(bytes.count))] = UInt8(truncatingIfNeeded: generator.next()) }
            var p = InetDiagParser(dump: dump, query: Self.query)
            var e: [SocketEntry] = []
            _ = try? feed(&p, bytes, into: &e)
            #expect(e.count <= 2)
        }
    }

    @Test("Replies to other requests are ignored; the filter is applied while parsing")
    func sequencesAndFilter() throws {
        let dump = NetlinkDump.one(.tcp, .ipv4)
        let query = SocketQuery(states: .all, filter: .port(.source, .equal, 8080))
        var parser = InetDiagParser(dump: dump, query: query)
        var entries: [SocketEntry] = []
        let chunk = message(sequence: 12345, lport: 8080, rport: 1)
            + message(sequence: dump.sequence, lport: 8080, rport: 2)
            + message(sequence: dump.sequence, lport: 9090, rport: 3)
        #expect(try feed(&parser, chunk, into: &entries) == .needMore)
        #expect(entries.map(\.remote.port) == [2])
    }

    @Test("Requests are laid out as the kernel expects")
    func requests() {
        let v2 = Netlink.dumpRequest(transport: .udp, family: .ipv6, states: .listening, sequence: 9)
        #expect(v2.count == 72)
        #expect(v2[16] == UInt8(AF_INET6) && v2[17] == 17)
        #expect(v2.withUnsafeBytes { $0.load(fromByteOffset: 20, as: UInt32.self) } == SocketStateSet.listening.rawValue)
        #expect(v2.withUnsafeBytes { $0.load(fromByteOffset: 4, as: UInt16.self) } == 20)
        let compat = Netlink.compatTCPDumpRequest(states: .all, sequence: 9)
        #expect(compat.count == 76)
        #expect(compat.withUnsafeBytes { $0.load(fromByteOffset: 4, as: UInt16.self) } == 18)
        #expect(compat.withUnsafeBytes { $0.load(fromByteOffset: 68, as: UInt32.self) } == 0xFFF)
    }
}
