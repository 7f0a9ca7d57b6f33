import ToolCommands
import SocketsCore
import Foundation
import Testing
@testable import Connections
@testable import ConnectionsCore
@testable import NetworkTypes

/// The /proc/net fallback, on files recorded from a real kernel and on hand-broken ones.
@Suite("/proc/net parser")
struct ProcNetParserTests {
    static var fixtures: String {
        Bundle.module.resourcePath! + "/Fixtures"
    }

    static let everything = SocketQuery(transports: [.tcp, .udp], families: [.ipv4, .ipv6], states: .all)

    func endpoint(_ address: String, _ port: UInt16) -> SocketAddress {
        SocketAddress(address: IPAddress(parsing: address)!, port: port)
    }

    @Test("Recorded files: addresses, ports, states, queues and inodes decode")
    func recorded() throws {
        let table = ProcNetSocketTable(procRoot: Self.fixtures + "/proc-recorded")
        let snapshot = try table.read(Self.everything)
        #expect(snapshot.skippedLines == 0)
        #expect(snapshot.sources == [.procNet])
        let rows = snapshot.entries
        #expect(rows.count == 13)

        let listener = rows.first { $0.transport == .tcp && $0.local.port == 18210 && $0.state == .listen }
        #expect(listener?.local == endpoint("127.0.0.1", 18210))
        #expect(listener?.remote == endpoint("0.0.0.0", 0))
        #expect(listener?.inode == 155912)

        let timeWait = rows.first { $0.state == .timeWait }
        #expect(timeWait?.remote == endpoint("127.0.0.1", 18215))
        #expect(timeWait?.inode == 0)

        let v6 = rows.first { $0.local.port == 18211 && $0.state == .listen }
        #expect(v6?.local == endpoint("::1", 18211))
        #expect(v6?.isV6Only == true)   // bound to one IPv6 address: the kernel made it v6-only

        let dual = rows.first { $0.local.port == 18212 && $0.state == .listen }
        #expect(dual?.local == endpoint("::", 18212))
        #expect(dual?.isV6Only == false)

        let mapped = rows.first { $0.family == .ipv6 && $0.local.port == 18212 && $0.state == .established }
        #expect(mapped?.local.address.embeddedIPv4 == .loopbackIPv4)
        #expect(mapped?.local.address.description == "::ffff:127.0.0.1")

        let udp = rows.first { $0.transport == .udp && $0.local.port == 18213 }
        #expect(udp?.state == .close)
        #expect(udp?.recvQ == 0x340)    // the datagram sent before recording, still unread

        let udp6 = rows.first { $0.transport == .udp && $0.family == .ipv6 }
        #expect(udp6?.local == endpoint("::1", 18214))
    }

    @Test("Recorded files agree with ss output recorded at the same moment")
    func recordedMatchesSS() throws {
        let table = ProcNetSocketTable(procRoot: Self.fixtures + "/proc-recorded")
        let entries = try table.snapshot(Self.everything)
        let request = try ConnectionsCommandLine.parse("ss -tuanH")
        let ours = ConnectionsFormatter(options: request.display).render(entries)
        let recorded = try String(contentsOfFile: Self.fixtures + "/proc-recorded/ss-tuanH.txt", encoding: .utf8)
        // Queues differ on purpose (ss reads a listener's backlog through netlink); compare
        // protocol, state and both ends.
        func rows(_ text: String) -> Set<String> {
            Set(text.split(separator: "\n").map { line in
                let f = line.split(separator: " ")
                return [f[0], f[1], f[4], f[5]].joined(separator: " ")
            })
        }
        #expect(rows(ours) == rows(recorded))
    }

    @Test("Malformed lines are skipped and counted, never fatal")
    func malformed() throws {
        let table = ProcNetSocketTable(procRoot: Self.fixtures + "/proc-malformed")
        let snapshot = try table.read(Self.everything)
        #expect(snapshot.skippedLines == 15)
        #expect(snapshot.entries.count == 3)
        #expect(snapshot.entries.map(\.inode) == [4242, 4243, 0])
        #expect(snapshot.entries[1].sendQ == 5 && snapshot.entries[1].recvQ == 3)
        #expect(snapshot.entries[1].uid == 1000)
        #expect(snapshot.entries[2].state == .timeWait)   // the last line had no newline
        #expect(snapshot.notes.contains { $0.contains("14 lines") && $0.contains("/net/tcp") })
        #expect(snapshot.notes.contains { $0.contains("1 line ") && $0.contains("/net/tcp6") })
    }

