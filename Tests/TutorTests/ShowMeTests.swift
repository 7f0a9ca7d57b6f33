import Foundation
import LessonFiles
import Lessons
import Testing
@testable import Tutor

/// "Show me" against a step whose check holds before its last input is typed, as when the
/// first of several lines reaches the other pane before the rest are typed.
@Suite struct ShowMeTests {
    static let yaml = """
        id: early
        title: Early
        summary: A step that ticks before show me is done typing.
        steps:
          - id: two-lines
            title: Two lines
            pane: listener
            text: Type two lines.
            perform:
              - first
              - second
            checks:
              - typed: {pane: listener, pattern: first}
          - id: read
            title: Read
            pane: lesson
            text: Read this.
            question:
              ask: Ready?
              accept: [yes]
        """

    func tutorModel() throws -> Model {
        let result = LessonLoader.load(yaml: Self.yaml, displayPath: "early.yaml", url: URL(fileURLWithPath: "/tmp/early.yaml"))
        let lesson = try #require(result.lesson, "\(result.diagnostics)")
        let tutorial = Tutorial(catalog: LessonCatalog(lessons: [lesson]), progress: Progress(), lessonIndex: 0, stepIndex: 0)
        var model = Model(size: TerminalSize(columns: 120, rows: 40), tutorial: tutorial)
        _ = update(&model, .started(now: .zero))
        return model
    }

    @Test func showMeFinishesTypingWhenTheStepTicksEarly() throws {
        var model = try tutorModel()
        _ = update(&model, .key(.function(4)))
        var now = Duration.zero
        // Show me types on while the finished step counts down to the next one.
        while model.autopilot != nil || model.tutorial?.stepIndex == 0, now < .seconds(10) {
            now += .milliseconds(50)
            _ = update(&model, .tick(now: now))
        }
        #expect(model.tutorial?.stepIndex == 1, "the first line ticked the step")
        #expect(model.tutorial?.evidence["two-lines"]?.first??.note == "typed “first” in the listener pane")
        let typed = model[pane: .listener].scrollback.lines.map(\.plainText)
        #expect(typed.contains("$ second"), "show me typed its last line too: \(typed)")
    }

    @Test func skippingStopsShowMe() throws {
        var model = try tutorModel()
        _ = update(&model, .key(.function(4)))
        _ = update(&model, .key(.function(5)))
        #expect(model.autopilot == nil)
    }
}
