import ConnectionsCore
import NetworkTypes
import Foundation
import LessonFiles
import Lessons
import Testing
@testable import Tutor

/// Where the walkthrough puts the learner as steps begin and tick, and what Ctrl-C in
/// the Lesson pane does while tools still run.
@Suite struct StepFocusTests {
    static func walkthrough(lesson: Int, step: Int, size: TerminalSize = TerminalSize(columns: 100, rows: 30)) throws -> Model {
        let catalog = try LessonCatalog.loadValid(folder: DemoTests.shippedLessons)
        let tutorial = Tutorial(catalog: catalog, progress: Lessons.Progress(), lessonIndex: lesson, stepIndex: step)
        var m = Model(size: size, presentation: .tutorial, tutorial: tutorial)
        _ = update(&m, .started(now: .zero))
        return m
    }

    static func type(_ text: String, _ m: inout Model) {
        for c in text { _ = update(&m, .key(.character(c))) }
    }

    /// Lesson 4's "which end" only asks about the table already shown: the answer line
    /// is in the Lesson pane, so that is where the learner is put.
    @Test func aStepThatOnlyAsksFocusesTheAnswerLine() throws {
        let m = try Self.walkthrough(lesson: 3, step: 2)
        #expect(m.tutorial?.step.id == "which-end" && m.tutorial?.stepPane == .connections)
        #expect(m.focus == .lesson)
    }

    /// Lesson 4's "the table": type `ss -tn` in its pane, then answer. The connection
    /// already exists, yet nothing ticks until the learner asks for the table; focus stays
    /// on the table (a stacked screen would fold it away), and the port typed there is
    /// taken as the answer.
    @Test func aStepWithACommandKeepsItsPaneAndTakesTheAnswerTypedThere() throws {
        var m = try Self.walkthrough(lesson: 3, step: 1)
        #expect(m.focus == .connections)
        let ends = [(40312, 8080), (8080, 40312)].map { local, remote in
            SocketEntry(transport: .tcp, state: .established,
                        local: SocketAddress(address: .loopbackIPv4, port: UInt16(local)),
                        remote: SocketAddress(address: .loopbackIPv4, port: UInt16(remote)))
        }
        _ = update(&m, .socketTable(SocketSnapshot(entries: ends)))
        #expect(m.tutorial?.evaluator.ticks.first.flatMap { $0 } == nil, "the table was not asked for yet")
        Self.type("ss -tn", &m)
        _ = update(&m, .key(.enter))
        #expect(m.tutorial?.evaluator.ticks.first.flatMap { $0 } != nil, "the typed check ticked")
        #expect(m.focus == .connections)
        // A mistyped command is the pane's to explain, not a wrong answer.
        for typo in ["sss -tn", "netsat -tn | grep 8080"] {
            Self.type(typo, &m)
            _ = update(&m, .key(.enter))
            #expect(m.tutorial?.wrongTries == 0 && m.tutorial?.feedback.isEmpty == true, "\(typo) taken as an answer")
            #expect(m[pane: .connections].scrollback.lines.contains { $0.plainText.contains("is not a command this pane runs") })
        }
        Self.type("40312", &m)
        _ = update(&m, .key(.enter))
        #expect(m.notice?.plainText.hasPrefix("Taken as your answer") == true)
        // Enter on the table's empty line moves on once the step is done.
        _ = update(&m, .key(.enter))
        #expect(m.tutorial?.step.id == "which-end", "the answer typed in the table's pane was taken")
        #expect(m.lessonPage?.outcome.first?.plainText.hasPrefix("✔ Right.") == true)
    }

    /// A learner halfway through a line keeps their pane; the status bar says where the
    /// next step is. Otherwise focus moves, and a zoom does not carry over.
    @Test func aLineBeingTypedKeepsItsPaneAndAZoomEndsWithTheMove() throws {
        var m = try Self.walkthrough(lesson: 1, step: 0)
        #expect(m.focus == .listener)
        Self.type("nc -l 80", &m)
        _ = update(&m, .key(.function(5)))
        #expect(m.tutorial?.stepIndex == 1)
        #expect(m.focus == .listener)
        #expect(m.notice?.plainText.contains("Client pane (Alt-3)") == true)

        m = try Self.walkthrough(lesson: 1, step: 0)
        _ = update(&m, .key(.function(2)))
        #expect(m.isZoomed)
        _ = update(&m, .key(.function(5)))
        #expect(m.focus == .client && !m.isZoomed)
    }

    @Test func ctrlCInTheLessonPaneQuitsAtOnceWhenNothingRuns() throws {
        var m = try Self.walkthrough(lesson: 0, step: 0)
        #expect(update(&m, .key(.control("c"))) == [.quit(status: 0)])
    }

    /// With nc still listening, Ctrl-C in the Lesson pane was probably meant for nc: it
    /// asks once; a second Ctrl-C quits, any other key takes the question back.
    @Test func ctrlCInTheLessonPaneAsksFirstWhileAToolRuns() throws {
        var m = try Self.walkthrough(lesson: 0, step: 0)
        m.tools.listener = .listening(ListeningSocket(port: 8080, status: "listening on port 8080, 127.0.0.1"))
        #expect(update(&m, .key(.control("c"))).isEmpty)
        #expect(m.notice?.plainText == "Ctrl-C again quits porttutor. Tools run in: Alt-2 Listener")
        _ = update(&m, .key(.right))
        #expect(m.notice == nil, "the question taken back takes its notice with it")
        #expect(update(&m, .key(.control("c"))).isEmpty, "another key took the question back")
        #expect(update(&m, .key(.control("c"))) == [.quit(status: 0)])
    }
}
