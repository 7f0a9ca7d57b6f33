import ToolCommands
import SocketsCore
import Testing
@testable import Connections
@testable import ConnectionsCore
@testable import NetworkTypes
import Tutor
import SafeText

@Suite("Snapshot diff and pane model")
struct SnapshotDiffTests {
    func row(_ state: SocketState, _ lport: UInt16, _ rport: UInt16, transport: TransportProtocol = .tcp) -> SocketEntry {
        SocketEntry(transport: transport, state: state,
                    local: SocketAddress(address: .loopbackIPv4, port: lport),
                    remote: SocketAddress(address: rport == 0 ? .anyIPv4 : .loopbackIPv4, port: rport))
    }

    @Test("New rows, changed states and removed rows")
    func basics() {
        let before = [row(.listen, 8080, 0), row(.established, 8080, 40000), row(.established, 40000, 8080)]
        let after = [row(.listen, 8080, 0), row(.timeWait, 40000, 8080), row(.established, 8080, 40001),
                     row(.established, 40001, 8080)]
        let diff = SnapshotDiff(previous: before, current: after)
        #expect(diff.added == [2, 3])
        #expect(diff.stateChanged == [1])
        #expect(diff.removedCount == 1)
        #expect(diff.newRowFlags(count: 4) == [false, false, true, true])
    }

    @Test("Identical rows count as a multiset; protocol is part of the key")
    func multiset() {
        let twin = row(.close, 5353, 0, transport: .udp)
        let diff = SnapshotDiff(previous: [twin], current: [twin, twin, row(.listen, 5353, 0)])
        #expect(diff.added == [1, 2])
        #expect(SnapshotDiff(previous: [twin, twin], current: [twin]).removedCount == 1)
        #expect(SnapshotDiff(previous: [], current: []).added.isEmpty)
    }

    @Test("Large snapshots with shuffled order match exactly")
    func large() {
        var generator = SplitMix64(seed: 42)
        let rows = (0..<20_000).map { i in
            row(.established, UInt16(truncatingIfNeeded: 1024 + i % 50_000), UInt16(truncatingIfNeeded: generator.next() % 60_000 + 1))
        }
        var shuffled = rows
        for i in stride(from: shuffled.count - 1, to: 0, by: -1) {
            shuffled.swapAt(i, Int(generator.next() % UInt64(i + 1)))
        }
        shuffled.append(row(.synSent, 1, 2))
        let diff = SnapshotDiff(previous: rows, current: shuffled)
        #expect(diff.added == [20_000])
        #expect(diff.removedCount == 0)
    }

    @Test("Pane model: first snapshot marks nothing, later ones mark new rows and the lesson port")
    func paneModel() {
        var pane = ConnectionsPaneModel(commandLine: "ss -tan", lessonPort: 8080, services: .builtIn)
        pane.apply(SocketSnapshot(entries: [row(.listen, 8080, 0), row(.listen, 22, 0)]))
        #expect(pane.newRows == [false, false])
        pane.apply(SocketSnapshot(entries: [row(.listen, 8080, 0), row(.listen, 22, 0),
                                            row(.established, 8080, 40000), row(.established, 40000, 8080)]))
        #expect(pane.newRows == [false, false, true, true])
        let lines = pane.visibleLines(height: 10)
        #expect(lines.first?.kind == .header)
        #expect(lines.first?.text.hasPrefix("State  Recv-Q Send-Q") == true)
        #expect(lines.count == 5)
        #expect(lines[1].isLessonPort && !lines[2].isLessonPort && lines[3].isNew)
        #expect(lines[3].state == .established)
        #expect(lines[3].stateRange.map { Array(lines[3].text.utf8)[$0] } == Array("ESTAB".utf8)[...])
    }

