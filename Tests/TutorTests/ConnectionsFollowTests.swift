import ConnectionsCore
import NetworkTypes
import Testing
@testable import Tutor

/// Until the learner scrolls, the Connections pane keeps the lesson port's rows in view.
/// Leftover TIME-WAIT rows from earlier sessions must not take the place of the
/// listener and connection the learner has now.
@Suite struct ConnectionsFollowTests {
    /// A pane tall enough for the header and six rows: the table below is longer.
    static let paneRows = 12

    static func endpoint(_ port: UInt16) -> SocketAddress {
        SocketAddress(address: .loopbackIPv4, port: port)
    }

    static func row(_ state: SocketState, _ local: UInt16, _ remote: UInt16) -> SocketEntry {
        SocketEntry(transport: .tcp, state: state, local: endpoint(local), remote: endpoint(remote))
    }

    /// Other programs' connections, to fill the table around the lesson's rows.
    static func noise(_ count: Int, from port: UInt16) -> [SocketEntry] {
        (0..<count).map { row(.established, port + UInt16($0), 443) }
    }

    /// Old goodbyes on 8080 from an earlier session, before the rows that matter now.
    static func stale() -> [SocketEntry] {
        [row(.timeWait, 35348, 8080), row(.timeWait, 35350, 8080), row(.timeWait, 8080, 35352)]
    }

    /// The Connections pane, focused, showing `ss -tan` over `entries`. The kernel lists
    /// connections in hash order, so old TIME-WAIT rows may come before live ones; and
    /// `nc -l` stops listening once its client connects, so no LISTEN row comes first.
    static func showing(_ entries: [SocketEntry]) -> Model {
        var model = Model(size: TerminalSize(columns: 100, rows: 30))
        model.focus = .connections
        _ = update(&model, .socketTable(SocketSnapshot(entries: entries)))
        return model
    }

    /// The table rows drawn (gutter mark included), without the prompt and the header.
    static func tableRows(_ pane: Pane) -> [String] {
        pane.scrollback.lines.map(\.plainText).filter { line in
            ["● ", "+ ", "  "].contains { line.hasPrefix($0) } && !line.hasPrefix("  State") && !line.hasPrefix("  …") && !line.hasPrefix("  ──")
        }
    }

    @Test(arguments: [SocketState.established, .closeWait, .finWait2, .synSent])
    func theLessonPortsLiveRowsComeFirstThenItsTimeWaitRows(_ live: SocketState) {
        let mine = [Self.row(live, 40000, 8080), Self.row(live, 8080, 40000)]
        let entries = Self.noise(4, from: 20000) + Self.stale() + Self.noise(10, from: 21000) + mine + Self.noise(10, from: 22000)
        let pane = Self.showing(entries).paneForDisplay(.connections, rows: Self.paneRows)
        let shown = Self.tableRows(pane)
        #expect(shown.count >= 2)
        #expect(shown.prefix(2).allSatisfy { $0.hasPrefix("● \(live.ssName)") }, "both ends of the learner's connection first: \(shown)")
        #expect(shown[0].contains("127.0.0.1:40000") && shown[1].contains("127.0.0.1:8080"))
        #expect(shown.dropFirst(2).prefix(3).allSatisfy { $0.hasPrefix("● TIME-WAIT") }, "then the port's stale rows: \(shown)")
        #expect(shown.dropFirst(5).allSatisfy { !$0.hasPrefix("●") }, "then the other rows: \(shown)")
        #expect(pane.status?.plainText.hasPrefix("port 8080 first: 5 of ") == true, "\(pane.status?.plainText ?? "no status")")
        #expect(pane.scrollback.lines.contains { $0.plainText.contains("other rows · PgDn shows the whole table") })
    }

    /// Together in view, however far apart the kernel lists them.
    @Test func bothEndsShowTogetherWhenTheKernelListsThemFarApart() {
        let entries = [Self.row(.established, 8080, 40000)] + Self.noise(300, from: 20000) + [Self.row(.established, 40000, 8080)]
        let shown = Self.tableRows(Self.showing(entries).paneForDisplay(.connections, rows: Self.paneRows))
        #expect(shown.prefix(2).allSatisfy { $0.hasPrefix("● ESTAB") }, "\(shown)")
    }

