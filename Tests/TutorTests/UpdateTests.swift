import Lessons
import Testing
@testable import Tutor
import SocketsCore
import ToolCommands
import NetworkTypes
import CaptureCore
import SafeText

@Suite struct FocusAndZoomTests {
    var model = Model(size: TerminalSize(columns: 80, rows: 24))

    @Test func tabCyclesForwardAndShiftTabBack() {
        var m = model
        #expect(m.focus == .lesson)
        _ = update(&m, .key(.tab))
        #expect(m.focus == .listener)
        for _ in 0..<4 { _ = update(&m, .key(.tab)) }
        #expect(m.focus == .lesson)
        _ = update(&m, .key(.backTab))
        #expect(m.focus == .packets)
    }

    @Test(arguments: PaneID.allCases)
    func altDigitFocusesThatPane(_ pane: PaneID) {
        var m = model
        m.focus = .client
        _ = update(&m, .key(.alt(Character(String(pane.number)))))
        #expect(m.focus == pane)
    }

    /// Digits are text everywhere: only Alt-digits jump between panes.
    @Test func plainDigitsNeverJumpBetweenPanes() {
        var m = model
        _ = update(&m, .key(.character("4")))
        #expect(m.focus == .lesson)
        m.focus = .connections
        _ = update(&m, .key(.character("2")))
        #expect(m.focus == .connections, "a digit typed at a prompt is text, not a pane jump")
        #expect(m[pane: .connections].input?.string == "2")
    }

    @Test func clickFocusesAndClosesHelp() {
        var m = model
        _ = update(&m, .key(.function(1)))
        #expect(m.overlay == .help)
        _ = update(&m, .click(.packets))
        #expect(m.focus == .packets)
        #expect(m.overlay == nil)
    }

    @Test func zoomTogglesWithF2AndAltZ() {
        var m = model
        _ = update(&m, .key(.function(2)))
        #expect(m.isZoomed)
        _ = update(&m, .key(.alt("z")))
        #expect(!m.isZoomed)
    }

    @Test func helpClosesOnAnyKeyWithoutActingOnIt() {
        var m = model
        m.focus = .listener
        _ = update(&m, .key(.function(1)))
        _ = update(&m, .key(.character("x")))
        #expect(m.overlay == nil)
        #expect(m[pane: .listener].input?.string == "")
    }

    /// In a command pane Ctrl-C belongs to the tool (stop nc, telnet, tcpdump); with
    /// nothing running it clears the line, so a second press never quits by surprise.
    @Test func ctrlCInACommandPaneStopsTheToolNotPorttutor() {
        var m = model
        m.focus = .listener
        m[pane: .listener].input?.insert("n")
        #expect(update(&m, .key(.control("c"))).isEmpty)
        #expect(m[pane: .listener].input?.string == "")
        #expect(m[pane: .listener].scrollback.lines.last?.plainText.contains("F10 quits") == true)
        m.tools.listener = .listening(ListeningSocket(port: 8080, status: "listening on port 8080, 127.0.0.1"))
        #expect(update(&m, .key(.control("c"))) == [.socket(.stopListener)])
        m.focus = .client
        m.tools.client = .connecting(.netcat, lastServerPort: nil)
        #expect(update(&m, .key(.control("]"))) == [.socket(.clientEscape)])
        #expect(update(&m, .key(.control("c"))) == [.socket(.closeClient)])
        m.focus = .packets
        m.tools.packets = .capturing(writePath: nil)
        #expect(update(&m, .key(.control("c"))) == [.capture(.stop)])
    }

    /// tcpdump -w sends packets to the file, so the stop line gives the file's count
    /// rather than "0 packets captured" from a pane that saw none.
    @Test func aCaptureWrittenToAFileEndsWithTheFilesCount() {
        var m = model
        let request = CaptureRequest(writePath: "/tmp/x.pcap", filter: "port 8080")
        _ = update(&m, .capture(.started(CaptureStart(role: .pane, linkType: .ethernet, source: "lo", request: request))))
        _ = update(&m, .capture(.stopped(.pane, reason: "5 packets written to /tmp/x.pcap; stopped (Ctrl-C)")))
        #expect(m[pane: .packets].scrollback.lines.last?.plainText == "5 packets written to /tmp/x.pcap; stopped (Ctrl-C)")
        _ = update(&m, .capture(.started(CaptureStart(role: .pane, linkType: .ethernet, source: "lo",
                                                      request: CaptureRequest(filter: "port 8080")))))
        _ = update(&m, .capture(.stopped(.pane, reason: "stopped (Ctrl-C)")))
        #expect(m[pane: .packets].scrollback.lines.last?.plainText == "0 packets captured: stopped (Ctrl-C)")
    }

