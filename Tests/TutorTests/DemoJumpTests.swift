import Foundation
import LessonFiles
import Lessons
import SocketsCore
import NetworkTypes
import Testing
@testable import Tutor

/// Demo mode moving to any step: the panes are set up for it (what runs stops, the state
/// it needs is typed quickly, shown as such), "go to", back across lessons, the reveal key.
@Suite struct DemoJumpTests {
    static func lessons() throws -> LessonCatalog {
        try LessonCatalog.loadValid(folder: DemoTests.shippedLessons)
    }

    /// Ticks the run loop's clock forward in small steps, as the runtime would.
    static func run(_ m: inout Model, for duration: Duration, every step: Duration = .milliseconds(20)) -> [Effect] {
        var effects: [Effect] = []
        let end = m.now + duration
        var t = m.now
        while t < end {
            t += step
            effects += update(&m, .tick(now: t))
        }
        return effects
    }

    static func lines(_ m: Model, _ pane: PaneID) -> [String] { m[pane: pane].scrollback.lines.map(\.plainText) }

    static let listening = SocketEvent(.listener, .listening(addresses: [.loopback(.ipv4, port: 8080)], transport: .tcp),
                                       lines: [PaneLine(.status, "Listening on 127.0.0.1 8080")])

    // MARK: What a step needs

    @Test func aStepNeedsWhatTheStepsBeforeItTyped() throws {
        let lesson = try Self.lessons().lessons[1]
        #expect(StepSetup(forStep: 0, of: lesson).isEmpty, "the first step needs nothing")
        let third = StepSetup(forStep: 2, of: lesson)
        #expect(third.parts.map(\.stepIndex) == [0, 1], "each part keeps the step it replays")
        #expect(third.summary == "nc -l 8080 · telnet localhost 8080")
        #expect(third.inputs.map(\.pane) == [.listener, .client])
        #expect(StepSetup(forStep: 4, of: lesson).parts.map(\.stepIndex) == [0, 1, 2, 3], "a question step has nothing to replay")
    }

    @Test func aDeclaredSetupReplacesTheStepsBeforeIt() throws {
        let loc = SourceLocation(file: "t.yaml", line: 1, column: 1)
        func step(_ id: String, perform: [String], setup: [String]? = nil) -> Step {
            Step(id: id, title: id, text: RichText(markup: id), pane: .listener,
                 perform: perform.map { PerformInput(pane: .listener, action: .line($0), location: loc) },
                 setup: setup.map { $0.map { PerformInput(pane: .client, action: .line($0), location: loc) } },
                 checks: [Check(.closed(port: 1), location: loc)], location: loc)
        }
        let lesson = Lesson(id: "t", title: "t", summary: "t",
                            steps: [step("a", perform: ["one"]), step("b", perform: ["two"], setup: ["fresh"]),
                                    step("c", perform: ["three"]), step("d", perform: [], setup: [])],
                            sourcePath: "t.yaml", location: loc)
        #expect(StepSetup(forStep: 1, of: lesson).summary == "fresh", "its own setup, not step a's perform")
        let c = StepSetup(forStep: 2, of: lesson)
        #expect(c.summary == "fresh · two", "the nearest declared setup, then the performs since")
        #expect(c.parts.map(\.stepIndex) == [nil, 1])
        #expect(StepSetup(forStep: 3, of: lesson).isEmpty, "`setup: []` needs nothing running")
    }

    // MARK: Back into a state that fits

    @Test func backFromTheEndOfLessonTwoSetsStepThreeUp() throws {
        var m = try DemoTests.demo(lesson: 1, step: 6)
        _ = update(&m, .sockets([Self.listening]))
        m[pane: .client].scrollback.append(StyledLine("Connection closed by foreign host."))
        #expect(m.tools.listener.isRunning)
        _ = update(&m, .key(.character("g")))
        _ = update(&m, .key(.character("3")))
        let effects = update(&m, .key(.enter))
        #expect(m.tutorial?.stepIndex == 2)
        #expect(effects.contains(.socket(.stopListener)), "nc on the old port stops")
        #expect(Self.lines(m, .client).isEmpty && Self.lines(m, .listener).isEmpty, "old output goes")
        #expect(m.demo?.setup != nil)
        #expect(m.lessonSlide?.footer.contains { $0.plainText == "Setting up: nc -l 8080 · telnet localhost 8080" } == true,
                "the room sees it is a setup")
        _ = update(&m, .sockets([SocketEvent(.listener, .listenerStopped, lines: [])]))

