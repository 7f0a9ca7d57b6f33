import Foundation
import Lessons
import LessonFiles
import NetworkTypes
import Testing
import Tutor

/// `needs: lab` and a step's `start:` read from YAML, and what `update` asks of the lab.
@Suite struct LabLessonFieldsTests {
    static func yaml(needs: String? = "needs: lab", start: String = "start: [{host: server, run: \"nc -lk 80\"}]") -> String {
        """
        id: second-computer
        title: A second computer
        summary: Reach a server on server.lab.
        \(needs ?? "")
        steps:
          - id: call-it
            title: Call the server
            pane: client
            text: Call it with `nc server.lab 80`.
            \(start)
            perform: nc server.lab 80
            checks:
              - connected: 80
            hints:
              - Type `nc server.lab 80`.
        """
    }

    static func load(_ text: String) -> LessonLoader.Result {
        LessonLoader.load(yaml: text, displayPath: "second.yaml", url: URL(fileURLWithPath: "/tmp/second.yaml"))
    }

    @Test func aLabLessonReadsItsNeedAndItsProgram() throws {
        let lesson = try #require(Self.load(Self.yaml()).lesson)
        #expect(lesson.needsLab)
        #expect(lesson.steps[0].labPrograms == [LabProgram(host: .server, command: "nc -lk 80")])
    }

    @Test func startingAProgramWithoutNeedingTheLabIsAnError() {
        let result = Self.load(Self.yaml(needs: nil))
        #expect(result.lesson == nil)
        #expect(result.diagnostics.contains { $0.message.contains("needs `needs: lab`") })
    }

    @Test func anUnknownNeedOrHostIsNamed() {
        #expect(Self.load(Self.yaml(needs: "needs: gpu")).diagnostics.contains { $0.message.contains("the one need is `lab`") })
        #expect(Self.load(Self.yaml(start: "start: [{host: client, run: x}]")).lesson == nil)
    }

    @Test func inTheLabAStepAsksForItsProgramsAndOutsideItTheLearnerIsToldToStartTheLab() throws {
        let lesson = try #require(Self.load(Self.yaml()).lesson)
        let catalog = LessonCatalog(lessons: [lesson])
        var inLab = Model(size: TerminalSize(columns: 80, rows: 24), tutorial: Tutorial(catalog: catalog, progress: Progress(), lessonIndex: 0, stepIndex: 0))
        inLab.isInLab = true
        let effects = update(&inLab, .started(now: .zero))
        #expect(effects.contains(.lab(.step(lessonID: "second-computer", programs: [LabProgram(host: .server, command: "nc -lk 80")]))))

        var outside = Model(size: TerminalSize(columns: 80, rows: 24), tutorial: Tutorial(catalog: catalog, progress: Progress(), lessonIndex: 0, stepIndex: 0))
        let outsideEffects = update(&outside, .started(now: .zero))
        #expect(!outsideEffects.contains { if case .lab = $0 { true } else { false } })
        #expect(outside.notice?.plainText.contains("porttutor --lab") == true)
    }
}

/// What the screen says about the lab: the Lesson pane's title inside it, the offer outside.
@Suite struct LabOnScreenTests {
    static func model() throws -> Model {
        let lesson = try #require(LabLessonFieldsTests.load(LabLessonFieldsTests.yaml()).lesson)
        return Model(size: TerminalSize(columns: 80, rows: 24),
                     tutorial: Tutorial(catalog: LessonCatalog(lessons: [lesson]), progress: Progress(), lessonIndex: 0, stepIndex: 0))
    }

    @Test func theLessonPanesTitleSaysTheSessionIsInTheLab() throws {
        var model = try Self.model()
        #expect(model[pane: .lesson].status?.plainText.contains("in the lab") == false)
        model.isInLab = true
        #expect(model[pane: .lesson].status?.plainText.hasPrefix("in the lab · 1/1") == true)
    }

    /// Outside the lab a lab lesson keeps saying so: in the Lesson pane's title, and in the
    /// status bar again after any notice has had its time; with the way out (F7) beside
    /// the way in (`porttutor --lab`), in 80 columns.
    @Test func withoutTheLabALabLessonKeepsSayingSoAndOffersAnotherLesson() throws {
        var model = try Self.model()
        _ = update(&model, .started(now: .zero))
        #expect(model[pane: .lesson].status?.plainText.hasPrefix("needs the lab · 1/1") == true)
        let line = "Needs the lab: quit (F10), start `porttutor --lab`; or F7 for another lesson."
        #expect(model.notice?.plainText == line)
        #expect(line.count <= 80)
        _ = update(&model, .notice("Something else happened."))
        _ = update(&model, .tick(now: .seconds(5)))
        #expect(model.notice?.plainText == "Something else happened.", "another notice has its time")
        _ = update(&model, .tick(now: Model.noticeLifetime + .seconds(6)))
        #expect(model.notice?.plainText == line, "then the lab's line is back")

        var inLab = try Self.model()
        inLab.isInLab = true
        _ = update(&inLab, .started(now: .zero))
        _ = update(&inLab, .tick(now: .seconds(20)))
        #expect(inLab.notice?.plainText.contains("Needs the lab") != true)
    }

    @Test func aRefusedCaptureOffersTheLabInOneLineWhenItIsAvailable() throws {
        var offered = try Self.model()
        offered.labOffer = "No root needed: `porttutor --lab`."
        _ = update(&offered, .capture(.failed(.watch, ["Cannot capture packets on lo: permission denied."], needsPermission: true)))
        #expect(offered[pane: .packets].scrollback.lines.map(\.plainText).contains("No root needed: `porttutor --lab`."))
        #expect(offered.notice?.plainText == "No root needed: `porttutor --lab`.")

        var unavailable = try Self.model()
        _ = update(&unavailable, .capture(.failed(.watch, ["Cannot capture packets on lo: permission denied."], needsPermission: true)))
        #expect(!unavailable[pane: .packets].scrollback.lines.map(\.plainText).contains { $0.contains("--lab") })
    }
}
