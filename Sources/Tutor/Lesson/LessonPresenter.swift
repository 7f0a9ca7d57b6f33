import Lessons
import SafeText

/// Turns the tutorial's state into the Lesson pane's lines: the step to do now first (so
/// it is visible in a small pane), then its checks, question, hints and replies, then the
/// lesson's checklist.
enum LessonPresenter {
    static func lines(_ tutorial: Tutorial, presentation: Presentation) -> [StyledLine] {
        let lesson = tutorial.lesson
        let step = tutorial.step
        var lines: [StyledLine] = []
        if tutorial.lessonComplete {
            lines.append(StyledLine("✔ Lesson complete: \(lesson.title)", .success))
            lines.append(tutorial.isLastLesson
                ? StyledLine("That was the last lesson. Press F7 to pick any lesson again, F10 to quit.")
                : StyledLine([Span("Press "), Span("n", .code), Span(" (or F5) for the next lesson, "),
                              Span("F7", .code), Span(" to pick one.")]))
            lines.append(.blank)
        }
        lines.append(StyledLine([Span("Step \(tutorial.stepIndex + 1)/\(lesson.steps.count): ", .heading),
                                 Span(safe(step.title), .heading)]))
        lines += paragraphs(step.text)
        if let note = step.macOSNote {
            lines.append(StyledLine([Span("macOS: ", .emphasis)] + spans(note, role: .dim)))
        }
        lines.append(.blank)
        for (index, check) in step.checks.enumerated() {
            if case .answer = check.kind { continue }
            if let tick = tutorial.evaluator.ticks.indices.contains(index) ? tutorial.evaluator.ticks[index] : nil {
                lines.append(StyledLine([Span(" ✔ ", .success), Span(safe(check.summary)), Span(": \(safe(tick.note))", .dim)]))
            } else {
                lines.append(StyledLine([Span(" ○ ", .dim), Span(safe(check.summary))]))
            }
        }
        if let question = step.question {
            lines.append(.blank)
            lines.append(StyledLine([Span("Question: ", .emphasis)] + spans(question.ask)))
            for (index, choice) in question.choices.enumerated() {
                lines.append(StyledLine([Span("  \(Question.letter(forChoice: index))) ", .code)] + spans(choice)))
            }
            if tutorial.evaluator.ticks.last.flatMap({ $0 }) == nil {
                lines.append(StyledLine([Span("Type your answer in this pane and press Enter.", .dim)]))
            }
        }
        for index in 0..<tutorial.hintsShown where index < step.hints.count {
            lines.append(StyledLine([Span("Hint \(index + 1)/\(step.hints.count): ", .warning)] + spans(step.hints[index])))
        }
        lines += tutorial.feedback
        lines.append(.blank)
        lines.append(StyledLine([Span("\(lesson.title)", .heading), Span(": lesson \(tutorial.lessonIndex + 1) of \(tutorial.catalog.lessons.count)", .dim)]))
        let finished = tutorial.finishedStepIDs
        let skipped = tutorial.skippedStepIDs
        for (index, each) in lesson.steps.enumerated() {
            let marker: Span
            if index == tutorial.stepIndex && !tutorial.lessonComplete {
                marker = Span(" ▶ ", .emphasis)
            } else if skipped.contains(each.id) {
                marker = Span(" ↷ ", .dim)
            } else if finished.contains(each.id) {
                marker = Span(" ✔ ", .success)
            } else {
                marker = Span("   ")
            }
            lines.append(StyledLine([marker, Span("\(index + 1). \(safe(each.title))", index == tutorial.stepIndex ? .emphasis : .normal)]))
        }
        if presentation == .tutorial {
            lines.append(StyledLine([Span("F3 hint · F4 show me · F5 next · F6 back · F7 lessons", .dim)]))
        }
        return lines
    }

    /// Lesson text split at its line breaks, keeping code spans styled.
    static func paragraphs(_ text: RichText) -> [StyledLine] {
        var lines: [StyledLine] = [StyledLine([])]
        for span in text.spans {
            let role: TextRole
            switch span { case .plain: role = .normal; case .code: role = .code }
            let pieces = span.text.split(separator: "\n", omittingEmptySubsequences: false)
            for (i, piece) in pieces.enumerated() {
                if i > 0 { lines.append(StyledLine([])) }
                if !piece.isEmpty { lines[lines.count - 1].spans.append(Span(safe(String(piece)), role)) }
            }
        }
        // A paragraph's lines join into one (the pane wraps them); blank lines stay.
        var joined: [StyledLine] = []
        var current: [Span] = []
        for line in lines {
            if line.spans.isEmpty {
                if !current.isEmpty { joined.append(StyledLine(current)); current = [] }
                if joined.last?.spans.isEmpty == false { joined.append(.blank) }
            } else {
                if !current.isEmpty { current.append(Span(" ")) }
                current += line.spans
            }
        }
        if !current.isEmpty { joined.append(StyledLine(current)) }
        while joined.last?.spans.isEmpty == true { joined.removeLast() }
        return joined
    }

    static func spans(_ text: RichText, role: TextRole = .normal) -> [Span] {
        paragraphs(text).enumerated().flatMap { index, line in (index > 0 ? [Span(" ")] : []) + line.spans }
            .map { $0.role == .normal ? Span($0.text, role) : $0 }
    }

    /// Lesson files are teachers' text, not the network's, but still go through the one
    /// sanitiser: a stray control character must not reach the terminal.
    static func safe(_ text: String) -> String { SafeText(untrusted: text).string }
}
