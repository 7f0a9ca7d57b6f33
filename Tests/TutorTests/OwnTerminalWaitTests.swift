import Foundation
import LessonFiles
import Lessons
import Testing
@testable import Tutor

/// "Show me" and a command for the learner's own terminal: the rest of the step needs it
/// done (a port freed, a rule removed), and no fixed pause fits a person switching windows,
/// so show me says it and waits for F4 (Space in demo mode).
@Suite struct OwnTerminalWaitTests {
    static let yaml = """
        id: free-it
        title: Free it
        summary: A port held elsewhere, freed there, taken here.
        steps:
          - id: take
            title: Take the port back
            pane: listener
            text: Stop the holder in your own terminal, then listen here.
            perform:
              - elsewhere: fuser -k 9000/tcp
              - pause: 1
              - nc -l 9000
            checks:
              - typed: {pane: listener, pattern: 'nc -l 9000'}
          - id: last
            title: Last
            pane: client
            text: A second client, in your own terminal.
            perform:
              - elsewhere: nc localhost 9000
            checks:
              - typed: {pane: client, pattern: never}
        """

    static func model(_ presentation: Presentation = .tutorial) throws -> Model {
        let result = LessonLoader.load(yaml: yaml, displayPath: "free-it.yaml", url: URL(fileURLWithPath: "/tmp/free-it.yaml"))
        let lesson = try #require(result.lesson, "\(result.diagnostics)")
        let tutorial = Tutorial(catalog: LessonCatalog(lessons: [lesson]), progress: Progress(), lessonIndex: 0, stepIndex: 0)
        var model = Model(size: TerminalSize(columns: 120, rows: 40), presentation: presentation, tutorial: tutorial)
        _ = update(&model, .started(now: .zero))
        return model
    }

    /// Ticks the clock in 50 ms steps for `seconds`.
    static func wait(_ model: inout Model, seconds: Double) {
        let end = model.now + .milliseconds(Int(seconds * 1000))
        while model.now < end { _ = update(&model, .tick(now: model.now + .milliseconds(50))) }
    }

    static func typed(_ model: Model) -> [String] {
        model[pane: .listener].scrollback.lines.map(\.plainText).filter { $0.hasPrefix("$ ") }
    }

    @Test func showMeWaitsForTheOwnTerminalThenF4TypesTheRest() throws {
        var m = try Self.model()
        _ = update(&m, .key(.function(4)))
        Self.wait(&m, seconds: 10)
        #expect(m.autopilot?.hold == .ownTerminal("fuser -k 9000/tcp"))
        #expect(m.notice?.plainText == "Type in a terminal of your own, then F4: fuser -k 9000/tcp", "the key first, the command after")
        let page = m.lessonPage?.lines.map(\.plainText) ?? []
        #expect(page.contains("  fuser -k 9000/tcp") && page.contains("then F4 here does the rest."),
                "the Lesson pane holds the whole command and the key: \(page)")
        #expect(Self.typed(m).isEmpty, "nothing typed before the learner said the port is free")
        _ = update(&m, .key(.function(4)))
        let after = m.lessonPage?.lines.map(\.plainText) ?? []
        #expect(after.allSatisfy { $0 != "then F4 here does the rest." }, "gone once it goes on")
        Self.wait(&m, seconds: 10)
        #expect(Self.typed(m) == ["$ nc -l 9000"])
        #expect(m.tutorial?.stepIndex == 1, "the step ticked and counted down to the next")
    }

    @Test func aCommandForTheOwnTerminalLastIsOnlySaid() throws {
        var m = try Self.model()
        _ = update(&m, .key(.function(5)))  // on to the last step
        _ = update(&m, .key(.function(4)))
        Self.wait(&m, seconds: 2)
        #expect(m.autopilot == nil, "nothing follows it, so nothing waits")
        #expect(m.notice?.plainText == "In a terminal of your own, type: nc localhost 9000")
        // Whole in the Lesson pane, for as long as the step lasts (a status row may cut it).
        let page = m.lessonPage?.lines.map(\.plainText) ?? []
        #expect(page.contains("In a terminal of your own:") && page.contains("  nc localhost 9000"), "\(page)")
        #expect(page.allSatisfy { !$0.contains("here does the rest") }, "nothing waits")
    }

    @Test func aLearnerWhoFinishesTheStepThemselvesLeavesNoWaitBehind() throws {
        var m = try Self.model()
        _ = update(&m, .key(.function(4)))
        Self.wait(&m, seconds: 2)
        #expect(m.autopilot?.isPaused == true)
        for c in "nc -l 9000" { _ = update(&m, .key(.character(c))) }
        _ = update(&m, .key(.enter))
        _ = update(&m, .key(.enter))  // the finished step: Enter moves on
        Self.wait(&m, seconds: 1)
        #expect(m.tutorial?.stepIndex == 1)
        #expect(m.autopilot == nil, "the old step's rest is not typed into the new one")
    }

    @Test func inDemoModeSpaceGoesOnAtTheRoomsPace() throws {
        var m = try Self.model(.demo)
        Self.wait(&m, seconds: 10)
        #expect(m.autopilot?.hold == .ownTerminal("fuser -k 9000/tcp"))
        #expect(m.notice?.plainText == "Type in a terminal of your own, then Space: fuser -k 9000/tcp")
        #expect(m.lessonSlide?.footer.map(\.plainText).contains("then Space here does the rest.") == true)
        _ = update(&m, .key(.character(" ")))
        #expect(m.autopilot?.hold == Autopilot.Hold.none)
        #expect(m.autopilot?.charactersPerSecond == m.typingSpeed, "resumed, not hurried")
        Self.wait(&m, seconds: 5)
        #expect(Self.typed(m) == ["$ nc -l 9000"])
    }
}
