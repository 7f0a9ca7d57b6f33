import Lessons
import SafeText
import Testing
@testable import Tutor

/// A step whose text points at a line of a pane (`Trying 127.0.0.1...`) scrolls that
/// pane so the line is in view when the step begins, however far it had scrolled away.
@Suite struct PointAtTests {
    @Test func theLineTheTextPointsAtIsBroughtIntoView() throws {
        // Lesson 2's "The number behind localhost", after a long chat in the Client pane.
        var m = try StepFocusTests.walkthrough(lesson: 1, step: 3, size: TerminalSize(columns: 80, rows: 24))
        m[pane: .client].scrollback.append(StyledLine(trusted: "Trying 127.0.0.1..."))
        m[pane: .client].scrollback.append(StyledLine(trusted: "Connected to localhost."))
        for number in 1...40 { m[pane: .client].scrollback.append(StyledLine(trusted: "line \(number) of a long chat")) }
        #expect(m[pane: .client].scrollback.offset == 0, "the pane follows its newest line")

        _ = update(&m, .key(.function(5)))  // the step before is a typing step: move on
        #expect(m.tutorial?.step.id == "localhost-number")
        #expect(m.tutorial?.step.pointAt?.pane == .client)
        let scrollback = m[pane: .client].scrollback
        let trying = try #require(scrollback.lines.lastIndex { $0.plainText.hasPrefix("Trying 127.0.0.1") })
        let newestShown = scrollback.lines.count - 1 - scrollback.offset
        #expect(scrollback.offset > 0, "scrolled back from the newest line")
        #expect(newestShown >= trying, "the pointed-at line is not below the view")
        #expect(newestShown - trying < 10, "the pointed-at line is near the top of the view, not above it")
    }
}

/// The answer line says what it is for now: letters while the question is open, Enter once
/// it is answered right.
@Suite struct AnswerLinePlaceholderTests {
    @Test func afterARightAnswerTheLineInvitesEnter() throws {
        var m = try StepFocusTests.walkthrough(lesson: 0, step: 0, size: TerminalSize(columns: 80, rows: 24))
        #expect(m[pane: .lesson].placeholder == "type a, b or c, then Enter")
        LessonPaneTests.type("b", &m)
        #expect(m.tutorial?.step.id == "address-and-port", "a right answer waits for Enter")
        #expect(m[pane: .lesson].placeholder == "Enter for the next step", "\(m[pane: .lesson].scrollback.lines.map(\.plainText).suffix(6))")
    }
}