    /// A prompt with no newline (`login: `) shows as soon as it arrives, and the whole
    /// line replaces it when the newline comes; a closed connection leaves nothing behind.
    @Test func aLineThePeerHasNotFinishedShowsAtOnce() {
        var m = model
        func shown() -> [String] { m.paneForDisplay(.client, rows: 24).scrollback.lines.map(\.plainText) }
        _ = update(&m, .sockets([SocketEvent(.client, .clientReceived(byteCount: 7), partialLine: SafeText(untrusted: "login: "))]))
        #expect(shown().last == "login: ")
        _ = update(&m, .sockets([SocketEvent(.client, .clientReceived(byteCount: 5), lines: [PaneLine(.received, "login: root")],
                                             partialLine: SafeText(untrusted: ""))]))
        #expect(shown().suffix(2) != ["login: ", "login: root"] && shown().last == "login: root")
        _ = update(&m, .sockets([SocketEvent(.client, .clientReceived(byteCount: 3), partialLine: SafeText(untrusted: "$ "))]))
        _ = update(&m, .sockets([SocketEvent(.client, .clientClosed(byPeer: true))]))
        #expect(shown().last == "login: root")
        #expect(m[pane: .client].unfinishedLines.isEmpty)
    }

    /// nc -lk: the Listener's title names the client while one is connected, counts them
    /// when several are, and says it listens again when they have all gone.
    @Test func theListenerTitleFollowsItsClients() throws {
        var m = model
        let address = SocketAddress.loopback(.ipv4, port: 8080)
        let one = ConnectionID(rawValue: 1), two = ConnectionID(rawValue: 2)
        func title() -> String? { m[pane: .listener].status?.plainText }
        _ = update(&m, .sockets([SocketEvent(.listener, .listening(addresses: [address], transport: .tcp))]))
        #expect(title() == "listening on port 8080, 127.0.0.1")
        _ = update(&m, .sockets([SocketEvent(.listener, .accepted(one, peer: .loopback(.ipv4, port: 40001), local: address))]))
        #expect(title() == "connected to 127.0.0.1:40001")
        _ = update(&m, .sockets([SocketEvent(.listener, .accepted(two, peer: .loopback(.ipv4, port: 40002), local: address))]))
        #expect(title() == "2 clients connected")
        _ = update(&m, .sockets([SocketEvent(.listener, .peerClosed(one, peer: .loopback(.ipv4, port: 40001)))]))
        #expect(title() == "connected to 127.0.0.1:40002")
        _ = update(&m, .sockets([SocketEvent(.listener, .peerClosed(two, peer: .loopback(.ipv4, port: 40002)))]))
        #expect(title() == "listening on port 8080, 127.0.0.1")
        _ = update(&m, .sockets([SocketEvent(.listener, .listenerStopped)]))
        #expect(title() == nil)
    }

    @Test func quitKeysAndSignalsQuitOnce() {
        for (key, pane) in [(Key.function(10), PaneID.client), (.control("q"), .client), (.control("c"), .lesson)] {
            var m = model
            m.focus = pane
            #expect(update(&m, .key(key)) == [.quit(status: 0)], "\(key)")
            #expect(update(&m, .terminationSignal(15)).isEmpty, "a second request does not quit twice")
        }
        var m = model
        #expect(update(&m, .terminationSignal(1)) == [.quit(status: 129)], "128 + SIGHUP, as shells expect")
        var lesson = model
        #expect(update(&lesson, .key(.character("q"))).isEmpty, "a q typed in the Lesson pane is text, not quit")
    }

    @Test func resizeChangesTheSize() {
        var m = model
        _ = update(&m, .resize(TerminalSize(columns: 120, rows: 40)))
        #expect(m.size == TerminalSize(columns: 120, rows: 40))
    }

