import ToolCommands
import SocketsCore
import Connections
import ConnectionsCore
import NetworkTypes
import Foundation
import LessonFiles
import Lessons
import Runtime
import TestSupport
import Testing
import Tutor

/// The whole way from the kernel to lesson 5's "start tcpdump" for a learner whose tcpdump
/// runs in a terminal of their own: the real quiet capture (``CaptureSource``), a real
/// tcpdump, the real table with its packet sockets (``ConnectionsSource``), `update`, and
/// the check. No port is opened: tcpdump's filter opens nothing.
@Suite(.serialized) struct CaptureInAnotherTerminalTests {
    @Test func aRealTcpdumpTicksStartTcpdumpAndPorttutorsOwnCaptureDoesNot() throws {
        try #require(getuid() == 0, "capturing on the loopback needs root, as in CI")
        let capture = CaptureSource()
        defer { capture.shutDown() }
        let watching = capture.perform(.watchLoopback, now: .zero)
        guard case .capture(.started)? = watching.first else {
            Issue.record("porttutor's quiet capture did not start: \(watching)")
            return
        }
        var model = try Self.atStartTcpdump()
        let ownPID = getpid()

        // porttutor's own capture is on lo and running, and does not tick the step.
        let before = try Self.table(keeping: [ownPID])
        #expect(before.readerProcessID == ownPID)
        #expect(before.packetSockets.contains { $0.interfaceName == "lo" && $0.isRunning }, "\(before.packetSockets)")
        _ = update(&model, .socketTable(before))
        #expect(model.tutorial?.step.id == "start-tcpdump" && model.tutorial?.evaluator.ticks == [nil],
                "porttutor's own capture ticked the step")

        let tcpdump = try QuietTool(["tcpdump", "-A", "-nn", "-i", "lo", "port", "8080"])
        defer { tcpdump.stop() }
        // Bounded polling while libpcap sets tcpdump's socket up.
        var after = try Self.table(keeping: [ownPID, tcpdump.pid])
        var attempts = 0
        while attempts < 200, !after.packetSockets.contains(where: { $0.isRunning && Self.isHeld($0, by: tcpdump.pid) }) {
            usleep(50_000)
            attempts += 1
            after = try Self.table(keeping: [ownPID, tcpdump.pid])
        }
        _ = update(&model, .socketTable(after))
        #expect(model.tutorial?.evidence["start-tcpdump"]?.first??.note
            == "tcpdump (pid \(tcpdump.pid)) is capturing on lo (its filter is not checked)")
    }

    static func atStartTcpdump() throws -> Model {
        let catalog = try LessonCatalog.loadValid(folder: EveryLessonHeadlessTests.packageRoot.appendingPathComponent("Lessons"))
        let lesson = try #require(catalog.lessons.firstIndex { $0.id == "watching-packets" })
        let step = try #require(catalog.lessons[lesson].steps.firstIndex { $0.id == "start-tcpdump" })
        let tutorial = Tutorial(catalog: catalog, progress: Lessons.Progress(), lessonIndex: lesson, stepIndex: step)
        var model = Model(size: TerminalSize(columns: 120, rows: 40), tutorial: tutorial)
        model.nextStepDelay = .zero // the step's evidence is kept as it moves on, at once here
        _ = update(&model, .started(now: .zero))   // begins the step; its effects are not performed
        return model
    }

    /// One refresh of the real ``ConnectionsSource``, stepped to its end. Only the packet
    /// sockets of `pids` are kept: another suite's tcpdump on this machine would tick the
    /// step too, rightly, but the note must name this test's.
    static func table(keeping pids: Set<Int32>) throws -> SocketSnapshot {
        let source = ConnectionsSource()
        var events = source.refreshNow(now: .zero)
        for _ in 0..<100_000 {
            for event in events {
                if case .socketTable(var snapshot) = event {
                    snapshot.packetSockets.removeAll { socket in !pids.contains { isHeld(socket, by: $0) } }
                    return snapshot
                }
                if case .socketTableFailed(let reason) = event { throw TableFailed(reason: reason) }
            }
            events = source.deadlineReached(now: .zero)
        }
        throw TableFailed(reason: "the refresh never finished")
    }

    static func isHeld(_ socket: PacketSocketEntry, by pid: Int32) -> Bool {
        socket.processes?.contains { $0.pid == pid } == true
    }

    struct TableFailed: Error {
        var reason: String
    }
}
