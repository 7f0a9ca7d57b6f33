import Foundation
import Testing
import Glibc
@testable import Runtime
import Sockets
import SocketsCore
import ToolCommands
import NetworkTypes
import Tutor

/// An idle porttutor sleeps until a real event: every periodic wake-up (the tick, the socket
/// table's refresh, the capture's statistics) keeps one beat, and a flood's summary is due at
/// a fixed moment, not "now + 250 ms" recomputed on every poll (which is never due).
@Suite(.serialized, .timeLimit(.minutes(1))) struct IdleWakeUpTests {
    @Test func theGridIsWholePeriodsOfSessionTime() {
        #expect(SecondsGrid.next(after: .zero, period: .seconds(1)) == .seconds(1))
        #expect(SecondsGrid.next(after: .milliseconds(1003), period: .seconds(1)) == .seconds(2))
        #expect(SecondsGrid.next(after: .seconds(2), period: .seconds(1)) == .seconds(3), "never due at once")
        #expect(SecondsGrid.next(after: .milliseconds(4999), period: .milliseconds(250)) == .seconds(5))
    }

    /// A refresh that ends 3 ms after the tick woke it is next due on the tick's beat, so the
    /// two share one wake-up instead of costing two a second.
    @Test func theTableRefreshKeepsTheTicksBeat() throws {
        let clock = ManualClock(now: .zero)
        let timers = ClockSource(clock: clock, period: .seconds(1))
        let table = ConnectionsSource()
        defer { table.shutDown() }
        _ = timers.deadlineReached(now: .zero)
        clock.advance(by: .seconds(1))
        #expect(timers.nextDeadline == .seconds(1))
        _ = timers.deadlineReached(now: clock.now)
        clock.advance(by: .milliseconds(3))
        var events = table.deadlineReached(now: clock.now)
        let deadline = ContinuousClock.now + .seconds(10)
        while !events.contains(where: { if case .socketTable = $0 { true } else { false } }), ContinuousClock.now < deadline {
            if let fd = table.pollRequests.first?.descriptor {
                var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                _ = poll(&p, 1, 100)
                events += table.handle(descriptor: fd, revents: p.revents, now: clock.now)
            } else {
                events += table.deadlineReached(now: clock.now)
            }
        }
        #expect(events.contains { if case .socketTable = $0 { true } else { false } }, "the table was read")
        #expect(table.nextDeadline == .seconds(2), "the next refresh is on the beat")
        #expect(timers.nextDeadline == .seconds(2))
    }

    /// A listener flooded beyond what the pane shows gets its "… N not shown" line once the
    /// flood eases, through the session's own deadlines (the only way the run loop calls the
    /// hub's timers), and after it the sockets ask for no wake-up at all.
    @Test func aFloodsSummaryArrivesAndThenTheSocketsSleep() throws {
        let clock = SystemClock()
        let sockets = SocketsSource(hub: SocketHub(), clock: clock, portHolders: nil)
        let session = Session(model: Model(size: TerminalSize(columns: 80, rows: 24)), clock: clock,
                              sources: IOSources(sockets: sockets))
        defer { session.shutDown() }
        let port: UInt16 = 18570
        let listen = try ListenerCommand.parse("nc -l \(port)").get()
        _ = sockets.perform(.startListener(listen), now: session.now)
        #expect(sockets.hub.isListening)

        let peer = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(peer) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(peer, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        try #require(connected == 0)
        let flood = [UInt8](repeating: UInt8(ascii: "x"), count: 2 << 20)
        var sent = 0
        var lines: [String] = []
        let limit = ContinuousClock.now + .seconds(20)
        while !lines.contains(where: { $0.contains("not shown") }), ContinuousClock.now < limit {
            if sent < flood.count {
                let n = flood[sent...].withUnsafeBytes { send(peer, $0.baseAddress, min($0.count, 16 * 1024), Int32(MSG_DONTWAIT)) }
                if n > 0 { sent += n }
            }
            for event in try session.turn(maxWait: .milliseconds(50)) {
                if case .sockets(let socketEvents) = event {
                    lines += socketEvents.flatMap { $0.lines.map(\.text.string) }
                }
            }
        }
        #expect(lines.contains { $0.contains("not shown") }, "the flood's summary line appeared")
        #expect(sockets.nextDeadline == nil, "with the summary given, the sockets want no wake-up")
    }
}
