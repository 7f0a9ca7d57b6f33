import ConnectionsCore
import Foundation
import LessonFiles
import Lessons
import SocketsCore
import ToolCommands
import NetworkTypes
import Testing
@testable import Tutor

/// Demo mode's state: the clock, the spotlight, what each step starts with.
@Suite struct DemoTests {
    static let shippedLessons = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Lessons")

    static func demo(lesson: Int = 1, step: Int = 0, size: TerminalSize = TerminalSize(columns: 80, rows: 24)) throws -> Model {
        let catalog = try LessonCatalog.loadValid(folder: shippedLessons)
        let tutorial = Tutorial(catalog: catalog, progress: Lessons.Progress(), lessonIndex: lesson, stepIndex: step)
        var m = Model(size: size, presentation: .demo, tutorial: tutorial)
        _ = update(&m, .started(now: .seconds(3)))
        return m
    }

    // MARK: The room's table

    /// Demo mode keeps only the lesson's rows on the projector, but never hides the row a
    /// question is about: lesson 13 asks on which port the app really listens (8081).
    @Test func aQuestionsPortStaysInTheRoomsTable() throws {
        var m = try Self.demo(lesson: 12, step: 1)
        #expect(m.tutorial?.step.id == "where-it-listens")
        func listening(_ port: UInt16) -> SocketEntry {
            SocketEntry(transport: .tcp, state: .listen, local: SocketAddress(address: .loopbackIPv4, port: port),
                        remote: SocketAddress(address: .anyIPv4, port: 0))
        }
        _ = update(&m, .socketTable(SocketSnapshot(entries: [listening(8081), listening(5432)])))
        let ports = m.connections.entries.map { $0.local.port }
        #expect(ports.contains(8081), "the answer's row is shown: \(ports)")
        #expect(!ports.contains(5432), "another program's row is still noise on a projector: \(ports)")
    }

    // MARK: The clock

    @Test func aTickCarriesTheTimeOfDayIntoDemoMode() throws {
        var m = try Self.demo()
        #expect(m.demo?.timeOfDay == nil, "unknown until the runtime says")
        _ = update(&m, .tick(now: .seconds(4), timeOfDay: 14 * 3600 + 5 * 60 + 9))
        #expect(m.demo?.timeOfDay == 50_709)
        _ = update(&m, .tick(now: .seconds(5)))
        #expect(m.demo?.timeOfDay == 50_709, "a tick without a reading keeps the last one")
        _ = update(&m, .tick(now: .seconds(6), timeOfDay: 86_400))
        #expect(m.demo?.timeOfDay == 50_709, "out of range is ignored")
    }

    @Test func tutorialModeHasNoClock() {
        var m = Model(size: TerminalSize(columns: 80, rows: 24))
        _ = update(&m, .tick(now: .seconds(1), timeOfDay: 600))
        #expect(m.demo == nil)
        #expect(m.now == .seconds(1))
    }

    @Test func theClockShowsTheTimeOfDayAndTheTimeSinceTheStart() throws {
        var m = try Self.demo()
        #expect(m.demo?.startedAt == .seconds(3), "elapsed counts from the start of the demo")
        _ = update(&m, .tick(now: .seconds(3 + 125), timeOfDay: 9 * 3600 + 7 * 60 + 59))
        #expect(m.demo?.clockText(now: m.now) == "09:07  ⏱ 02:05")
        var demo = Demo()
        #expect(demo.clockText(now: .seconds(59)) == "⏱ 00:59", "no time of day before the first reading")
        demo.timeOfDay = 23 * 3600 + 59 * 60 + 59
        #expect(demo.clockText(now: .seconds(3723)) == "23:59  ⏱ 1:02:03")
        demo.startedAt = .seconds(10)
        #expect(demo.clockText(now: .seconds(5)) == "23:59  ⏱ 00:00", "never negative")
    }

    @Test func theClockKeyTogglesIt() throws {
        var m = try Self.demo()
        #expect(m.demo?.showsClock == true)
        _ = update(&m, .key(.character("c")))
        #expect(m.demo?.showsClock == false)
        _ = update(&m, .key(.character("c")))
        #expect(m.demo?.showsClock == true)
    }

    // MARK: Spotlight and steps

    @Test func eachStepSpotlightsItsOwnPane() throws {
        var m = try Self.demo()
        #expect(m.spotlight == .listener, "lesson 2 step 1 is nc -l in the Listener")
        #expect(m.demoPanes.first == .lesson)
        #expect(m.demoPanes.contains(.listener))
        _ = update(&m, .key(.character(" ")))  // type it now, fast, without the reading pause
        #expect(m[pane: .listener].input?.string == "n")
        _ = update(&m, .tick(now: .seconds(3) + .milliseconds(20)))
        #expect(m.autopilot == nil, "done well before the reading pause would have ended")
        #expect(m[pane: .listener].scrollback.lines.map(\.plainText).contains("$ nc -l 8080"))
        _ = update(&m, .key(.character(" ")))  // next step
        #expect(m.tutorial?.stepIndex == 1)
        #expect(m.spotlight == .client)
        var lessonOnly = try Self.demo(lesson: 0, step: 1)
        #expect(lessonOnly.spotlight == nil, "a step read in the Lesson pane spotlights nothing")
        #expect(lessonOnly.demoPanes == [.lesson])
        _ = update(&lessonOnly, .key(.character("2")))
        #expect(lessonOnly.spotlight == .listener, "the presenter can still point at a pane")
    }

