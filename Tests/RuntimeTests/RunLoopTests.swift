import Runtime
import Testing
import TUI
import Tutor

/// The whole loop (poll, decode, `update`, `view`, draw) on a terminal in memory: what a
/// learner sends reaches the model, and what the loop draws can be read back.
@Suite(.serialized, .timeLimit(.minutes(1))) struct RunLoopTests {
    let terminal: InMemoryTerminal
    let loop: RunLoop
    let clock = ManualClock(timeOfDay: 0)

    init() throws {
        terminal = try InMemoryTerminal(size: TerminalSize(columns: 80, rows: 24))
        loop = try RunLoop(model: Model(size: TerminalSize(columns: 1, rows: 1)), terminal: terminal, clock: clock)
        loop.begin()
    }

    var model: Model { loop.session.model }

    var frame: Frame {
        get throws { try #require(terminal.frame, "nothing drawn") }
    }

    /// Turns the loop until `condition` holds; false if it still does not after `limit`.
    func turn(until condition: () throws -> Bool, within limit: Duration = .seconds(10)) throws -> Bool {
        let deadline = ContinuousClock.now + limit
        while try !condition() {
            guard ContinuousClock.now < deadline else { return false }
            try loop.turn(maxWait: .milliseconds(50))
        }
        return true
    }

    @Test func theFirstFrameIsDrawnAtTheTerminalsSize() throws {
        #expect(model.size == TerminalSize(columns: 80, rows: 24), "the model takes the terminal's size")
        #expect(try frame.screen.size == TerminalSize(columns: 80, rows: 24))
        #expect(try frame.screen.text.contains("Listener"))
    }

    @Test func typedKeysReachTheFocusedPaneAndTheCursorFollows() throws {
        terminal.send(bytes: [0x1B, UInt8(ascii: "2")])  // Alt-2: the Listener pane
        terminal.type("héllo")
        #expect(try turn { model.focus == .listener && model[pane: .listener].input?.string == "héllo" })
        let frame = try frame
        let cursor = try #require(frame.cursor, "a focused input line shows the cursor")
        let typed = (cursor.x - 5..<cursor.x).map { frame.screen[$0, cursor.y].text }.joined()
        #expect(typed == "héllo", "the cursor sits after the typed text")
        terminal.press(.backspace)
        #expect(try turn { model[pane: .listener].input?.string == "héll" })
        #expect(try self.frame.cursor?.x == cursor.x - 1)
    }

    @Test func aResizeLaysTheScreenOutAgain() throws {
        #expect(try frame.layout.kind == .standard)
        terminal.resize(to: TerminalSize(columns: 120, rows: 40))
        #expect(try turn { terminal.frame?.screen.size == TerminalSize(columns: 120, rows: 40) })
        #expect(model.size == TerminalSize(columns: 120, rows: 40))
        #expect(try frame.layout.kind == .wide)
    }

    @Test func aClickFocusesThePaneUnderIt() throws {
        let area = try #require(try frame.layout.panes[.connections])
        #expect(model.focus != .connections)
        #expect(try !frame.screen.lines[area.y].contains("▶4"))
        terminal.click(x: area.x + area.width / 2, y: area.y + area.height / 2)
        #expect(try turn { model.focus == .connections })
        let titleRow = try frame.screen.lines[area.y]
        #expect(titleRow.contains("▶4"), "the focused title is marked: \(titleRow)")
        let marker = try #require(titleRow.firstIndex(of: "▶"))
        let column = titleRow.distance(from: titleRow.startIndex, to: marker)
        #expect(try frame.screen[column, area.y].isReversed, "and reversed")
    }

    @Test func aClickOutsideEveryPaneChangesNothing() throws {
        let statusRow = try frame.layout.statusBar
        #expect(model.focus == .lesson)
        terminal.click(x: statusRow.x + 1, y: statusRow.y)
        terminal.press(.tab)  // then Tab, so the turn that moves focus also read the click
        #expect(try turn { model.focus != .lesson })
        #expect(model.focus == .listener, "Tab went on from the Lesson pane: the click focused nothing")
    }

    @Test func quittingEndsTheLoopAndTheTerminal() throws {
        terminal.send(bytes: [0x11])  // Ctrl-Q
        #expect(try loop.run() == 0)
        #expect(terminal.isEnded)
    }

    @Test func theLoopWaitsOnTheClockItWasGiven() throws {
        // The first tick is due at once; the next only when the manual clock says so.
        try loop.turn(maxWait: .zero)
        let drawn = terminal.framesDrawn
        try loop.turn(maxWait: .zero)
        #expect(terminal.framesDrawn == drawn, "nothing happened, nothing drawn")
        clock.advance(by: .seconds(1))
        try loop.turn(maxWait: .zero)
        #expect(model.now == .seconds(1))
        #expect(terminal.framesDrawn == drawn + 1)
    }
}