    @Test func aTableThatFitsIsShownInTheKernelsOrder() {
        let entries = Self.noise(2, from: 20000) + [Self.row(.established, 40000, 8080)] + Self.noise(2, from: 21000)
        let pane = Self.showing(entries).paneForDisplay(.connections, rows: Self.paneRows)
        let shown = Self.tableRows(pane)
        #expect(shown.count == 5 && shown[2].hasPrefix("● ESTAB"), "\(shown)")
        #expect(pane.status?.plainText.hasPrefix("port") != true)
    }

    @Test func afterScrollingRowsKeepTheirMarks() {
        let before = Self.noise(8, from: 20000) + [Self.row(.established, 40000, 8080)] + Self.stale()
        var model = Self.showing(before + Self.noise(10, from: 21000))
        _ = update(&model, .socketTable(SocketSnapshot(entries: before + [Self.row(.synSent, 21500, 443)] + Self.noise(10, from: 21000))))
        _ = update(&model, .key(.pageDown))
        let shown = Self.tableRows(model.paneForDisplay(.connections, rows: Self.paneRows))
        #expect(shown.first?.hasPrefix("● ESTAB") == true, "Page Down opens the whole table at the lesson's row: \(shown)")
        #expect(shown.filter { $0.hasPrefix("● TIME-WAIT") }.count == 3, "on the lesson port, stale or not: \(shown)")
        #expect(shown.contains { $0.hasPrefix("+ SYN-SENT") }, "new since the last refresh: \(shown)")
    }

    @Test func withNothingLiveOnThePortItsTimeWaitRowsComeFirst() {
        let entries = Self.noise(20, from: 20000) + Self.stale() + Self.noise(10, from: 21000)
        let pane = Self.showing(entries).paneForDisplay(.connections, rows: Self.paneRows)
        let shown = Self.tableRows(pane)
        #expect(shown.prefix(3).allSatisfy { $0.hasPrefix("● TIME-WAIT") } && shown.dropFirst(3).allSatisfy { !$0.hasPrefix("●") }, "\(shown)")
        #expect(pane.status?.plainText.hasPrefix("port 8080 first: 3 of 33 rows") == true, "\(pane.status?.plainText ?? "no status")")
    }

    @Test func onceTheLearnerScrollsThePaneStaysWhereTheyPutIt() {
        let mine = [Self.row(.established, 40000, 8080), Self.row(.established, 8080, 40000)]
        let entries = Self.noise(20, from: 20000) + Self.stale() + Self.noise(10, from: 21000) + mine + Self.noise(10, from: 22000)
        var model = Self.showing(entries)
        let followed = Self.tableRows(model.paneForDisplay(.connections, rows: Self.paneRows))
        _ = update(&model, .key(.pageUp))
        let scrolled = Self.tableRows(model.paneForDisplay(.connections, rows: Self.paneRows))
        _ = update(&model, .socketTable(SocketSnapshot(entries: entries)))
        let refreshed = Self.tableRows(model.paneForDisplay(.connections, rows: Self.paneRows))
        #expect(scrolled != followed, "Page Up moved the view")
        #expect(refreshed.map { String($0.dropFirst(2)) } == scrolled.map { String($0.dropFirst(2)) },
                "a refresh leaves the view where the learner put it: \(refreshed)")
    }

    /// Page Up from the gathered rows shows the whole table a screenful above the first
    /// live row, not its top; Page Down puts that row at the top.
    @Test func pagingStartsFromTheLessonRowInTheWholeTable() throws {
        let mine = [Self.row(.established, 40000, 8080)]
        let entries = Self.noise(30, from: 20000) + mine + Self.noise(30, from: 22000)
        var model = Self.showing(entries)
        let rows = try #require(model.layout.panes[.connections]).height
        func status() -> String { model.paneForDisplay(.connections, rows: rows).status?.plainText ?? "" }
        func firstRow() -> Int? {
            status().split(separator: " ").dropFirst().first?.split(separator: "-").first.flatMap { Int($0) }
        }
        #expect(status().hasPrefix("port 8080 first: 1 of 61 rows"))
        _ = update(&model, .key(.pageUp))
        let up = try #require(firstRow())
        #expect(up < 31 && up > 1, "one screenful above the followed row, not the top: \(up)")
        _ = update(&model, .key(.pageDown))
        #expect(firstRow() == 31)
        model = Self.showing(entries)
        _ = update(&model, .key(.pageDown))
        #expect(firstRow() == 31, "Page Down from the gathered rows puts the lesson's row at the top")
    }
}
