import Lessons
import Testing
@testable import Tutor

/// Issue 12: text typed while the Lesson pane has focus is text. It lands where the step
/// has the learner type (the step's pane, or the answer line), and never moves a step.
@Suite struct LessonPaneTypingTests {
    typealias Walk = StepFocusTests

    /// Lesson 2 step 1 has the learner type `nc -l 8080` in the Listener pane. Typed in
    /// the Lesson pane, every character of it reaches the Listener's line, the step stays,
    /// and the status bar says once where the typing went.
    @Test func aCommandTypedInTheLessonPaneGoesToTheStepsPane() throws {
        var m = try Walk.walkthrough(lesson: 1, step: 0)
        #expect(m.tutorial?.stepPane == .listener)
        m.focus = .lesson
        Walk.type("nc -l 8080", &m)
        #expect(m.focus == .listener)
        #expect(m[pane: .listener].input?.string == "nc -l 8080")
        #expect(m[pane: .client].input?.string == "", "no letter was taken as a command")
        #expect(m.tutorial?.stepIndex == 0, "the n did not skip the step")
        #expect(m.notice?.plainText.contains("Typing goes to the Listener pane") == true)
    }

    /// On a question step the Lesson pane has an answer line: letters, digits and `q` go there.
    @Test func aQuestionStepTakesTypingOnItsAnswerLine() throws {
        var m = try Walk.walkthrough(lesson: 0, step: 0)
        #expect(m.focus == .lesson)
        Walk.type("nq 2", &m)
        #expect(m[pane: .lesson].input?.string == "nq 2")
        #expect(m.focus == .lesson && m.tutorial?.stepIndex == 0 && !m.isQuitting)
    }

    /// A finished lesson has nothing to type: a letter is harmless, a word in the status
    /// bar says which keys do what, and Enter (or F5) opens the next lesson.
    @Test func aReadingPaneExplainsItsKeysAndEnterMovesOn() throws {
        var m = try Walk.walkthrough(lesson: 0, step: 0)
        let steps = try #require(m.tutorial?.lesson.steps.count)
        for _ in 0..<steps { _ = update(&m, .key(.function(5))) }
        #expect(m.tutorial?.lessonComplete == true)
        for c in "nbsq" { _ = update(&m, .key(.character(c))) }
        #expect(m.tutorial?.lessonComplete == true && m.tutorial?.lessonIndex == 0 && !m.isQuitting)
        #expect(m.notice?.plainText.contains("F5 next step") == true)
        _ = update(&m, .key(.enter))
        #expect(m.tutorial?.lessonIndex == 1)
    }

    /// Enter in the Lesson pane does not skip a step that still has checks to tick.
    @Test func enterDoesNotSkipAStepWithWorkLeft() throws {
        var m = try Walk.walkthrough(lesson: 1, step: 0)
        m.focus = .lesson
        _ = update(&m, .key(.enter))
        #expect(m.tutorial?.stepIndex == 0)
        #expect(m.notice?.plainText.hasPrefix("Not done yet") == true)
    }

    /// Step keys are F-keys and Alt combinations, from any pane.
    @Test(arguments: [(Key.function(5), 1), (.alt("n"), 1), (.function(6), -1), (.alt("b"), -1)])
    func stepKeysWorkFromAnyPane(_ key: Key, _ move: Int) throws {
        var m = try Walk.walkthrough(lesson: 0, step: 1)
        m.focus = .packets
        _ = update(&m, .key(key))
        #expect(m.tutorial?.stepIndex == 1 + move)
    }

    /// Alt-PgDn scrolls the lesson's text from another pane; PgDn stays with that pane.
    @Test func altPageDownScrollsTheLessonFromAnyPane() throws {
        var m = try Walk.walkthrough(lesson: 0, step: 0, size: TerminalSize(columns: 80, rows: 24))
        m.focus = .listener
        let fit = try #require(m.lessonFit())
        #expect(fit.maxOffset > 0, "the text is longer than the pane")
        _ = update(&m, .key(.pageDown))
        #expect(m[pane: .lesson].scrollback.offset == 0)
        _ = update(&m, .key(.altPageDown))
        #expect(m[pane: .lesson].scrollback.offset > 0)
        _ = update(&m, .key(.altPageUp))
        #expect(m[pane: .lesson].scrollback.offset == 0)
    }
}
