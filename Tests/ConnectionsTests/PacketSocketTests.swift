import Foundation
import Glibc
import Testing
@testable import Connections

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
        let list = try table.read(interfaces: InterfaceNames([1: "lo", 4: "eth0"]))
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
        list.name(InterfaceNames([1: "lo"]))
        #expect(list.entries.map(\.interfaceName) == ["lo", "if9"], "an unknown index is named as iproute2 names it")
        #expect(PacketSocketParser.parse("").entries.isEmpty)
        #expect(PacketSocketParser.parse("sk RefCnt Type Proto Iface R Rmem User Inode\n").skippedLines == 0)
    }

    @Test("No file is no packet sockets")
    func absent() throws {
        #expect(try PacketSocketTable(procRoot: Self.fixtures + "/proc-malformed").read().entries.isEmpty)
    }
}