    @Test("Pane model: scrolling thousands of rows draws only what is in view")
    func scrolling() {
        var pane = ConnectionsPaneModel(commandLine: "ss -tan", lessonPort: 8080, services: .builtIn)
        let rows = (0..<5000).map { row(.established, UInt16(10_000 + $0), 443) } + [row(.established, 50_000, 8080)]
        pane.apply(SocketSnapshot(entries: rows))
        #expect(pane.visibleLines(height: 20).count == 20)
        pane.scroll(by: 100_000, height: 20)
        #expect(pane.scrollOffset == 5001 - 19)
        #expect(pane.visibleLines(height: 20).last?.isLessonPort == true)
        pane.scroll(by: -100_000, height: 20)
        #expect(pane.scrollOffset == 0)
        let found = pane.scrollToLessonPort(height: 20)
        #expect(found)
        #expect(pane.scrollOffset == 5001 - 19)
    }

    @Test("Pane model: programs too wide for a row go on lines of their own when the whole table fits so")
    func programLines() {
        var pane = ConnectionsPaneModel(commandLine: "ss -tanp", lessonPort: 8080, services: .builtIn)
        let rows = (0..<3).map { n in
            var entry = row(.established, UInt16(40000 + n), 443)
            entry.processes = [SocketProcess(pid: Int32(100 + n), name: SafeText(untrusted: "curl"), fd: 5)]
            return entry
        }
        pane.apply(SocketSnapshot(entries: rows))
        let wide = pane.visibleLines(height: 20)
        #expect(wide.count == 4 && wide[1].text.contains(#"users:(("curl",pid=100,fd=5))"#), "no width: one line a row, as ss prints")
        let narrow = pane.visibleLines(height: 7, width: 60)
        #expect(narrow.map(\.kind) == [.header, .row(0), .program(0), .row(1), .program(1), .row(2), .program(2)])
        #expect(narrow[2].text == #"    users:(("curl",pid=100,fd=5))"# && !narrow[1].text.contains("users"))
        #expect(pane.visibleLines(height: 7, width: 120).count == 4, "rows that fit keep their program beside them")
        let short = pane.visibleLines(height: 6, width: 60)
        #expect(short.map(\.kind) == [.header, .row(0), .row(1), .row(2)], "every socket first, when not all fit with programs")
        #expect(short[1].text.contains("users:"))
    }

    @Test("Pane model: the lesson port's first live row is found before its TIME-WAIT rows, which are found when alone")
    func lessonPortPrefersLiveRows() {
        var pane = ConnectionsPaneModel(commandLine: "ss -tan", lessonPort: 8080, services: .builtIn)
        let stale = [row(.established, 22, 40000), row(.timeWait, 40001, 8080), row(.established, 22, 40002)]
        pane.apply(SocketSnapshot(entries: stale + [row(.established, 40003, 8080), row(.established, 22, 40004)]))
        let live = pane.scrollToLessonPort(height: 3)
        #expect(live && pane.scrollOffset == 3)
        pane.apply(SocketSnapshot(entries: stale))
        let alone = pane.scrollToLessonPort(height: 3)
        #expect(alone && pane.scrollOffset == 1)
    }

    @Test("Pane model: a typed command changes the request; a bad one keeps the table and explains")
    func commands() {
        var pane = ConnectionsPaneModel(services: .builtIn)
        pane.apply(SocketSnapshot(entries: [row(.listen, 8080, 0)]))
        let refused = pane.submit("ss -tZ")
        #expect(!refused)
        #expect(pane.error?.contains("`-Z`") == true)
        #expect(pane.entries.count == 1)
        let accepted = pane.submit("netstat -f inet -n")
        #expect(accepted)
        #expect(pane.error == nil)
        #expect(pane.request.display.style == .netstat)
        #expect(pane.notes.first?.contains("macOS form") == true)
        #expect(pane.entries.isEmpty)
        pane.apply(SocketSnapshot(entries: [row(.established, 8080, 40000)], notes: ["read from /proc"]))
        #expect(pane.headerLines == ["Active Internet connections (w/o servers)",
                                     "Proto Recv-Q Send-Q Local Address           Foreign Address         State      "])
        #expect(pane.notes.contains("read from /proc"))
        let grep = pane.submit("netstat -tan | grep 8080")
        #expect(grep)
        pane.apply(SocketSnapshot(entries: [row(.established, 8080, 40000), row(.established, 22, 40001)]))
        #expect(pane.entries.count == 1)
    }
}