        let typed = Self.run(&m, for: .seconds(3))
        #expect(typed.contains { if case .socket(.startListener(let r)) = $0 { r.port == 8080 } else { false } }, "nc -l 8080 really runs")
        #expect(typed.contains { if case .socket(.connectClient) = $0 { true } else { false } }, "telnet really runs")
        #expect(Self.lines(m, .listener).contains("$ nc -l 8080"))
        #expect(Self.lines(m, .client).contains("$ telnet localhost 8080"))
        #expect(m.demo?.setup == nil, "set up")
        #expect(!(m.lessonSlide?.footer.contains { $0.plainText.hasPrefix("Setting up") } ?? true))
        // Now the step's own typing, after the reading pause: into telnet, not a shell.
        #expect(m.autopilot?.inputs.first?.action == .line("hello from telnet"))
    }

    @Test func nothingTicksWhileAStepIsSetUp() throws {
        var m = try DemoTests.demo(lesson: 1, step: 0)
        _ = update(&m, .key(.character("g")))
        _ = update(&m, .key(.character("4")))
        _ = update(&m, .key(.enter))
        #expect(m.tutorial?.stepIndex == 3)
        _ = Self.run(&m, for: .milliseconds(200))
        // The replayed "hello from telnet" arrives at the listener: step 3's check, not step 4's.
        _ = update(&m, .sockets([SocketEvent(.listener, .received(ConnectionID(rawValue: 1), byteCount: 18),
                                             lines: [PaneLine(.received, "hello from telnet")],
                                             payload: Array("hello from telnet\n".utf8))]))
        #expect(m.lessonSlide?.footer.contains { $0.plainText.contains("✔") } == false)
        _ = Self.run(&m, for: .seconds(4))
        #expect(m.demo?.setup == nil)
        #expect(m.tutorial?.evaluator.ticks == [nil], "step 4 begins with nothing ticked")
    }

    @Test func pageUpAtALessonsFirstStepOpensThePreviousLessonsLastStep() throws {
        var m = try DemoTests.demo(lesson: 1, step: 0)
        _ = update(&m, .key(.pageUp))
        #expect(m.tutorial?.lessonIndex == 0)
        #expect(m.tutorial?.stepIndex == 5)
        #expect(m.demo?.setup?.summary == "ss -tln", "lesson 1's table, shown again")
        var first = try DemoTests.demo(lesson: 0, step: 0)
        _ = update(&first, .key(.pageUp))
        #expect(first.tutorial?.stepIndex == 0 && first.tutorial?.lessonIndex == 0)
        #expect(first.notice?.plainText == "This is the first lesson's first step.")
    }

    @Test func goToTakesAStepOrALessonDotStep() throws {
        var m = try DemoTests.demo(lesson: 0, step: 0)
        for key in ["g", "3", ".", "2"] { _ = update(&m, .key(.character(Character(key)))) }
        #expect(m.demo?.goTo == "3.2")
        _ = update(&m, .key(.character(" ")))
        #expect(m.tutorial?.lessonIndex == 2 && m.tutorial?.stepIndex == 1)
        #expect(m.demo?.goTo == nil)
        for key in ["g", "9", "9"] { _ = update(&m, .key(.character(Character(key)))) }
        _ = update(&m, .key(.enter))
        #expect(m.tutorial?.lessonIndex == 2 && m.tutorial?.stepIndex == 1, "no step 99: nowhere")
        #expect(m.notice?.plainText.contains("type a step number") == true)
        _ = update(&m, .key(.character("g")))
        _ = update(&m, .key(.escape))
        #expect(m.demo?.goTo == nil)
        #expect(m.spotlight != .lesson, "digits after g do not spotlight panes; after Esc they do again")
    }

    @Test func restartStopsWhatRunsAndStartsTheLessonClean() throws {
        var m = try DemoTests.demo(lesson: 1, step: 2)
        m.autopilot = nil
        _ = update(&m, .key(.pageDown))
        #expect(m.tutorial?.finishedStepIDs.isEmpty == false)
        _ = update(&m, .sockets([Self.listening]))
        let effects = update(&m, .key(.character("r")))
        #expect(m.tutorial?.stepIndex == 0)
        #expect(effects.contains(.socket(.stopListener)))
        #expect(m.demo?.setup == nil, "the first step needs nothing")
        #expect(m.tutorial?.finishedStepIDs.isEmpty == true, "the outline forgets the run through")
    }

    // MARK: Reveal

    @Test func revealShowsTheAnswerAndWhyAndSpaceRevealsBeforeMovingOn() throws {
        var m = try DemoTests.demo(lesson: 1, step: 4)
        _ = update(&m, .key(.character("a")))
        var footer = try #require(m.lessonSlide).footer.map(\.plainText)
        #expect(footer.contains("Answer: 127.0.0.1"), "\(footer)")
        #expect(footer.contains { $0.hasPrefix("Why: Every address from 127.0.0.1") })
        #expect(m.spotlight == .client, "the pane the question is about stays on screen")
        #expect(m.demoPanes.contains(.client))

        var n = try DemoTests.demo(lesson: 1, step: 4)
        _ = update(&n, .key(.character(" ")))
        footer = try #require(n.lessonSlide).footer.map(\.plainText)
        #expect(n.tutorial?.stepIndex == 4, "Space reveals first")
        #expect(footer.contains("Answer: 127.0.0.1"))
        _ = update(&n, .key(.character(" ")))
        #expect(n.tutorial?.stepIndex == 5, "then moves on")
    }
}

