import Foundation
import LessonFiles
import Lessons
import Testing
@testable import Tutor

/// A `typed` check on the Connections pane counts a table command that ran, never a line
/// the pane refused: a wrong command must not tick it.
@Suite struct TypedCheckTests {
    static let yaml = """
        id: table
        title: Table
        summary: Ask for the listeners.
        steps:
          - id: listeners
            title: Listeners
            pane: connections
            text: Ask for the listening sockets.
            perform: ss -tln
            checks:
              - typed: {pane: connections, pattern: '^(ss|netstat)\\s.*-[a-z]*l'}
            hints: [ss -tln]
        """

    @Test func aRefusedCommandDoesNotTickButOneThatRanDoes() throws {
        let result = LessonLoader.load(yaml: Self.yaml, displayPath: "table.yaml", url: URL(fileURLWithPath: "/tmp/table.yaml"))
        let lesson = try #require(result.lesson, "\(result.diagnostics)")
        let tutorial = Tutorial(catalog: LessonCatalog(lessons: [lesson]), progress: Progress(), lessonIndex: 0, stepIndex: 0)
        var model = Model(size: TerminalSize(columns: 120, rows: 40), tutorial: tutorial)
        _ = update(&model, .started(now: .zero))
        #expect(PaneStateTests.typed("ss -tlq", in: .connections, into: &model).isEmpty, "ss has no -q")
        #expect(model.tutorial?.evaluator.ticks == [nil])
        _ = PaneStateTests.typed("ss -tln", in: .connections, into: &model)
        #expect(model.tutorial?.evaluator.ticks.first??.note == "typed “ss -tln” in the connections pane")
    }
}
