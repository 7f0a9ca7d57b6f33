import Lessons
import Testing
@testable import Tutor

/// Issue 12: lines the learner is to type stay lines of their own, at every width and in
/// demo mode; the rest of a paragraph joins and wraps.
@Suite struct LessonLineBreakTests {
    @Test(arguments: [Presentation.tutorial, .demo])
    func theHTTPResponseToTypeKeepsItsThreeLines(_ presentation: Presentation) throws {
        var m = try StepFocusTests.walkthrough(lesson: 2, step: 3, size: TerminalSize(columns: 50, rows: 24))
        #expect(m.tutorial?.step.id == "be-the-server")
        m.presentation = presentation
        let text = presentation == .demo ? try #require(m.lessonSlide).text : try #require(m.lessonPage).text
        let lines = text.map(\.plainText)
        let first = try #require(lines.firstIndex(of: "HTTP/1.0 200 OK"), "\(lines)")
        #expect(Array(lines[first...].prefix(3)) == ["HTTP/1.0 200 OK", "(an empty line)", "Hello from a human web server"])
        #expect(lines.contains { $0.hasPrefix("curl is still waiting, and nc sends whatever you type. So answer the way a web server would.") },
                "prose still joins into one paragraph")
    }

    @Test func aLineThatMixesCodeAndProseStillJoins() {
        let text = RichText(spans: [.plain("Some words\n"), .code("http://localhost:8080"), .plain(". More words.")])
        #expect(LessonPresenter.paragraphs(text).map(\.plainText) == ["Some words http://localhost:8080. More words."])
    }
}