    @Test("Missing files are empty tables (no IPv6, no UDP)")
    func missingFiles() throws {
        let table = ProcNetSocketTable(procRoot: Self.fixtures + "/proc-malformed")
        let udp = try table.read(SocketQuery(transports: [.udp], states: .all))
        #expect(udp.entries.isEmpty && udp.skippedLines == 0)
        let nowhere = ProcNetSocketTable(procRoot: "/nonexistent-proc")
        #expect(try nowhere.snapshot(Self.everything).isEmpty)
    }

    @Test("Queries filter parsed rows")
    func queryFilters() throws {
        let table = ProcNetSocketTable(procRoot: Self.fixtures + "/proc-recorded")
        let listening = try table.snapshot(SocketQuery(transports: [.tcp], states: .listening))
        #expect(listening.count == 3)
        let port = try table.snapshot(SocketQuery(transports: [.tcp, .udp], states: .all,
                                                  filter: .port(.destination, .equal, 18213)))
        #expect(port.count == 1 && port[0].local.port == 18216)
    }

    @Test("Random damage to a real file never traps and never invents rows")
    func fuzz() throws {
        let original = try [UInt8](Data(contentsOf: URL(fileURLWithPath: Self.fixtures + "/proc-recorded/net/tcp")))
        let lineCount = original.split(separator: 0x0A).count - 1
        var generator = SplitMix64(seed: 0x5EED)
        for _ in 0..<2000 {
            var bytes = original
            for _ in 0..<Int(generator.next() % 12) + 1 {
                let at = Int(generator.next() % UInt64(bytes.count))
                switch generator.next() % 4 {
                case 0: bytes[at] = UInt8(truncatingIfNeeded: generator.next())
                case 1: bytes.remove(at: at)
                case 2: bytes.insert(UInt8(truncatingIfNeeded: generator.next()), at: at)
                default: bytes.removeSubrange(at..<min(bytes.count, at + Int(generator.next() % 40)))
                }
                if bytes.isEmpty { bytes = [0x0A] }
            }
            let result = ProcNetParser.parse(bytes, transport: .tcp, query: Self.everything)
            let lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: true).count
            #expect(result.entries.count + result.skippedLines <= max(lines, lineCount + 2))
        }
    }

    @Test("Text fed in pieces of any size parses the same as the whole file")
    func pieces() throws {
        for file in ["proc-recorded/net/tcp6", "proc-malformed/net/tcp"] {
            let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: Self.fixtures + "/" + file)))
            let whole = ProcNetParser.parse(bytes, transport: .tcp, query: Self.everything)
            for size in [1, 2, 3, 7, 64, 1000] {
                var parser = ProcNetLineParser(transport: .tcp, query: Self.everything)
                var snapshot = SocketSnapshot()
                var start = 0
                while start < bytes.count {
                    let end = min(bytes.count, start + size)
                    parser.feed(bytes[start..<end], into: &snapshot)
                    start = end
                }
                parser.finish(into: &snapshot)
                #expect(snapshot.entries == whole.entries, "\(file) in pieces of \(size)")
                #expect(snapshot.skippedLines == whole.skippedLines)
            }
        }
    }

    @Test("A row the kernel printed twice (a socket opened between two reads) is listed once")
    func rowPrintedTwice() {
        let listener = "   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 7001 1"
        let twin = "   1: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 7002 1"
        let client = "   2: 0100007F:C350 0100007F:1F90 01 00000000:00000000 00:00000000 00000000 0 0 7003 1"
        // The same client again, as the next read() finds it once a new socket shifted the rows.
        let again = "   3: 0100007F:C350 0100007F:1F90 01 00000005:00000000 00:00000000 00000000 0 0 7003 1"
        let text = ["  sl  local_address", listener, twin, client, again].joined(separator: "\n")
        let parsed = ProcNetParser.parse(text, transport: .tcp)
        #expect(parsed.entries.map(\.inode) == [7001, 7002, 7003], "SO_REUSEPORT twins stay, the repeat goes")
        #expect(parsed.skippedLines == 0)
    }

    @Test("Address words decode as a little-endian kernel prints them")
    func hostOrder() {
        let line = "   0: 0100007F:1F90 0101A8C0:0050 01 00000000:00000000 00:00000000 00000000 0 0 7 1"
        let parsed = ProcNetParser.parse("  sl  local_address\n" + line, transport: .tcp)
        #expect(parsed.skippedLines == 0)
        #expect(parsed.entries.first?.local == endpoint("127.0.0.1", 8080))
        #expect(parsed.entries.first?.remote == endpoint("192.168.1.1", 80))
    }
}

/// A tiny deterministic generator for the fuzz test.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
