import Testing
@testable import Lessons
import NetworkTypes

/// The checks lessons 6 to 9 added: several clients at once, a refused bind, a lost
/// datagram, a UDP capture, and the `elsewhere:` perform item. Each holds for what the
/// step teaches and not for the near miss.
@Suite struct PortProblemChecksTests {
    static func server(_ port: UInt16, client: UInt16) -> SocketRow {
        SocketRow(proto: .tcp, local: SocketAddress.loopback(port), remote: SocketAddress.loopback(client), state: .established)
    }

    @Test func clientsCountsTheListenersEndsNotTheClientsOwn() throws {
        let step = try Build.step(checks: "      - clients: 8080")
        #expect(step.checks[0].kind == .clients(ClientsCheck(port: 8080, count: 2)))
        // One connection seen from both ends is one client, not two.
        let one = [Self.server(8080, client: 41000),
                   SocketRow(proto: .tcp, local: SocketAddress.loopback(41000), remote: SocketAddress.loopback(8080), state: .established)]
        #expect(CheckEvaluator.evaluate(step, observations: [.socketTable(one)])[0] == nil)
        let two = one + [Self.server(8080, client: 41002)]
        let note = CheckEvaluator.evaluate(step, observations: [.socketTable(two)])[0]?.note
        #expect(note == "2 clients on port 8080 at once, from 127.0.0.1:41000, 127.0.0.1:41002")
        let three = try Build.step(checks: "      - clients: {port: 8080, count: 3}")
        #expect(CheckEvaluator.evaluate(three, observations: [.socketTable(two)])[0] == nil)
    }

    @Test func bindRefusedHoldsForTheReasonAsked() throws {
        let inUse = try Build.step(checks: "      - bind-refused: {port: 8088, reason: in-use}")
        #expect(CheckEvaluator.evaluate(inUse, observations: [.bindRefused(port: 8088, reason: .permission)])[0] == nil)
        #expect(CheckEvaluator.evaluate(inUse, observations: [.bindRefused(port: 8089, reason: .inUse)])[0] == nil)
        #expect(CheckEvaluator.evaluate(inUse, observations: [.bindRefused(port: 8088, reason: .inUse)])[0]?.note
                == "bind() to port 8088 failed: Address already in use")
        let either = try Build.step(checks: "      - bind-refused: 80")
        #expect(CheckEvaluator.evaluate(either, observations: [.bindRefused(port: 80, reason: .permission)])[0] != nil)
    }

    @Test func aDatagramIsLostOnlyWhenNothingIsBound() throws {
        let step = try Build.step(checks: "      - datagram-lost: 8080")
        let datagram = PacketSeen(proto: .udp, source: SocketAddress.loopback(51000), destination: SocketAddress.loopback(8080),
                                  payload: Array("is anybody there\n".utf8))
        let bound = SocketRow(proto: .udp, local: SocketAddress.loopback(8080), state: .close, process: "nc")
        #expect(CheckEvaluator.evaluate(step, observations: [.socketTable([bound]), .packet(datagram)])[0] == nil)
        let note = CheckEvaluator.evaluate(step, observations: [.socketTable([]), .packet(datagram)])[0]?.note
        #expect(note?.hasSuffix("nothing was bound to port 8080") == true)
        // A TCP segment to a closed port is a refusal, not a lost datagram.
        let syn = PacketSeen(source: SocketAddress.loopback(51000), destination: SocketAddress.loopback(8080), flags: [.syn])
        #expect(CheckEvaluator.evaluate(step, observations: [.packet(syn)])[0] == nil)
    }

    @Test func aUDPCaptureWatchesTheUDPPort() throws {
        let step = try Build.step(checks: "      - capturing: {port: 8080, proto: udp}")
        #expect(CheckEvaluator.evaluate(step, observations: [.paneCapture(CaptureSeen(interface: "lo", filter: "udp port 8080"))])[0] != nil)
        #expect(CheckEvaluator.evaluate(step, observations: [.paneCapture(CaptureSeen(interface: "lo", filter: "tcp port 8080"))])[0] == nil)
        #expect(CaptureSeen(interface: "lo", filter: "udp port 8080").admitsLoopbackTraffic(port: 8080, proto: .udp))
    }

    @Test func elsewhereIsSaidNotTyped() throws {
        let lesson = try Build.lesson("""
            id: two
            title: Two
            summary: Two callers.
            steps:
              - id: second
                title: Second
                text: Call again from your own terminal.
                perform:
                  - elsewhere: telnet localhost 8080
                checks:
                  - clients: 8080
                hints: [Open another terminal.]
            """)
        #expect(lesson.steps[0].perform.map(\.action) == [.elsewhere("telnet localhost 8080")])
    }
}
