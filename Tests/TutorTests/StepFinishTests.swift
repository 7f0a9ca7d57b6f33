import ConnectionsCore
import Foundation
import LessonFiles
import Lessons
import NetworkTypes
import SafeText
import Testing
@testable import Tutor

/// Issue 12: a step whose checks tick keeps its payoff on screen, counting down to the
/// next step; Enter moves on now, Esc or typing stops the countdown. Demo mode waits for
/// the presenter as before.
@Suite struct StepFinishTests {
    /// Lesson 2's first step ("start a listener"), its listening check ticked at 10 s.
    static func listenerTicked(_ presentation: Presentation = .tutorial,
                               size: TerminalSize = TerminalSize(columns: 120, rows: 40)) throws -> Model {
        let catalog = try LessonCatalog.loadValid(folder: DemoTests.shippedLessons)
        let tutorial = Tutorial(catalog: catalog, progress: Lessons.Progress(), lessonIndex: 1, stepIndex: 0)
        var m = Model(size: size, presentation: presentation, tutorial: tutorial)
        _ = update(&m, .started(now: .zero))
        _ = update(&m, .tick(now: .seconds(10)))
        let listening = SocketEntry(transport: .tcp, state: .listen,
                                    local: SocketAddress(address: .loopbackIPv4, port: 8080),
                                    remote: SocketAddress(address: .anyIPv4, port: 0))
        _ = update(&m, .socketTable(SocketSnapshot(entries: [listening])))
        return m
    }

    static func footer(_ m: Model) -> [String] {
        m.lessonPage?.footer.map(\.plainText) ?? []
    }

    @Test func theTickedStepStaysAndCountsDownToTheNext() throws {
        var m = try Self.listenerTicked()
        #expect(m.tutorial?.stepIndex == 0, "the ✔ stays on screen")
        #expect(m.tutorial?.finish == .countingDown(until: .seconds(15)))
        #expect(Self.footer(m).contains("Next step in 5 s: Enter now, Esc to stay."))
        #expect(Self.footer(m).contains { $0.hasPrefix(" ✔ ") })
        let effects = update(&m, .tick(now: .milliseconds(12_500)))
        #expect(effects.contains(.wake(after: .milliseconds(500))), "woken when the number changes: \(effects)")
        #expect(Self.footer(m).contains("Next step in 3 s: Enter now, Esc to stay."))
        #expect(m.tutorial?.stepIndex == 0)
        _ = update(&m, .tick(now: .seconds(15)))
        #expect(m.tutorial?.stepIndex == 1)
        #expect(m.lessonPage?.outcome.first?.plainText.hasPrefix("✔ Done") == true, "the next step says how the last ended")
    }

    @Test func enterMovesOnAtOnce() throws {
        var m = try Self.listenerTicked()
        _ = update(&m, .key(.enter))
        #expect(m.tutorial?.stepIndex == 1)
        #expect(m.tutorial?.finish == nil)
    }

    @Test func escStopsTheCountdownAndEnterStillMovesOn() throws {
        var m = try Self.listenerTicked()
        _ = update(&m, .key(.escape))
        #expect(m.tutorial?.finish == .waiting)
        #expect(Self.footer(m).contains("Press Enter (or F5) for the next step."))
        _ = update(&m, .tick(now: .seconds(60)))
        #expect(m.tutorial?.stepIndex == 0, "no countdown once stopped")
        _ = update(&m, .key(.enter))
        #expect(m.tutorial?.stepIndex == 1)
    }

    /// Typing is the learner at work: the countdown stops and the key still types, and
    /// Enter then belongs to the line typed.
    @Test func typingStopsTheCountdownAndKeepsItsKey() throws {
        var m = try Self.listenerTicked()
        let pane = m.focus
        #expect(pane == .listener)
        _ = update(&m, .key(.character("x")))
        #expect(m.tutorial?.finish == .waiting)
        #expect(m[pane: pane].input.map { String($0.text) } == "x")
        _ = update(&m, .tick(now: .seconds(60)))
        #expect(m.tutorial?.stepIndex == 0)
        _ = update(&m, .key(.enter))
        #expect(m.tutorial?.stepIndex == 0, "Enter ran the line typed")
        _ = update(&m, .key(.function(5)))
        #expect(m.tutorial?.stepIndex == 1, "F5 moves on, and counts the step as done")
        #expect(m.tutorial?.skippedStepIDs.isEmpty == true)
    }

