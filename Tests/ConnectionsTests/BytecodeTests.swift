import ToolCommands
import SocketsCore
import Glibc
import Testing
@testable import Connections
@testable import ConnectionsCore
@testable import NetworkTypes

/// The kernel filter programs compiled from ss expressions.
@Suite("Kernel filter programs")
struct BytecodeTests {
    static let filters: [String] = [
        "sport = :8080",
        "( sport = :8080 or dport = :8080 )",
        "sport != :22",
        "dport > :1024 and dport < :2000",
        "sport >= :1000 and not ( dport <= :80 or sport = :1500 )",
        "src 127.0.0.1",
        "dst 127.0.0.0/8 and sport = :8080",
        "src [::1]:8080 or dst ::ffff:127.0.0.1",
        "dst :8080",
        "not src 10.0.0.0/8",
        "sport = :1 or sport = :2 or sport = :3 and dport = :4",
        "! ( sport = :8080 ) and ! ( dport = :8080 )",
    ]

    static func filter(_ text: String) throws -> SocketFilter {
        var parser = SSFilterParser(services: .builtIn)
        return try #require(try parser.parse([text]).filter)
    }

    /// A spread of rows: both families, mapped addresses, edge ports.
    static let rows: [SocketEntry] = {
        let addresses = ["127.0.0.1", "10.1.2.3", "::1", "::ffff:127.0.0.1", "0.0.0.0", "::"]
        let ports: [UInt16] = [0, 1, 2, 3, 4, 22, 80, 81, 1000, 1024, 1025, 1500, 1999, 2000, 8080, 65535]
        var rows: [SocketEntry] = []
        var generator = SplitMix64(seed: 99)
        for _ in 0..<3000 {
            let family = generator.next() % 2 == 0
            let pick = family ? [0, 1, 4] : [2, 3, 5]
            let local = IPAddress(parsing: addresses[pick[Int(generator.next() % 3)]])!
            let remote = IPAddress(parsing: addresses[pick[Int(generator.next() % 3)]])!
            rows.append(SocketEntry(transport: .tcp, state: .established,
                                    local: SocketAddress(address: local, port: ports[Int(generator.next() % UInt64(ports.count))]),
                                    remote: SocketAddress(address: remote, port: ports[Int(generator.next() % UInt64(ports.count))])))
        }
        return rows
    }()

    @Test("Programs accept exactly the rows the expression matches", arguments: filters)
    func sameAnswers(text: String) throws {
        let filter = try Self.filter(text)
        let program = try #require(InetDiagBytecode.compile(filter))
        #expect(program.count % 4 == 0)
        let wrong = Self.rows.filter { InetDiagBytecode.run(program, on: $0) != filter.matches($0) }
        #expect(wrong.isEmpty, "\(text) on \(wrong.prefix(3).map(\.triple))")
        #expect(Self.rows.contains(where: filter.matches) || text.contains("10.0.0.0"))
    }

    @Test("The kernel accepts the programs and filters with them", arguments: filters)
    func kernelFilters(text: String) throws {
        let pair = try TestNet.establishedPair(.ipv4)
        let filter = try Self.filter(text.replacingOccurrences(of: "8080", with: String(pair.port)))
        let everything = SocketQuery(transports: [.tcp], states: .all)
        let session = try NetlinkSocketTable().openSession()
        // Send the program, but parse with no filter of our own: what comes back is the
        // kernel's choice alone.
        let program = try #require(InetDiagBytecode.compile(filter))
        let request = NetlinkDump.one(.tcp, .ipv4).request(states: .all, bytecode: program)
        #expect(request.withUnsafeBytes { send(session.fd, $0.baseAddress, $0.count, 0) } == request.count)
        var parser = InetDiagParser(dump: .one(.tcp, .ipv4), query: everything)
        var kernelRows: [SocketEntry] = []
        while try session.receive(&parser, into: &kernelRows) == .needMore {}
        let all = try NetlinkSocketTable().snapshot(SocketQuery(transports: [.tcp], families: [.ipv4], states: .all))
        // Sockets come and go between the two reads; ours are stable.
        #expect(pair.rows(kernelRows) == pair.rows(all.filter(filter.matches)))
        #expect(kernelRows.allSatisfy(filter.matches))
    }
}