/// The presenter's scroll keys and mark: not the clicker's Page keys, on the pane the room
/// is looking at.
@Suite struct DemoMarkTests {
    @Test func bracketsScrollTheSpotlightedPaneAndPageKeysStillMoveSteps() throws {
        var m = try DemoTests.demo(lesson: 1, step: 0)
        for n in 1...60 { m[pane: .listener].scrollback.append(StyledLine(trusted: "line \(n)")) }
        #expect(m.spotlight == .listener)
        _ = update(&m, .key(.character("[")))
        let back = m[pane: .listener].scrollback.offset
        #expect(back > 0, "[ scrolls the Listener back")
        _ = update(&m, .key(.character("]")))
        #expect(m[pane: .listener].scrollback.offset < back)
        _ = update(&m, .key(.character("]")))
        #expect(m[pane: .listener].scrollback.offset == 0)
        #expect(m.tutorial?.stepIndex == 0, "scrolling is not a step")
        var lesson = try DemoTests.demo(lesson: 0, step: 0)
        _ = update(&lesson, .key(.character("[")))
        #expect(lesson.notice?.plainText.hasPrefix("Spotlight a pane first") == true)
    }

    @Test func aMarkStaysOnItsLineMovesWithJAndKAndGoesWithM() throws {
        var m = try DemoTests.demo(lesson: 1, step: 0)
        for n in 1...60 { m[pane: .listener].scrollback.append(StyledLine(trusted: "line \(n)")) }
        _ = update(&m, .key(.character("m")))
        let mark = try #require(m.demo?.mark)
        #expect(mark.pane == .listener)
        let scrollback = m[pane: .listener].scrollback
        #expect(mark.index(in: scrollback).map { scrollback.lines[$0].plainText } == "line 60", "the newest line in view")
        for _ in 0..<3 { _ = update(&m, .key(.character("k"))) }
        var marked = try #require(m.demo?.mark?.index(in: m[pane: .listener].scrollback))
        #expect(m[pane: .listener].scrollback.lines[marked].plainText == "line 57")
        for _ in 0..<40 { _ = update(&m, .key(.character("k"))) }
        marked = try #require(m.demo?.mark?.index(in: m[pane: .listener].scrollback))
        #expect(m[pane: .listener].scrollback.lines[marked].plainText == "line 17")
        #expect(m[pane: .listener].scrollback.offset > 0, "the pane scrolled to keep the mark in view")
        m[pane: .listener].scrollback.append(StyledLine(trusted: "new"))
        marked = try #require(m.demo?.mark?.index(in: m[pane: .listener].scrollback))
        #expect(m[pane: .listener].scrollback.lines[marked].plainText == "line 17", "new lines do not move it")
        _ = update(&m, .key(.character("j")))
        marked = try #require(m.demo?.mark?.index(in: m[pane: .listener].scrollback))
        #expect(m[pane: .listener].scrollback.lines[marked].plainText == "line 18")
        _ = update(&m, .key(.character("m")))
        #expect(m.demo?.mark == nil)
        _ = update(&m, .key(.character("m")))
        _ = update(&m, .key(.pageDown))
        _ = update(&m, .key(.pageDown))
        #expect(m.demo?.mark == nil || m.tutorial?.stepIndex == 0, "a jump or a new step leaves no stale mark behind")
    }
}