    @Test func demoModeWaitsForThePresenter() throws {
        var m = try Self.listenerTicked(.demo)
        #expect(m.tutorial?.finish == nil)
        _ = update(&m, .tick(now: .seconds(60)))
        #expect(m.tutorial?.stepIndex == 0)
        #expect(m.lessonSlide?.footer.last?.plainText == "✔ Done. Press Space for the next step.")
    }

    /// A right answer shows its verdict and explanation until Enter: the explanation is
    /// read at the learner's pace.
    @Test func aRightAnswerWaitsForEnter() throws {
        var m = try LessonPaneTests.walkthrough()
        LessonPaneTests.type("b", &m)
        #expect(m.tutorial?.finish == .waiting)
        _ = update(&m, .tick(now: .seconds(60)))
        #expect(m.tutorial?.stepIndex == 0)
        #expect(Self.footer(m).contains { $0.hasPrefix("✔ Right.") })
        _ = update(&m, .key(.enter))
        #expect(m.tutorial?.stepIndex == 1)
    }

    // MARK: On your own

    /// Lesson 1's last step, "On your own: only the listeners".
    static func onYourOwn() throws -> Model {
        let m = try StepFocusTests.walkthrough(lesson: 0, step: 5)
        try #require(m.tutorial?.step.isOnYourOwn == true)
        return m
    }

    @Test func showMeOnAnOnYourOwnStepAsksFirst() throws {
        var m = try Self.onYourOwn()
        _ = update(&m, .key(.function(4)))
        #expect(m.autopilot == nil)
        #expect(m.notice?.plainText == "This one is yours: F3 gives a hint. F4 again to see it done.")
        _ = update(&m, .key(.function(4)))
        #expect(m.autopilot != nil, "the second F4 does it")
    }

    @Test func anOnYourOwnStepOffersNoHintUnasked() throws {
        var m = try Self.onYourOwn()
        _ = update(&m, .tick(now: Tutorial.stuckAfter + .seconds(1)))
        #expect(m.notice == nil)
        #expect(m.tutorial?.hintsShown == 0)
        #expect(Self.footer(m).contains("On your own: F3 gives a hint when you want one."))
        // An ordinary step with hints does offer one.
        var other = try StepFocusTests.walkthrough(lesson: 0, step: 2)
        _ = update(&other, .tick(now: Tutorial.stuckAfter + .seconds(1)))
        #expect(other.notice?.plainText.hasPrefix("Stuck?") == true)
    }

    // MARK: In view at 80x24

    /// Every step of every shipped lesson, at 80x24: a hint asked for, and the line that
    /// says how to move on once the step is done, are drawn when they appear.
    @Test func hintsAndTheWayOnAreInViewAt80x24() throws {
        let steps = LessonAt80x24Tests.everyStep
        try #require(steps.count > 20)
        for (lesson, step) in steps {
            var m = try StepFocusTests.walkthrough(lesson: lesson, step: step, size: LessonAt80x24Tests.size)
            let name = "lesson \(lesson + 1) step \(step + 1)"
            if let count = m.tutorial?.step.hints.count, count > 0 {
                _ = update(&m, .key(.function(3)))
                let rows = try Self.drawn(m)
                #expect(rows.contains { $0.hasPrefix("Hint 1/\(count): ") }, "\(name): the hint is not drawn:\n\(rows.joined(separator: "\n"))")
            }
            var tutorial = try #require(m.tutorial)
            tutorial.finish = .waiting
            m.tutorial = tutorial
            m.refreshLessonPane()
            m.revealLessonFooter()
            let rows = try Self.drawn(m)
            #expect(rows.contains { $0.contains("for the") }, "\(name): the way on is not drawn:\n\(rows.joined(separator: "\n"))")
        }
    }

    static func drawn(_ m: Model) throws -> [String] {
        try #require(m.lessonFit()).rows.map { $0.map(\.text).joined() }
    }
}
