import ToolCommands
import SocketsCore
import Glibc
import Testing
@testable import Connections
@testable import ConnectionsCore
@testable import NetworkTypes

/// Opens real sockets and checks both Linux readers (netlink and /proc/net) list them
/// with the right addresses, ports and states, and drop them as the kernel does.
@Suite("Live socket table")
struct LiveSocketTableTests {
    static let readers: [(String, any SocketTable)] = [
        ("netlink", NetlinkSocketTable()),
        ("proc", ProcNetSocketTable()),
        ("system", SystemSocketTable()),
    ]

    static let everything = SocketQuery(transports: [.tcp, .udp], families: [.ipv4, .ipv6], states: .all)

    func rows(_ table: any SocketTable, port: UInt16, _ query: SocketQuery = everything) throws -> [SocketEntry] {
        try table.snapshot(query).filter { $0.involves(port: port) }
    }

    func rows(_ table: any SocketTable, of pair: EstablishedPair, _ query: SocketQuery = everything) throws -> [SocketEntry] {
        pair.rows(try table.snapshot(query))
    }

    @Test("IPv4 listener and established pair", arguments: [0, 1, 2])
    func ipv4Established(readerIndex: Int) throws {
        let (name, table) = Self.readers[readerIndex]
        let pair = try TestNet.establishedPair(.ipv4)
        let port = pair.listener.localPort
        let clientPort = pair.client.localPort
        let found = try rows(table, of: pair)
        #expect(found.count == 3, "\(name): \(found.map(\.triple))")
        let loopback = IPAddress.loopbackIPv4

        let listener = found.filter { $0.state == .listen }
        #expect(listener.count == 1, "\(name): \(found.map(\.triple))")
        #expect(listener.first?.local == SocketAddress(address: loopback, port: port))
        #expect(listener.first?.remote == SocketAddress(address: .anyIPv4, port: 0))
        #expect(listener.first?.transport == .tcp)
        #expect(listener.first?.inode == pair.listener.inode)

        let client = found.first { $0.local.port == clientPort }
        #expect(client?.state == .established, "\(name)")
        #expect(client?.remote == SocketAddress(address: loopback, port: port))
        #expect(client?.inode == pair.client.inode)

        let server = found.first { $0.local.port == port && $0.state == .established }
        #expect(server?.remote == SocketAddress(address: loopback, port: clientPort), "\(name)")
        #expect(server?.inode == pair.server.inode)
        #expect(server?.uid == getuid())
    }

