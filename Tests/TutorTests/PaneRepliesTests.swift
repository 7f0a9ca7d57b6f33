import Lessons
import Testing
import ConnectionsCore
import NetworkTypes
@testable import Tutor

/// What the command panes answer to a line they do not understand, and to `help`: one
/// pane line per line of the reply, never a run-on line with ␊ where a line feed was.
@Suite struct PaneRepliesTests {
    static func typing(_ line: String, in pane: PaneID, into model: inout Model) {
        model.focus = pane
        for c in line { _ = update(&model, .key(.character(c))) }
        _ = update(&model, .key(.enter))
    }

    static func shown(_ pane: PaneID, in model: Model) -> [String] {
        model.paneForDisplay(pane, rows: 40).scrollback.lines.map(\.plainText)
    }

    @Test(arguments: [PaneID.listener, .client, .connections, .packets])
    func unknownCommandsAndHelpAreSeparateLines(_ pane: PaneID) {
        for line in ["b", "help"] {
            var model = Model(size: TerminalSize(columns: 120, rows: 40))
            Self.typing(line, in: pane, into: &model)
            let shown = Self.shown(pane, in: model)
            #expect(!shown.contains { $0.contains("␊") || $0.contains("␍") }, "\(pane) after \(line): \(shown)")
            #expect(shown.count >= 3, "\(pane) after \(line): \(shown)")
        }
    }

    @Test func theConnectionsPaneSaysWhatWentWrongThenListsItsFormsOneALine() {
        var model = Model(size: TerminalSize(columns: 120, rows: 40))
        Self.typing("b", in: .connections, into: &model)
        let shown = Self.shown(.connections, in: model)
        #expect(shown.first == "`b` is not a command this pane runs.", "\(shown)")
        #expect(shown.contains("The Connections pane understands ss and netstat, for example:"), "\(shown)")
        #expect(shown.contains { $0.hasPrefix("  ss -tan ") }, "\(shown)")
    }

    @Test func aTcpdumpErrorAndTheFormsItUnderstandsAreSeparateLines() {
        var model = Model(size: TerminalSize(columns: 120, rows: 40))
        Self.typing("tcpdump -c", in: .packets, into: &model)
        let shown = Self.shown(.packets, in: model)
        #expect(shown.contains("The option -c needs a value after it."), "\(shown)")
        #expect(!shown.contains { $0.contains("␊") }, "\(shown)")
    }
}

/// The Connections pane's replies share the pane with a live table: they must never
/// push it out of sight, and the title must never count rows backwards.
@Suite struct ConnectionsRepliesTests {
    static func endpoint(_ port: UInt16) -> SocketAddress {
        SocketAddress(address: .loopbackIPv4, port: port)
    }

    /// An 80x24 screen, the Connections pane focused, the table holding `count` sockets.
    static func standardScreen(rows count: Int) -> Model {
        var model = Model(size: TerminalSize(columns: 80, rows: 24))
        model.focus = .connections
        let entries = (0..<count).map { index in
            SocketEntry(transport: .tcp, state: .established, local: endpoint(40000 + UInt16(index)), remote: endpoint(443))
        }
        _ = update(&model, .socketTable(SocketSnapshot(entries: entries)))
        return model
    }

    static func drawn(_ model: Model) throws -> Pane {
        let rows = try #require(model.layout.panes[.connections]).height
        return model.paneForDisplay(.connections, rows: rows)
    }

    static func tableRows(_ pane: Pane) -> [String] {
        pane.scrollback.lines.map(\.plainText).filter { $0.contains("ESTAB") }
    }

    /// "rows 2-1 of 5": the last row in view before the first.
    static func countsBackwards(_ status: String) -> Bool {
        guard let match = status.firstMatch(of: /rows (\d+)-(\d+) of/), let first = Int(match.1), let last = Int(match.2) else { return false }
        return last < first
    }

    @Test func mistypedCommandsLeaveTheTableInView() throws {
        var model = Self.standardScreen(rows: 5)
        for line in ["b", "help", "b", "ls -la", "b"] {
            PaneRepliesTests.typing(line, in: .connections, into: &model)
            let pane = try Self.drawn(model)
            #expect(!Self.tableRows(pane).isEmpty, "after \(line): \(pane.scrollback.lines.map(\.plainText))")
            let status = pane.status?.plainText ?? ""
            #expect(!Self.countsBackwards(status), "after \(line): \(status)")
        }
    }

    @Test func aNewCommandReplacesTheLastOnesReplies() {
        var model = Self.standardScreen(rows: 1)
        PaneRepliesTests.typing("b", in: .connections, into: &model)
        PaneRepliesTests.typing("ls", in: .connections, into: &model)
        let shown = model.paneForDisplay(.connections, rows: 60).scrollback.lines.map(\.plainText)
        #expect(!shown.contains { $0.hasPrefix("`b`") }, "\(shown)")
        #expect(shown.filter { $0.hasPrefix("The Connections pane understands") }.count == 1, "\(shown)")
        PaneRepliesTests.typing("ss -tan", in: .connections, into: &model)
        #expect(model[pane: .connections].scrollback.lines.isEmpty)
    }

    @Test func aLongReplyShowsItsFirstLinesAndSaysHowManyMore() throws {
        var model = Self.standardScreen(rows: 5)
        PaneRepliesTests.typing("b", in: .connections, into: &model)
        let shown = try Self.drawn(model).scrollback.lines.map(\.plainText)
        #expect(shown.first == "`b` is not a command this pane runs.", "\(shown)")
        #expect(shown.contains { $0.firstMatch(of: /^… \d+ more lines?: F2 zooms$/) != nil }, "\(shown)")
        _ = update(&model, .key(.function(2)))
        let zoomed = try Self.drawn(model).scrollback.lines.map(\.plainText)
        #expect(zoomed.contains { $0.hasPrefix("  netstat -tn ") }, "zoomed, the whole reply fits: \(zoomed)")
        #expect(!zoomed.contains { $0.hasPrefix("… ") }, "\(zoomed)")
    }

    @Test func whenNoRowFitsTheTitleSaysSoAndHowToSeeThem() {
        var model = Self.standardScreen(rows: 3)
        #expect(model.paneForDisplay(.connections, rows: 3).status?.plainText == "3 rows, live · no room to show them: F2 zooms")
        model.focus = .listener
        #expect(model.paneForDisplay(.connections, rows: 3).status?.plainText == "3 rows, live · Alt-4 shows them")
    }

    /// Away from the pane, the reply to what was typed there gives way to the table.
    @Test func anUnfocusedPaneShowsRowsBeforeReplies() throws {
        var model = Self.standardScreen(rows: 5)
        PaneRepliesTests.typing("b", in: .connections, into: &model)
        model.focus = .listener
        let pane = try Self.drawn(model)
        #expect(!Self.tableRows(pane).isEmpty, "\(pane.scrollback.lines.map(\.plainText))")
    }
}
