import Lessons
import SafeText

/// Turns the tutorial's state into the Lesson pane: the step to do now, its text, then
/// its checks, question, hints and replies (kept in view by ``LessonPage``), then the
/// lesson's checklist.
enum LessonPresenter {
    static func lines(_ tutorial: Tutorial, presentation: Presentation, now: Duration, ownTerminal: OwnTerminalCallout? = nil) -> [StyledLine] {
        page(tutorial, presentation: presentation, now: now, ownTerminal: ownTerminal).lines
    }

    /// `ownTerminal` is the command show me said for the learner's own terminal.
    static func page(_ tutorial: Tutorial, presentation: Presentation, now: Duration, ownTerminal: OwnTerminalCallout? = nil) -> LessonPage {
        if tutorial.lessonComplete, let recap = tutorial.lesson.recap {
            return LessonPage(heading: completionHeading(tutorial), text: recapLines(recap),
                              footer: Array(completion(tutorial, presentation: presentation).dropFirst()), outline: [])
        }
        let step = tutorial.step
        var text = paragraphs(step.text)
        if let note = step.macOSNote {
            text.append(StyledLine([Span("macOS: ", .emphasis)] + spans(note, role: .dim)))
        }
        // A finished lesson's footer is what to do next; the last step's checks and
        // question are done with, and its verdict heads the text.
        let footer = tutorial.lessonComplete
            ? completion(tutorial, presentation: presentation)
            : status(tutorial, presentation: presentation) + whatNext(tutorial, now: now)
                + waitingLines(ownTerminal, presentation: presentation)
        var outline = outline(tutorial)
        if presentation == .tutorial {
            outline.append(StyledLine([Span("F3 hint · F4 show me · F5 next · F6 back · F7 lessons", .dim)]))
        }
        let outcome = presentation == .tutorial ? tutorial.lastOutcome : []
        return LessonPage(heading: heading(tutorial), outcome: outcome, text: text, footer: footer, outline: outline)
    }

    /// Demo mode's Lesson pane, in parts the view can fit: the step's title, its text,
    /// what is checked and asked (kept in view however short the pane), the lesson's steps.
    static func slide(_ tutorial: Tutorial, ownTerminal: OwnTerminalCallout? = nil) -> LessonSlide {
        if tutorial.lessonComplete, let recap = tutorial.lesson.recap {
            // The room reads the recap; the next lesson's key stays in view under it.
            return LessonSlide(title: nil, heading: completionHeading(tutorial), text: recapLines(recap),
                               footer: Array(completion(tutorial, presentation: .demo).dropFirst()), outline: [])
        }
        if tutorial.lessonComplete {
            let done = completion(tutorial, presentation: .demo)
            return LessonSlide(title: nil, heading: done[0], text: Array(done.dropFirst()), footer: [], outline: outline(tutorial))
        }
        return LessonSlide(title: tutorial.step.title, heading: heading(tutorial), text: paragraphs(tutorial.step.text),
                           footer: status(tutorial, presentation: .demo) + waitingLines(ownTerminal, presentation: .demo),
                           outline: outline(tutorial))
    }

    /// A command show me said for the learner's own terminal: whole, pinned where the
    /// step's checks are (a status row at 64 or 80 columns has room for part of it), and,
    /// while show me waits for it, the key that goes on.
    private static func waitingLines(_ callout: OwnTerminalCallout?, presentation: Presentation) -> [StyledLine] {
        guard let callout else { return [] }
        var lines = [StyledLine.blank,
                     StyledLine([Span(callout.waiting ? "Your turn, in a terminal of your own:" : "In a terminal of your own:", .emphasis)]),
                     StyledLine([Span("  "), Span(SafeText(untrusted: callout.command), .code)])]
        if callout.waiting {
            let key: SourceText = presentation == .demo ? "Space" : "F4"
            lines.append(StyledLine([Span("then "), Span(key, .code), Span(" here does the rest.")]))
        }
        return lines
    }

    private static func heading(_ tutorial: Tutorial) -> StyledLine {
        let step = tutorial.step
        var spans = [Span("Step \(tutorial.stepIndex + 1)/\(tutorial.lesson.steps.count): ", .heading),
                     Span(SafeText(untrusted: step.title), .heading)]
        // The shipped lessons name it in the title; a lesson that does not gets the badge.
        if step.isOnYourOwn && !step.title.lowercased().hasPrefix("on your own") {
            spans.append(Span(" · on your own", .warning))
        }
        return StyledLine(spans)
    }

    private static func completionHeading(_ tutorial: Tutorial) -> StyledLine {
        StyledLine("✔ Lesson complete: \(SafeText(untrusted: tutorial.lesson.title))", .success)
    }