    @Test("IPv6 ::1 listener, pair, and dual-stack wildcard listener", arguments: [0, 1, 2])
    func ipv6(readerIndex: Int) throws {
        let (name, table) = Self.readers[readerIndex]
        let pair = try TestNet.establishedPair(.ipv6)
        let port = pair.listener.localPort
        let found = try rows(table, of: pair)
        #expect(found.count == 3, "\(name): \(found.map(\.triple))")
        #expect(found.allSatisfy { $0.family == .ipv6 })
        #expect(found.contains { $0.state == .listen && $0.local.address == .loopbackIPv6 })
        #expect(found.contains {
            $0.state == .established && $0.local.port == pair.client.localPort
                && $0.remote == SocketAddress(address: .loopbackIPv6, port: port)
        })

        // An IPv4 client on a dual-stack IPv6 listener: the kernel reports ::ffff:127.0.0.1.
        let dual = try TestNet.listener(.ipv6, loopback: false, v6Only: false)
        let only6 = try TestNet.listener(.ipv6, loopback: false, v6Only: true)
        let client4 = try TestNet.connect(.ipv4, port: dual.localPort)
        let accepted = try TestNet.accept(dual)
        let dualRows = try rows(table, port: dual.localPort).filter { $0.family == .ipv6 }
        let dualListener = dualRows.first { $0.state == .listen && $0.inode == dual.inode }
        #expect(dualListener?.local.address == .anyIPv6)
        let mapped = dualRows.first { $0.inode == accepted.inode }
        #expect(mapped?.local.address.embeddedIPv4 == .loopbackIPv4, "\(name): \(dualRows.map(\.triple))")
        #expect(mapped?.remote.port == client4.localPort)
        _ = accepted

        if name != "proc" {
            // Only netlink reports IPV6_V6ONLY; ss writes the dual-stack wildcard as `*`.
            #expect(dualListener?.isV6Only == false)
            #expect(try rows(table, port: only6.localPort).first { $0.inode == only6.inode }?.isV6Only == true)
        }
    }

    @Test("UDP sockets: unconnected and connected, IPv4 and IPv6", arguments: [0, 1, 2])
    func udp(readerIndex: Int) throws {
        let (name, table) = Self.readers[readerIndex]
        let receiver = try TestNet.udp(.ipv4)
        let sender = try TestNet.udp(.ipv4, connectTo: receiver.localPort)
        let receiver6 = try TestNet.udp(.ipv6)

        let found = try rows(table, port: receiver.localPort)
        let unconnected = found.first { $0.inode == receiver.inode }
        #expect(unconnected?.transport == .udp, "\(name): \(found.map(\.triple))")
        #expect(unconnected?.state == .close)
        #expect(unconnected?.remote == SocketAddress(address: .anyIPv4, port: 0))
        let connected = found.first { $0.inode == sender.inode }
        #expect(connected?.state == .established)
        #expect(connected?.remote == SocketAddress(address: .loopbackIPv4, port: receiver.localPort))

        // Other tests may hold an IPv4 socket on the same number: pick ours by inode.
        let six = try rows(table, port: receiver6.localPort).filter { $0.inode == receiver6.inode }
        #expect(six.count == 1)
        #expect(six.first?.family == .ipv6 && six.first?.state == .close && six.first?.transport == .udp)

        // A datagram waiting to be read shows in Recv-Q.
        sender.send("hello")
        let queued = try eventually({ try rows(table, port: receiver.localPort).first { $0.inode == receiver.inode } },
                                    until: { ($0?.recvQ ?? 0) > 0 })
        #expect((queued?.recvQ ?? 0) > 0, "\(name)")
    }

    @Test("Queries ask only for what they name")
    func queriesFilter() throws {
        let pair = try TestNet.establishedPair(.ipv4)
        let udp = try TestNet.udp(.ipv6)
        let table = SystemSocketTable()
        let port = pair.listener.localPort

        let listeningOnly = try table.snapshot(SocketQuery(transports: [.tcp], states: .listening))
        #expect(pair.rows(listeningOnly).map(\.state) == [.listen])

        let connected = try table.snapshot(SocketQuery(transports: [.tcp], states: .ssConnected))
        #expect(pair.rows(connected).count == 2)

        let v6 = try table.snapshot(SocketQuery(transports: [.udp], families: [.ipv6], states: .all))
        #expect(v6.allSatisfy { $0.family == .ipv6 && $0.transport == .udp })
        #expect(v6.contains { $0.local.port == udp.localPort })

        let filtered = try table.snapshot(SocketQuery(transports: [.tcp], states: .all,
                                                      filter: .or(.port(.source, .equal, port), .port(.destination, .equal, port))))
        #expect(filtered.allSatisfy { $0.involves(port: port) })
        #expect(pair.rows(filtered).count == 3)
    }

    @Test("Closing: the active closer waits in TIME-WAIT, the rest disappears", arguments: [0, 1])
    func closeMovesToTimeWait(readerIndex: Int) throws {
        let (name, table) = Self.readers[readerIndex]
        let pair = try TestNet.establishedPair(.ipv4)
        let port = pair.listener.localPort
        #expect(try rows(table, of: pair).count == 3)

        pair.client.close()      // active close: the client's end will sit in TIME-WAIT
        pair.server.close()
        pair.listener.close()
        let after = try eventually({ try rows(table, of: pair) },
                                   until: { $0.count == 1 && $0[0].state == .timeWait })
        #expect(after.count == 1, "\(name): \(after.map(\.triple))")
        let timeWait = after.first
        #expect(timeWait.map(pair.isClient) == true, "\(name): \(after.map(\.triple))")
        #expect(timeWait?.state == .timeWait)
        #expect(timeWait?.inode == 0)

        // What the kernel says through ss, at the same moment.
        if let ss = TestProcess.find("ss") {
            let text = try TestProcess.output(ss, ["-tanH", "( sport = :\(pair.clientEnd.port) and dport = :\(port) )"])
            let states = text.split(separator: "\n").compactMap { $0.split(separator: " ").first }
            #expect(states == ["TIME-WAIT"], "ss: \(text)")
        }
    }

    @Test("Aborted connections (RST) leave no row at all")
    func abortDisappears() throws {
        let table = SystemSocketTable()
        let pair = try TestNet.establishedPair(.ipv6)
        pair.client.abortOnClose()
        pair.client.close()
        pair.server.close()
        pair.listener.close()
        let after = try eventually({ try rows(table, of: pair) }, until: { $0.isEmpty })
        #expect(after.isEmpty, "\(after.map(\.triple))")
    }

    @Test("Netlink unavailable: the system table falls back to /proc/net and says why")
    func fallbackToProc() throws {
        let pair = try TestNet.establishedPair(.ipv4)
        let broken = SystemSocketTable(netlink: NetlinkSocketTable(netlinkFamily: 31))
        let snapshot = try broken.read(Self.everything)
        #expect(snapshot.sources == [.procNet])
        #expect(snapshot.notes.contains { $0.contains("netlink") })
        #expect(pair.rows(snapshot.entries).count == 3)
    }

    @Test("A refresh spread over many tiny steps reads the same rows", arguments: [true, false])
    func steppedRefresh(netlink: Bool) throws {
        let pair = try TestNet.establishedPair(.ipv4)
        let udp = try TestNet.udp(.ipv6)
        let table = SystemSocketTable(usesNetlink: netlink)
        let refresh = table.beginRefresh(Self.everything)
        if netlink { #expect(refresh.fileDescriptor != nil) }
        var snapshot: SocketSnapshot? = nil
        var steps = 0
        while snapshot == nil && steps < 100_000 {
            snapshot = try refresh.step(budgetMicroseconds: 0)
            steps += 1
        }
        #expect(steps > 1)
        #expect(refresh.isFinished && refresh.fileDescriptor == nil)
        #expect(try refresh.step() == nil)   // delivered once
        let rows = try #require(snapshot).entries
        #expect(pair.rows(rows).count == 3)
        #expect(rows.contains { $0.inode == udp.inode })
        #expect(snapshot?.sources == [netlink ? .netlink : .procNet])

        // The pane's refresh, -p included, the same way.
        let request = try ConnectionsCommandLine.parse("ss -tanp")
        let paneRefresh = ConnectionsReader(table: table).beginRefresh(request)
        var result: SocketSnapshot? = nil
        while result == nil { result = try paneRefresh.step(budgetMicroseconds: 0) }
        let listener = try #require(result?.entries.first { pair.isListener($0) })
        #expect(listener.processes?.contains { $0.pid == getpid() && $0.fd == pair.listener.fd } == true)
    }

    @Test("netlink and /proc/net agree on our own sockets")
    func readersAgree() throws {
        let pairs = try (0..<3).map { _ in try TestNet.establishedPair(.ipv4) } + [try TestNet.establishedPair(.ipv6)]
        func mine(_ table: any SocketTable) throws -> Set<String> {
            let all = try table.snapshot(Self.everything)
            return Set(pairs.flatMap { $0.rows(all) }.map(\.triple))
        }
        let viaNetlink = try mine(NetlinkSocketTable())
        let viaProc = try mine(ProcNetSocketTable())
        #expect(viaNetlink.count == 12)
        #expect(viaNetlink == viaProc)
    }
}