    /// Page Up stops once the first line is at the top: it does not count on while the
    /// view stays put, so the next Page Down moves at once.
    @Test func pageUpStopsAtTheStartOfTheHistory() throws {
        var m = model
        m.focus = .packets
        m[pane: .packets].scrollback.clear()
        for i in 0..<30 { m[pane: .packets].scrollback.append(StyledLine("line \(i)")) }
        for _ in 0..<10 { _ = update(&m, .key(.pageUp)) }
        let area = try #require(m.layout.panes[.packets])
        let rowsForLines = area.height - 2  // the title bar and the input line
        #expect(m[pane: .packets].scrollback.offset == 30 - rowsForLines)
        _ = update(&m, .key(.pageDown))
        #expect(m[pane: .packets].scrollback.offset < 30 - rowsForLines)
    }

    /// A notice is old news after a while: it does not describe a step long gone.
    @Test func aNoticeClearsOnceItIsOld() {
        var m = model
        _ = update(&m, .tick(now: .seconds(100)))
        m.notice = StyledLine("✔ listening on 127.0.0.1:8080")
        _ = update(&m, .tick(now: .seconds(100) + Model.noticeLifetime - .seconds(1)))
        #expect(m.notice != nil)
        _ = update(&m, .tick(now: .seconds(100) + Model.noticeLifetime))
        #expect(m.notice == nil)
    }

    @Test func pageKeysScrollTheFocusedPane() {
        var m = model
        m.focus = .packets
        for i in 0..<100 { m[pane: .packets].scrollback.append(StyledLine("line \(i)")) }
        _ = update(&m, .key(.pageUp))
        #expect(m[pane: .packets].scrollback.offset == 12)
        _ = update(&m, .key(.pageDown))
        #expect(m[pane: .packets].scrollback.offset == 0)
    }
}

@Suite struct InputLineEditingTests {
    func typing(_ text: String, into pane: PaneID = .listener) -> Model {
        var m = Model(size: TerminalSize(columns: 80, rows: 24))
        m.focus = pane
        for c in text { _ = update(&m, .key(.character(c))) }
        return m
    }

    @Test func typesMovesAndEditsInTheMiddle() {
        var m = typing("nc 8080")
        for _ in 0..<4 { _ = update(&m, .key(.left)) }
        for c in "-l " { _ = update(&m, .key(.character(c))) }
        #expect(m[pane: .listener].input?.string == "nc -l 8080")
        _ = update(&m, .key(.end))
        _ = update(&m, .key(.backspace))
        #expect(m[pane: .listener].input?.string == "nc -l 808")
        _ = update(&m, .key(.home))
        _ = update(&m, .key(.delete))
        #expect(m[pane: .listener].input?.string == "c -l 808")
    }

    @Test func killKeys() {
        var m = typing("curl http://localhost:8080")
        _ = update(&m, .key(.control("w")))
        #expect(m[pane: .listener].input?.string == "curl ")
        _ = update(&m, .key(.control("a")))
        _ = update(&m, .key(.control("k")))
        #expect(m[pane: .listener].input?.string == "")
        m = typing("abc def")
        _ = update(&m, .key(.left))
        _ = update(&m, .key(.control("u")))
        #expect(m[pane: .listener].input?.string == "f")
        #expect(m[pane: .listener].input?.cursor == 0)
    }

    @Test func enterEchoesRecordsHistoryAndClears() {
        var m = typing("nc -l 8080")
        _ = update(&m, .key(.enter))
        #expect(m[pane: .listener].input?.string == "")
        #expect(m[pane: .listener].scrollback.lines.map(\.plainText).contains("$ nc -l 8080"))
        for c in "other" { _ = update(&m, .key(.character(c))) }
        _ = update(&m, .key(.up))
        #expect(m[pane: .listener].input?.string == "nc -l 8080")
        _ = update(&m, .key(.down))
        #expect(m[pane: .listener].input?.string == "other", "the draft comes back")
    }

    @Test func historySkipsBlanksAndRepeats() {
        var line = InputLine()
        for text in ["a", "a", "   ", "b"] {
            line.insert(text)
            _ = line.submit()
        }
        #expect(line.history == ["a", "b"])
    }

    @Test func scrollbackStaysBounded() {
        var s = Scrollback(capacity: 100)
        for i in 0..<10_000 { s.append(StyledLine("\(i)")) }
        #expect(s.lines.count <= 100)
        #expect(s.lines.last?.plainText == "9999")
        #expect(s.droppedCount + s.lines.count == 10_000)
    }
}