    @Test func theWebServerStartingDoesNotTakeTheSpotlight() throws {
        var m = try Self.demo(lesson: 0, step: 0)
        let address = SocketAddress.loopback(.ipv4, port: 8088)
        _ = update(&m, .sockets([SocketEvent(.webServer, .webServerStarted(addresses: [address]),
                                             lines: [PaneLine(.status, "Built-in web server listening on http://127.0.0.1:8088/")])]))
        #expect(m.spotlight == nil)
        #expect(m.demoPanes == [.lesson])
        _ = update(&m, .sockets([SocketEvent(.listener, .listening(addresses: [.loopback(.ipv4, port: 8080)], transport: .tcp),
                                             lines: [PaneLine(.status, "Listening on 127.0.0.1 8080")])]))
        #expect(m.spotlight == .listener, "what the lesson's own tools do does")
    }

    @Test func aStepTypesItselfAfterTheReadingPause() throws {
        var m = try Self.demo()
        #expect(m[pane: .listener].input?.string == "")
        _ = update(&m, .tick(now: .seconds(3) + Demo.readingPause - .milliseconds(1)))
        #expect(m[pane: .listener].input?.string == "", "the room reads the step first")
        let effects = update(&m, .tick(now: .seconds(30)))
        #expect(m[pane: .listener].scrollback.lines.map(\.plainText).contains("$ nc -l 8080"))
        #expect(effects.contains { if case .socket = $0 { true } else { false } }, "the command really runs")
    }

    @Test func aDoneStepSaysSoOnceAndTheNextStepStartsClean() throws {
        var m = try Self.demo(lesson: 1, step: 2)
        _ = update(&m, .sockets([SocketEvent(.listener, .listening(addresses: [.loopback(.ipv4, port: 8080)], transport: .tcp),
                                             lines: [PaneLine(.status, "Listening on 127.0.0.1 8080")])]))
        _ = update(&m, .tick(now: .seconds(30)))
        _ = update(&m, .sockets([SocketEvent(.listener, .received(ConnectionID(rawValue: 1), byteCount: 18),
                                             lines: [PaneLine(.received, "hello from telnet")],
                                             payload: Array("hello from telnet\n".utf8))]))
        let slide = try #require(m.lessonSlide)
        #expect(slide.footer.map(\.plainText) == [" ✔ the listener receives your line", "✔ Done. Press Space for the next step."])
        #expect(m.tutorial?.stepIndex == 2, "demo mode waits for the presenter")
        _ = update(&m, .key(.pageDown))
        #expect(m.tutorial?.stepIndex == 3)
        #expect(m.lessonSlide?.footer.map(\.plainText) == [" ○ the client receives your line"])
    }

    @Test func theSlideAsksTheQuestionWithoutAskingToType() throws {
        let m = try Self.demo(lesson: 0, step: 0)
        let slide = try #require(m.lessonSlide)
        #expect(slide.title == "An address and a port")
        #expect(slide.heading.plainText == "Step 1/6: An address and a port")
        #expect(slide.footer.first?.plainText == "Question: In that picture, which part plays the role of the port?")
        #expect(slide.footer.count == 4, "the question and its three choices")
        #expect(!slide.footer.contains { $0.plainText.contains("Type your answer") })
        #expect(slide.outline.first?.plainText == "What a port is: lesson 1 of 13")
    }

    @Test func theLastStepEndsTheLessonAndSpaceOpensTheNext() throws {
        // The lesson's last step is its on-your-own task: in demo mode, Space does it.
        var m = try Self.demo(lesson: 0, step: 5)
        _ = update(&m, .key(.character(" ")))
        for second in 4...12 { _ = update(&m, .tick(now: .seconds(second))) }
        #expect(m.connections.commandLine == "ss -tln")
        if m.tutorial?.lessonComplete != true { _ = update(&m, .key(.character(" "))) }
        #expect(m.tutorial?.lessonComplete == true)
        let slide = try #require(m.lessonSlide)
        #expect(slide.heading.plainText == "✔ Lesson complete: What a port is")
        #expect(slide.text.first?.plainText == "You did")
        #expect(slide.text.contains { $0.plainText == "  ss -tln" })
        #expect(slide.footer.map(\.plainText) == ["Press Space for the next lesson."])
        _ = update(&m, .key(.right))
        #expect(m.tutorial?.lessonIndex == 1)
        #expect(m.tutorial?.stepIndex == 0)
    }

    @Test func presenterKeySummariesFitBesideTheirKeysAt64Columns() {
        for action in PresenterAction.allCases {
            #expect(!action.keyLabel.isEmpty)
            #expect(action.summary.count <= 36, "\(action): \(action.summary)")
        }
    }
}
