import ToolCommands
import SocketsCore
import Foundation
import Glibc
import TestSupport
import Testing
@testable import Connections
@testable import ConnectionsCore
@testable import NetworkTypes

/// `/proc/net/packet`, the list of packet sockets: how porttutor sees a tcpdump running
/// in another terminal.
@Suite("Packet sockets")
struct PacketSocketTests {
    static var fixtures: String {
        Bundle.module.resourcePath! + "/Fixtures"
    }

    /// Recorded with porttutor's quiet capture running, `tcpdump -i lo`, `tcpdump -i any`,
    /// and two sockets a script opened: one with no protocol yet (not running), one for
    /// IPv4 on eth0 (interface 4). `ss -0 -p` said at the same moment:
    /// `p_raw *:lo porttutor`, `p_dgr *:* tcpdump`, `p_raw *:lo tcpdump`, `p_dgr [0]:*`,
    /// `p_raw [2048]:eth0`.
    @Test("A recorded file: kinds, protocols, interfaces, running flags and inodes")
    func recorded() throws {
        let table = PacketSocketTable(procRoot: Self.fixtures + "/proc-recorded")
        let list = try table.read(interfaces: InterfaceIndexNames([1: "lo", 4: "eth0"]))
        #expect(list.skippedLines == 0)
        let sockets = list.entries
        #expect(sockets.map(\.inode) == [4509975, 4520450, 4518515, 4518535, 4518536])
        #expect(sockets.map(\.kind) == [.raw, .datagram, .raw, .datagram, .raw])
        #expect(sockets.map(\.protocolNumber) == [0x0003, 0x0003, 0x0003, 0, 0x0800])
        #expect(sockets.map(\.interfaceIndex) == [1, 0, 1, 0, 4])
        #expect(sockets.map(\.interfaceName) == ["lo", nil, "lo", nil, "eth0"])
        #expect(sockets.map(\.isOnEveryInterface) == [false, true, false, true, false])
        #expect(sockets.map(\.isRunning) == [true, true, true, false, true])
        #expect(sockets.allSatisfy { $0.uid == 0 && $0.processes == nil })
    }

    @Test("Lines without the kernel's shape are skipped and counted, never trapped on")
    func malformed() {
        let text = """
            sk               RefCnt Type Proto  Iface R Rmem   User   Inode
            0000000000000000 3      3    0003   1     1 0      1000   77
            00000000352b54bf 3      3    0003   1     1 0      0
            00000000352b54bf 3      3    zz03   1     1 0      0      78
            00000000352b54bf 3      3    0003   1     2 0      0      79
            00000000352b54bf 3      3    0003   1     1 0      0      80 extra
            00000000352b54bf 3      3    00003  1     1 0      0      81
            sk is not a header here

            00000000352b54bf 3      2    0003   9     1 0      0      82
            """
        var list = PacketSocketParser.parse(text)
        #expect(list.entries.map(\.inode) == [77, 82], "hidden kernel addresses (zeros) still parse")
        #expect(list.skippedLines == 6)
        #expect(list.entries.first?.uid == 1000)
        list.name(InterfaceIndexNames([1: "lo"]))
        #expect(list.entries.map(\.interfaceName) == ["lo", "if9"], "an unknown index is named as iproute2 names it")
        #expect(PacketSocketParser.parse("").entries.isEmpty)
        #expect(PacketSocketParser.parse("sk RefCnt Type Proto Iface R Rmem User Inode\n").skippedLines == 0)
    }

    @Test("No file is no packet sockets, and a plain table read does not look for them")
    func absentOrNotAskedFor() throws {
        #expect(try PacketSocketTable(procRoot: Self.fixtures + "/proc-malformed").read().entries.isEmpty)
        let reader = ConnectionsReader(table: ProcNetSocketTable(procRoot: Self.fixtures + "/proc-recorded"),
                                       procRoot: Self.fixtures + "/proc-recorded")
        let plain = try reader.read(try ConnectionsCommandLine.parse("ss -tan"))
        #expect(plain.packetSockets.isEmpty)
        var request = try ConnectionsCommandLine.parse("ss -tan")
        request.includesPacketSockets = true
        let withPackets = try reader.read(request)
        #expect(withPackets.packetSockets.count == 5)
        #expect(withPackets.readerProcessID == getpid())
    }

    /// The real thing: a tcpdump started here shows up with its pid, its name and `lo`,
    /// and is gone once it stops.
    @Test("A real `tcpdump -i lo` is found with its pid and interface, and not after it stops")
    func realTcpdump() throws {
        try #require(getuid() == 0, "capturing on the loopback needs root, as in CI")
        try #require(TestProcess.find("tcpdump") != nil, "tcpdump is needed for this test")
        let tcpdump = try QuietTool(["tcpdump", "-i", "lo", "-w", "/dev/null", "port", "18290"])
        defer { tcpdump.stop() }
        let reader = ConnectionsReader()
        var request = try ConnectionsCommandLine.parse("ss -tanp")
        request.includesPacketSockets = true
        func tcpdumpSockets() throws -> [PacketSocketEntry] {
            try reader.read(request).packetSockets.filter { $0.processes?.contains { $0.pid == tcpdump.pid } == true }
        }

        // While libpcap sets up, the socket is already bound to lo but not yet running
        // (protocol 0): it receives nothing until tcpdump is really capturing.
        let found = try eventually(attempts: 200, tcpdumpSockets, until: { $0.contains(where: \.isRunning) })
        let socket = try #require(found.first, "tcpdump's packet socket never appeared")
        #expect(found.count == 1)
        #expect(socket.interfaceName == "lo")
        #expect(socket.isRunning, "tcpdump's socket never started receiving")
        #expect(socket.kind == .raw && socket.protocolNumber == 0x0003)
        #expect(socket.processes?.first { $0.pid == tcpdump.pid }?.name.string == "tcpdump")

        tcpdump.stop()
        let after = try eventually(attempts: 200, tcpdumpSockets, until: { $0.isEmpty })
        #expect(after.isEmpty, "tcpdump's socket outlived it")
    }
}
