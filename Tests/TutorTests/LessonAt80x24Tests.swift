import Foundation
import LessonFiles
import Lessons
import Testing
@testable import Tutor

/// Issue 12: at 80x24 every step of every shipped lesson opens with the start of its text
/// and its question (when it asks one) both in the drawn Lesson pane, with no key pressed.
@Suite struct LessonAt80x24Tests {
    static let size = TerminalSize(columns: 80, rows: 24)

    static var everyStep: [(lesson: Int, step: Int)] {
        guard let catalog = try? LessonCatalog.loadValid(folder: DemoTests.shippedLessons) else { return [] }
        return catalog.lessons.enumerated().flatMap { index, lesson in lesson.steps.indices.map { (index, $0) } }
    }

    @Test func everyStepShowsItsTextAndQuestionAt80x24() throws {
        let steps = Self.everyStep
        try #require(steps.count > 20, "the shipped lessons did not load")
        for (lesson, step) in steps {
            let m = try StepFocusTests.walkthrough(lesson: lesson, step: step, size: Self.size)
            let fit = try #require(m.lessonFit(), "lesson \(lesson + 1) step \(step + 1): no Lesson pane")
            let rows = fit.rows.map { $0.map(\.text).joined() }
            let page = try #require(m.lessonPage)
            let width = try #require(m.layout.panes[.lesson]).width
            let firstText = try #require(LineWrapper.wrap(page.text[0], width: width).first).map(\.text).joined()
            #expect(rows.contains(firstText), "lesson \(lesson + 1) step \(step + 1): the text's first line is not drawn:\n\(rows.joined(separator: "\n"))")
            if let question = page.footer.first(where: { $0.plainText.hasPrefix("Question: ") }) {
                let firstRow = try #require(LineWrapper.wrap(question, width: width).first).map(\.text).joined()
                #expect(rows.contains(firstRow), "lesson \(lesson + 1) step \(step + 1): the question is not drawn (focus \(m.focus)):\n\(rows.joined(separator: "\n"))")
            }
        }
    }
}