    /// What the learner did, the commands they used, the idea to keep: the lesson's end.
    static func recapLines(_ recap: Recap) -> [StyledLine] {
        var lines = [StyledLine("You did", .heading)]
        lines += recap.did.map { StyledLine([Span(" • ")] + spans($0)) }
        if !recap.commands.isEmpty {
            lines += [.blank, StyledLine("Commands", .heading)]
            lines += recap.commands.map { StyledLine([Span("  "), Span(SafeText(untrusted: $0), .code)]) }
        }
        lines += [.blank, StyledLine("The idea to keep", .heading), StyledLine(spans(recap.idea))]
        return lines
    }

    /// Under a finished step's ✔: when the next step comes, and the keys that say when.
    private static func whatNext(_ tutorial: Tutorial, now: Duration) -> [StyledLine] {
        guard let finish = tutorial.finish else {
            guard tutorial.step.isOnYourOwn else { return [] }
            return [StyledLine([Span("On your own: ", .emphasis), Span("F3 gives a hint when you want one.", .dim)])]
        }
        let isLast = tutorial.stepIndex + 1 >= tutorial.lesson.steps.count
        let next: SourceText = isLast ? (tutorial.lesson.recap == nil ? "The lesson's end" : "The recap") : "Next step"
        if let seconds = finish.secondsLeft(at: now) {
            return [StyledLine([Span("\(next) in \(seconds) s: ", .emphasis), Span("Enter", .code), Span(" now, "),
                                Span("Esc", .code), Span(" to stay.")])]
        }
        let what: SourceText = isLast ? (tutorial.lesson.recap == nil ? "the lesson's end" : "the recap") : "the next step"
        return [StyledLine([Span("Press "), Span("Enter", .code), Span(" (or F5) for \(what).")])]
    }

    private static func completion(_ tutorial: Tutorial, presentation: Presentation) -> [StyledLine] {
        var lines = [completionHeading(tutorial)]
        switch (tutorial.isLastLesson, presentation) {
        case (true, .tutorial):
            lines.append(StyledLine("That was the last lesson. Press F7 to pick any lesson again, F10 to quit."))
        case (true, .demo):
            lines.append(StyledLine("That was the last lesson: q ends the demo."))
        case (false, .tutorial):
            lines.append(StyledLine([Span("Press "), Span("Enter", .code), Span(" (or F5) for the next lesson, "),
                                     Span("F7", .code), Span(" to pick one.")]))
        case (false, .demo):
            lines.append(StyledLine([Span("Press "), Span("Space", .code), Span(" for the next lesson.")]))
        }
        return lines
    }

    /// The step's checks (ticked or not), its question, the hints shown and the replies.
    private static func status(_ tutorial: Tutorial, presentation: Presentation) -> [StyledLine] {
        let step = tutorial.step
        var lines: [StyledLine] = []
        for (index, check) in step.checks.enumerated() {
            if case .answer = check.kind { continue }
            if let tick = tutorial.evaluator.ticks.indices.contains(index) ? tutorial.evaluator.ticks[index] : nil {
                // A projected pane is short: the check's own words, the evidence is in the status bar.
                let note = presentation == .demo ? [] : [Span(": \(SafeText(untrusted: tick.note))", .dim)]
                lines.append(StyledLine([Span(" ✔ ", .success), Span(SafeText(untrusted: check.summary))] + note))
            } else {
                lines.append(StyledLine([Span(" ○ ", .dim), Span(SafeText(untrusted: check.summary))]))
            }
        }
        if let question = step.question {
            if !lines.isEmpty { lines.append(.blank) }
            lines.append(StyledLine([Span("Question: ", .emphasis)] + spans(question.ask)))
            // Revealed to a room, the answer line names the right choice: the rows go to why.
            let revealed = presentation == .demo && tutorial.answerShown
            for (index, choice) in question.choices.enumerated() where !revealed {
                lines.append(StyledLine([Span("  \(trusted: Question.letter(forChoice: index))) ", .code)] + spans(choice)))
            }
        }
        for index in 0..<tutorial.hintsShown where index < step.hints.count {
            lines.append(StyledLine([Span("Hint \(index + 1)/\(step.hints.count): ", .warning)] + spans(step.hints[index])))
        }
        lines += tutorial.feedback
        return lines
    }

