import CNcurses
import Testing
import TUI
import Tutor
#if canImport(Glibc)
import Glibc
#endif

/// What ncurses hands over, given porttutor's meaning, without a terminal.
@Suite struct NcursesInputTests {
    func keys(_ reads: [NcursesRead]) -> [TerminalInput] { NcursesRead.decode(reads) }
    func chars(_ text: String) -> [NcursesRead] { text.unicodeScalars.map { .character($0.value) } }

    @Test func keyCodesBecomeKeys() {
        let codes: [(Int32, Key)] = [
            (KEY_UP, .up), (KEY_DOWN, .down), (KEY_LEFT, .left), (KEY_RIGHT, .right),
            (KEY_HOME, .home), (KEY_END, .end), (KEY_PPAGE, .pageUp), (KEY_NPAGE, .pageDown),
            (KEY_BACKSPACE, .backspace), (KEY_DC, .delete), (KEY_ENTER, .enter), (KEY_BTAB, .backTab),
            (KEY_F0 + 1, .function(1)), (KEY_F0 + 10, .function(10)), (KEY_F0 + 12, .function(12)),
        ]
        for (code, key) in codes {
            #expect(keys([.keyCode(code)]) == [.key(key)], "code \(code)")
        }
        #expect(keys([.keyCode(KEY_F0 + 13), .keyCode(KEY_IC)]).isEmpty, "keys porttutor does not use are dropped")
    }

    @Test func charactersAndControlBytes() {
        #expect(keys(chars("aé→")) == [.key(.character("a")), .key(.character("é")), .key(.character("→"))])
        #expect(keys(chars("\r\t\u{7F}\u{11}\u{03}")) == [.key(.enter), .key(.tab), .key(.backspace),
                                                             .key(.control("q")), .key(.control("c"))])
        // C1 controls and format characters (a right-to-left mark) never reach a pane.
        #expect(keys(chars("\u{85}\u{200F}x")) == [.key(.character("x"))])
    }

    @Test func escapeThenACharacterIsAlt() {
        #expect(keys(chars("\u{1B}2")) == [.key(.alt("2"))])
        #expect(keys(chars("\u{1B}")) == [.key(.escape)], "an escape last in the batch is the key")
        #expect(keys(chars("\u{1B}\u{1B}")) == [.key(.escape), .key(.escape)])
        #expect(keys(chars("\u{1B}\r")) == [.key(.escape), .key(.enter)], "not Alt-Enter")
        #expect(keys(chars("\u{1B}") + [.keyCode(KEY_UP)]) == [.key(.escape), .key(.up)])
    }

    /// Alt-PgUp/PgDn scroll the lesson from any pane: terminfo's kPRV3/kNXT3 (looked up
    /// by the terminal as named keys), or ESC then the page key as some terminals send it.
    @Test func altPageKeys() {
        #expect(keys([.namedKey(.altPageDown)]) == [.key(.altPageDown)])
        #expect(keys(chars("\u{1B}") + [.keyCode(KEY_NPAGE)]) == [.key(.altPageDown)])
        #expect(keys(chars("\u{1B}") + [.keyCode(KEY_PPAGE)]) == [.key(.altPageUp)])
        #expect(keys([.keyCode(KEY_NPAGE)]) == [.key(.pageDown)])
    }

    @Test func mouseReportsAndResizes() {
        #expect(keys([.mouse(x: 3, y: 4, buttons: pt_button1_pressed())]) == [.mousePress(x: 3, y: 4)])
        #expect(keys([.mouse(x: 3, y: 4, buttons: pt_button4_pressed())]) == [.wheel(x: 3, y: 4, up: true)])
        if pt_button5_pressed() != 0 {
            #expect(keys([.mouse(x: 3, y: 4, buttons: pt_button5_pressed())]) == [.wheel(x: 3, y: 4, up: false)])
        }
        let size = TerminalSize(columns: 100, rows: 30)
        #expect(keys([.resized(size)]) == [.resized(size)])
    }
}

/// The in-memory terminal behaves as the run loop expects a terminal to.
@Suite struct InMemoryTerminalTests {
    func isReadable(_ terminal: InMemoryTerminal) -> Bool {
        var fd = pollfd(fd: terminal.inputDescriptor, events: Int16(POLLIN), revents: 0)
        return poll(&fd, 1, 0) == 1
    }

    @Test func inputComesOutInTheOrderItWasSentAndWakesPoll() throws {
        let terminal = try InMemoryTerminal(size: TerminalSize(columns: 80, rows: 24))
        #expect(!isReadable(terminal))
        terminal.type("a\u{1B}")
        terminal.send([.keyCode(KEY_DOWN)])
        terminal.press(.function(2))
        terminal.type("\u{1B}x")
        #expect(isReadable(terminal))
        #expect(terminal.readInput() == [.key(.character("a")), .key(.escape), .key(.down),
                                         .key(.function(2)), .key(.alt("x"))])
        #expect(!isReadable(terminal), "read, nothing waits")
        #expect(terminal.readInput().isEmpty)
    }

    @Test func aFrameOfAnotherSizeIsNotDrawn() throws {
        let terminal = try InMemoryTerminal(size: TerminalSize(columns: 80, rows: 24))
        var model = Model(size: TerminalSize(columns: 120, rows: 40))
        terminal.draw(view(model))
        #expect(terminal.frame == nil && terminal.framesDrawn == 0)
        model.size = terminal.size
        terminal.draw(view(model))
        #expect(terminal.frame?.screen.size == terminal.size && terminal.framesDrawn == 1)
    }

    @Test func aResizeIsReportedAndRemembered() throws {
        let terminal = try InMemoryTerminal(size: TerminalSize(columns: 80, rows: 24))
        let bigger = TerminalSize(columns: 132, rows: 43)
        terminal.resize(to: bigger)
        #expect(terminal.size == bigger && terminal.resizeToTerminal() == bigger)
        #expect(terminal.readInput() == [.resized(bigger)])
    }
}
