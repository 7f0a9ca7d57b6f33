import Foundation
import LessonFiles
import Lessons
import Testing
@testable import Tutor

/// Two wrong tries, then F4 shows the answer and why; the step moves on, counted as skipped.
@Suite struct ShowAnswerTests {
    static func answer(_ text: String, _ m: inout Model) {
        for c in text { _ = update(&m, .key(.character(c))) }
        _ = update(&m, .key(.enter))
    }

    @Test func twoWrongTriesThenF4ShowsTheAnswerAndTheStepMovesOnAsSkipped() throws {
        // Lesson 1's "How many ports are there?": the highest port number.
        var m = try StepFocusTests.walkthrough(lesson: 0, step: 3)
        #expect(m.tutorial?.step.id == "port-range")
        #expect(m.focus == .lesson)

        _ = update(&m, .key(.function(4)))
        #expect(m.notice?.plainText.hasPrefix("F4 shows the answer after two tries") == true)
        #expect(m.tutorial?.answerShown == false)

        Self.answer("65536", &m)
        #expect(m.tutorial?.feedback.last?.plainText.contains("Counting starts at 0") == true, "the lesson's words on that mistake")
        #expect(m.tutorial?.feedback.last?.plainText.contains("65535") == false, "the first try does not give the answer away")
        Self.answer("70000", &m)
        #expect(m.tutorial?.feedback.contains { $0.plainText.hasPrefix("Two tries: F4 now shows the answer") } == true)
        #expect(m.notice?.plainText.hasPrefix("Two tries:") == true)

        _ = update(&m, .key(.function(4)))
        let feedback = try #require(m.tutorial?.feedback.map(\.plainText))
        #expect(feedback.contains("Answer (shown): 65535"))
        #expect(feedback.contains { $0.hasPrefix("Why: 2 to the power 16") })
        #expect(m.tutorial?.answerShown == true)
        #expect(m.tutorial?.stepIndex == 3, "shown, not yet moved on")

        // Enter on the empty answer line moves on; the step counts as skipped.
        _ = update(&m, .key(.enter))
        #expect(m.tutorial?.stepIndex == 4)
        #expect(m.tutorial?.skippedStepIDs.contains("port-range") == true)
    }
}