    /// The lesson's steps, the current one marked.
    private static func outline(_ tutorial: Tutorial) -> [StyledLine] {
        let lesson = tutorial.lesson
        var lines = [StyledLine([Span(SafeText(untrusted: lesson.title), .heading), Span(": lesson \(tutorial.lessonIndex + 1) of \(tutorial.catalog.lessons.count)", .dim)])]
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
            lines.append(StyledLine([marker, Span("\(index + 1). \(SafeText(untrusted: each.title))", index == tutorial.stepIndex ? .emphasis : .normal)]))
        }
        return lines
    }

    /// Lesson text split at its line breaks, keeping code spans styled. Lesson files are
    /// teachers' text, not the network's, but still go through the one sanitiser: a stray
    /// control character must not reach the terminal.
    static func paragraphs(_ text: RichText) -> [StyledLine] {
        var lines: [StyledLine] = [StyledLine([])]
        for span in text.spans {
            let role: TextRole
            switch span { case .plain: role = .normal; case .code: role = .code }
            let pieces = span.text.split(separator: "\n", omittingEmptySubsequences: false)
            for (i, piece) in pieces.enumerated() {
                if i > 0 { lines.append(StyledLine([])) }
                if !piece.isEmpty { lines[lines.count - 1].spans.append(Span(SafeText(untrusted: String(piece)), role)) }
            }
        }
        // A paragraph's lines join into one (the pane wraps them); blank lines stay. A line
        // that is only code (a line to type, like `HTTP/1.0 200 OK`) keeps its own row, so
        // the lines before and after it stay theirs too.
        var joined: [StyledLine] = []
        var current: [Span] = []
        var currentStandsAlone = false
        for line in lines {
            if line.spans.isEmpty {
                if !current.isEmpty { joined.append(StyledLine(current)); current = [] }
                if joined.last?.spans.isEmpty == false { joined.append(.blank) }
            } else {
                let standsAlone = isLineToType(line)
                if !current.isEmpty && (standsAlone || currentStandsAlone) {
                    joined.append(StyledLine(current))
                    current = []
                }
                if !current.isEmpty { current.append(Span(" ")) }
                current += line.spans
                currentStandsAlone = standsAlone
            }
        }
        if !current.isEmpty { joined.append(StyledLine(current)) }
        while joined.last?.spans.isEmpty == true { joined.removeLast() }
        return joined
    }

    /// A source line that is all code: something the learner types as it stands.
    private static func isLineToType(_ line: StyledLine) -> Bool {
        line.spans.contains { $0.role == .code }
            && line.spans.allSatisfy { $0.role == .code || $0.text.allSatisfy(\.isWhitespace) }
    }

    static func spans(_ text: RichText, role: TextRole = .normal) -> [Span] {
        paragraphs(text).enumerated().flatMap { index, line in (index > 0 ? [Span(" ")] : []) + line.spans }
            .map { span in
                var span = span
                if span.role == .normal { span.role = role }
                return span
            }
    }
}

/// The Lesson pane of demo mode, in parts: the view keeps the step's title and what is
/// checked or asked in view, and cuts the text (never the checks) when the pane is short.
public struct LessonSlide: Sendable, Hashable {
    /// The step's title for block letters; nil when the lesson is complete.
    public var title: String?
    /// "Step 2/6: Call it with telnet", or "✔ Lesson complete: …".
    public var heading: StyledLine
    public var text: [StyledLine]
    /// The checks (○ or ✔), the question and its choices, hints shown, replies ("✔ Done").
    public var footer: [StyledLine]
    /// The lesson's steps, the current one marked, for when there is room.
    public var outline: [StyledLine]
}

extension Model {
    /// The walkthrough's Lesson pane; nil with no lesson loaded.
    public var lessonPage: LessonPage? {
        tutorial.map { LessonPresenter.page($0, presentation: presentation, now: now, ownTerminal: ownTerminalCallout) }
    }

    /// The walkthrough's Lesson pane as the view fits it now, so scrolling moves by the
    /// rows the learner sees; nil in demo mode, with no lesson, or with the pane hidden.
    func lessonFit() -> LessonPageFit? {
        guard presentation == .tutorial, let page = lessonPage,
              let area = layout.panes[.lesson] else { return nil }
        let pane = self[pane: .lesson]
        let content = PaneRegions(area: area, pane: pane, isFocused: focus == .lesson).content
        return page.fit(width: content.width, height: content.height, offset: pane.scrollback.offset, focused: focus == .lesson)
    }

    /// Scrolls the Lesson pane, if it must, to show what just changed at the end of the
    /// step's footer: a hint, the verdict on an answer, a ticked check.
    mutating func revealLessonFooter() {
        guard let fit = lessonFit() else { return }
        self[pane: .lesson].scrollback.offset = fit.footerRevealOffset
    }

    /// Demo mode's Lesson pane; nil with no lesson loaded.
    public var lessonSlide: LessonSlide? {
        tutorial.map { LessonPresenter.slide($0, ownTerminal: ownTerminalCallout) }
    }

    /// The command for the learner's own terminal to keep in the Lesson pane: the one show
    /// me waits for, else the last one it said in this step.
    var ownTerminalCallout: OwnTerminalCallout? {
        if let waiting = autopilot?.ownTerminalCommand { return OwnTerminalCallout(command: waiting, waiting: true) }
        return ownTerminalCommandSaid.map { OwnTerminalCallout(command: $0, waiting: false) }
    }
}

/// A command for the learner's own terminal, as the Lesson pane shows it.
struct OwnTerminalCallout: Equatable {
    let command: String
    /// Show me waits for it (more follows); else it was only said.
    let waiting: Bool
}
