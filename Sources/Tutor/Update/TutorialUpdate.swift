import Lessons
import SafeText

/// The lesson engine's branch of `update`: starting steps, feeding observations to the
/// checks, ticking and moving on, hints, skipping, going back, answering questions.
extension Model {
    /// Starts the current step: focuses its pane, ticks what already holds, saves.
    mutating func beginCurrentStep(now: Duration) -> [Effect] {
        guard var tutorial else { return [] }
        let ticks = tutorial.beginStep(now: now)
        self.tutorial = tutorial
        ownTerminalCommandSaid = nil
        // A new step is read from its start.
        self[pane: .lesson].scrollback.offset = 0
        if presentation == .tutorial {
            moveFocus(toStepOf: tutorial)
        } else if !isZoomed {
            focus = tutorial.stepPane
        }
        if presentation == .demo {
            // A new step looks at its own pane (or the one its text points into); what
            // happened in the last one is old news.
            spotlight = tutorial.step.pointAt?.pane ?? (tutorial.stepPane == .lesson ? nil : tutorial.stepPane)
        }
        var effects: [Effect] = [.saveProgress(tutorial.progress)]
        if let notes = tutorial.step.presenterNotes, presentation == .demo {
            effects.append(.presenterNotes("\(tutorial.lesson.title), step \(tutorial.stepIndex + 1): \(tutorial.step.title)\n\(notes)"))
        }
        if tutorial.step.replaysRecording, let recording = tutorial.lesson.recording {
            effects.append(.capture(.replay(path: recording.path, label: recording.label)))
        }
        if isInLab {
            effects.append(.lab(.step(lessonID: tutorial.lesson.id, programs: tutorial.step.labPrograms)))
        } else if tutorial.lesson.needsLab {
            notice = Model.labNeeded
        }
        effects += noteTicks(ticks, now: now)
        demo?.playedRecording = nil
        effects += startDemoTyping()
        effects += playStepRecording()
        refreshLessonPane()
        revealPointedLine(of: tutorial.step)
        return effects
    }

    /// Scrolls the pane the step's text points into so the newest line it names is in view
    /// (telnet's `Trying 127.0.0.1...`, the handshake's `[S]`), however far it scrolled away.
    /// At the step's start, and again when the recording it replays has ended.
    mutating func revealPointedLine(of step: Step) {
        guard let pointed = step.pointAt,
              let index = self[pane: pointed.pane].scrollback.lines.lastIndex(where: { pointed.matches($0.plainText) })
        else { return }
        keepInView(lineAt: index, in: pointed.pane)
    }

    /// The walkthrough takes the learner to where the step is done: its pane, or the
    /// Lesson pane once only the question is left (the answer line is there). A learner
    /// halfway through typing a line keeps their pane, told where the step is; a zoom
    /// ends with the move, so the new pane is not hidden behind the old one.
    private mutating func moveFocus(toStepOf tutorial: Tutorial) {
        let target = tutorial.workPane
        guard target != focus else { return }
        if self[pane: focus].input.map({ !$0.text.isEmpty }) == true {
            notice = StyledLine([Span("Next: ", .emphasis), Span("\(SafeText(untrusted: tutorial.step.title)), in the \(trusted: target.title) pane (Alt-\(target.number)).")])
            return
        }
        focus = target
        isZoomed = false
    }

    /// Feeds one observation to the checks; ticks, completes and advances as they hold.
    mutating func observe(_ observation: Observation, now: Duration) -> [Effect] {
        guard var tutorial else { return [] }
        // A finished lesson still hears what happens (a capture stopping, a socket
        // closing): the next lesson's first checks must not see a stale world.
        let ticks = tutorial.observe(observation)
        self.tutorial = tutorial
        // While demo mode sets a step up, the checks watch (the state, an earlier step's
        // exchange) but nothing ticks: the setup is not the step being done.
        guard !tutorial.lessonComplete, !ticks.isEmpty, demo?.setup == nil else { return [] }
        let effects = noteTicks(ticks, now: now)
        refreshLessonPane()
        revealLessonFooter()
        // The pane's part is done and the question remains: go where the answer is typed.
        if presentation == .tutorial, let tutorial = self.tutorial, !tutorial.evaluator.isComplete,
           tutorial.workPane == .lesson, focus == tutorial.stepPane {
            moveFocus(toStepOf: tutorial)
        }
        return effects
    }

    /// Says what was seen for each new tick; when the step is complete, moves on.
    private mutating func noteTicks(_ ticks: [CheckTick], now: Duration) -> [Effect] {
        guard var tutorial, !ticks.isEmpty else { return [] }
        for tick in ticks {
            notice = StyledLine([Span("✔ ", .success), Span(SafeText(untrusted: tick.note))])
        }
        guard tutorial.evaluator.isComplete else { return [] }
        let done = tutorial.step.title
        tutorial.clearFeedback()
        if presentation == .demo {
            // The presenter moves on; the room gets time to read the result. One line:
            // a projected Lesson pane is short, and the step's title is right above.
            tutorial.say(StyledLine([Span("✔ Done. ", .success), Span("Press Space for the next step.", .dim)]))
        } else {
            tutorial.say(StyledLine([Span("✔ Done: ", .success), Span(SafeText(untrusted: done))]))
        }
        self.tutorial = tutorial
        if presentation == .demo { refreshLessonPane() }
        return stepCompleted(now: now)
    }

    /// Completes (or skips) the current step and begins the next, or ends the lesson.
    mutating func advance(skipped: Bool, now: Duration) -> [Effect] {
        guard var tutorial else { return [] }
        if tutorial.lessonComplete {
            guard !tutorial.isLastLesson else { return [] }
            tutorial.open(lessonIndex: tutorial.lessonIndex + 1, stepIndex: 0)
            self.tutorial = tutorial
            return beginCurrentStep(now: now)
        }
        if skipped && !tutorial.lesson.allowSkip && !tutorial.evaluator.isComplete && !tutorial.answerShown {
            notice = StyledLine("This lesson asks you to do every step; F3 gives a hint, F4 shows you how.", .warning)
            return []
        }
        let moved = tutorial.completeStep(skipped: skipped && !tutorial.evaluator.isComplete)
        self.tutorial = tutorial
        if moved { return beginCurrentStep(now: now) }
        notice = StyledLine([Span("✔ Lesson complete: ", .success), Span(SafeText(untrusted: tutorial.lesson.title))])
        self[pane: .lesson].scrollback.offset = 0
        refreshLessonPane()
        if focus != .lesson { isZoomed = false }
        focus = .lesson
        return [.saveProgress(tutorial.progress)]
    }

    mutating func goBack(now: Duration) -> [Effect] {
        guard var tutorial else { return [] }
        if tutorial.lessonComplete {
            tutorial.open(lessonIndex: tutorial.lessonIndex, stepIndex: tutorial.lesson.steps.count - 1)
        } else if !tutorial.goBack() {
            notice = StyledLine("This is the lesson's first step.", .dim)
            return []
        }
        self.tutorial = tutorial
        return beginCurrentStep(now: now)
    }

    mutating func showHint() {
        guard var tutorial else { return }
        if tutorial.revealHint() == nil {
            notice = StyledLine(tutorial.step.hints.isEmpty
                ? "This step has no hints; F4 shows you how it is done."
                : "No more hints; F4 shows you how it is done.", .dim)
        }
        self.tutorial = tutorial
        refreshLessonPane()
        revealLessonFooter()
    }

    /// Checks the typed answer to the step's question.
    mutating func submitAnswer(_ text: String, now: Duration) -> [Effect] {
        guard var tutorial else { return [] }
        guard !text.trimmingSpaces.isEmpty else {
            // Enter on the empty answer line, once F4 has shown the answer, moves on.
            return tutorial.answerShown ? advance(skipped: true, now: now) : []
        }
        let verdict = tutorial.judge(answer: text)
        switch verdict {
        case .correct(let note):
            // Earlier wrong tries are history once the answer is right, "Two tries" included.
            tutorial.clearFeedback()
            notice = nil
            tutorial.say(StyledLine([Span("✔ Right. ", .success), Span(SafeText(untrusted: note.asSentence))]))
            if let why = tutorial.step.question?.explanation {
                tutorial.say(StyledLine(LessonPresenter.spans(why)))
            }
        case .wrong(let advice):
            // Advice is lesson markup (the author's `says:`, or porttutor's own words): code spans stay code.
            tutorial.say(StyledLine([Span("✘ Not quite: ", .error), Span(SafeText(untrusted: text), .code), Span(". ")]
                                    + LessonPresenter.spans(RichText(markup: advice))))
            if tutorial.wrongTries == Tutorial.triesBeforeAnswer && !tutorial.answerShown {
                tutorial.say(StyledLine([Span("Two tries: ", .warning), Span("F4 now shows the answer and why, or try once more.")]))
                notice = StyledLine([Span("Two tries: ", .warning), Span("F4 shows the answer and why; F3 gives a hint.")])
            }
        case .unreadable(let advice):
            tutorial.say(StyledLine([Span("Not counted: ", .warning), Span(SafeText(untrusted: text), .code), Span(". ")]
                                    + LessonPresenter.spans(RichText(markup: advice))))
        case .noQuestion:
            tutorial.say(StyledLine("This step asks no question.", .dim))
        }
        self.tutorial = tutorial
        refreshLessonPane()
        revealLessonFooter()
        if case .correct = verdict, tutorial.evaluator.isComplete {
            return stepCompleted(now: now, byAnswer: true)
        }
        return []
    }

    /// F4 on a step whose question is still open. After two wrong tries: the answer and
    /// why, marked as shown, and the step may move on (counted as skipped). Before that:
    /// a step with a command to type is still shown (nil: the caller types it); one that
    /// only asks says when F4 will show the answer. Nil when there is no open question.
    mutating func showAnswerOnF4() -> [Effect]? {
        guard presentation == .tutorial, var tutorial, tutorial.questionOpen else { return nil }
        if tutorial.answerShown {
            notice = StyledLine([Span("The answer is shown: ", .emphasis), Span("Enter or F5 for the next step.")])
            return []
        }
        guard tutorial.wrongTries >= Tutorial.triesBeforeAnswer else {
            if !tutorial.step.perform.isEmpty { return nil }
            let left = Tutorial.triesBeforeAnswer - tutorial.wrongTries
            notice = StyledLine([Span("F4 shows the answer after two tries ", .emphasis),
                                 Span("(\(left) to go). Try an answer first; F3 gives a hint.")])
            return []
        }
        tutorial.markAnswerShown()
        let question = tutorial.step.question
        if let shown = tutorial.evaluator.revealAnswer() {
            tutorial.say(StyledLine([Span("Answer (shown): ", .warning), Span(SafeText(untrusted: shown), .code)]))
        } else {
            tutorial.say(StyledLine([Span("Answer (shown): ", .warning), Span("porttutor has nothing to show yet; the hints say where to look.")]))
        }
        if let why = question?.explanation {
            tutorial.say(StyledLine([Span("Why: ", .emphasis)] + LessonPresenter.spans(why)))
        }
        tutorial.say(StyledLine("Enter or F5 moves on; this step counts as skipped.", .dim))
        self.tutorial = tutorial
        notice = StyledLine([Span("Answer shown ", .emphasis), Span("in the Lesson pane; Enter or F5 for the next step.")])
        focus = .lesson
        isZoomed = false
        refreshLessonPane()
        revealLessonFooter()
        return []
    }

    /// Every check held: demo mode saves and waits for the presenter. A learner sees the
    /// payoff first: a tick counts down to the next step, an answer waits for Enter (its
    /// explanation is read at the learner's pace).
    private mutating func stepCompleted(now: Duration, byAnswer: Bool = false) -> [Effect] {
        guard var tutorial else { return [] }
        if presentation == .demo {
            return [.saveProgress(tutorial.progress)]
        }
        // No delay at all: on at once, as tests of other things want.
        if !byAnswer && nextStepDelay <= .zero { return moveOnFromFinishedStep(now: now) }
        tutorial.finish = byAnswer ? .waiting : .countingDown(until: now + nextStepDelay)
        self.tutorial = tutorial
        refreshLessonPane()
        revealLessonFooter()
        return runStepCountdown(now: now)
    }

    /// On each tick: moves on when the countdown is over, else asks to be woken when the
    /// number it shows changes.
    mutating func runStepCountdown(now: Duration) -> [Effect] {
        guard presentation == .tutorial, let finish = tutorial?.finish, let next = finish.nextChange(at: now) else { return [] }
        if next == .zero { return moveOnFromFinishedStep(now: now) }
        refreshLessonPane()
        return [.wake(after: next)]
    }

    /// Leaves a finished step for the next one (or the lesson's end).
    mutating func moveOnFromFinishedStep(now: Duration) -> [Effect] {
        // "Show me" finishes what it began typing: a step can tick before its last input
        // (curl's 200 OK ticks on the status line; the Ctrl-C that ends curl's wait is still
        // to come). Only skipping or going back stops it, or a step the learner finished
        // while show me waited for their own terminal: the rest was theirs too.
        var typing = autopilot
        if case .ownTerminal? = typing?.hold { typing = nil }
        let effects = advance(skipped: false, now: now)
        autopilot = typing
        return effects
    }

    /// A key while a finished step waits: Enter moves on (unless it belongs to a line
    /// typed or a tool running in the focused pane); any other key stops the countdown,
    /// since the learner is busy, and Esc does only that. Nil lets the key act as usual.
    mutating func handleKeyOnFinishedStep(_ key: Key) -> [Effect]? {
        guard presentation == .tutorial, var tutorial, let finish = tutorial.finish else { return nil }
        if key == .enter && enterMovesOn { return moveOnFromFinishedStep(now: now) }
        guard case .countingDown = finish else { return nil }
        tutorial.finish = .waiting
        self.tutorial = tutorial
        refreshLessonPane()
        revealLessonFooter()
        if key == .escape {
            notice = StyledLine([Span("Staying. ", .emphasis), Span("Enter (or F5) moves on when you are ready.")])
            return []
        }
        return nil
    }

    /// Enter is the pane's own while it has a line typed or a tool that reads lines (an
    /// empty line ends an HTTP request); in the Lesson pane it always moves on.
    private var enterMovesOn: Bool {
        if focus == .lesson { return true }
        guard let input = self[pane: focus].input else { return true }
        return input.text.isEmpty && !tools.busyPanes.contains(focus)
    }

    /// Once a step has taken a while with nothing ticked, a hint is offered (once); never
    /// on an on-your-own step, where hints come only when asked for.
    mutating func offerHelpIfStuck(now: Duration) {
        guard var tutorial, !tutorial.offeredHelp, !tutorial.lessonComplete, presentation == .tutorial,
              !tutorial.step.isOnYourOwn, tutorial.finish == nil else { return }
        let nothingTicked = tutorial.evaluator.ticks.allSatisfy { $0 == nil }
        guard nothingTicked, tutorial.hintsShown == 0, now - tutorial.stepStartedAt >= Tutorial.stuckAfter,
              !tutorial.step.hints.isEmpty else { return }
        tutorial.offeredHelp = true
        self.tutorial = tutorial
        notice = StyledLine([Span("Stuck? ", .warning), Span("F3 shows a hint, F4 shows you how.")])
    }

    /// Rebuilds the Lesson pane's lines from the tutorial. A learner looking at the end of
    /// the step's footer (what was just ticked or replied) keeps seeing it as it changes: a
    /// note that grows a line, a countdown, must not push "✔ Done" out of a short pane.
    mutating func refreshLessonPane() {
        syncAnswerLine()
        guard let tutorial else { return }
        let followsFooter = lessonFit().map { $0.offset == $0.footerRevealOffset && $0.maxOffset > 0 } ?? false
        self[pane: .lesson].scrollback.replaceAll(with: LessonPresenter.lines(tutorial, presentation: presentation, now: now,
                                                                               ownTerminal: ownTerminalCallout))
        if followsFooter { revealLessonFooter() }
        self[pane: .lesson].status = StyledLine(lessonPlace + [Span("\(tutorial.lessonIndex + 1)/\(tutorial.catalog.lessons.count) ", .dim),
                                                         Span(SafeText(untrusted: tutorial.lesson.title), .emphasis)])
    }
}

extension String {
    /// "answered b" as "Answered b.": a judge's note read as a sentence of its own.
    var asSentence: String {
        guard let first = first else { return self }
        let ended = last.map { ".!?".contains($0) } ?? false
        return first.uppercased() + dropFirst() + (ended ? "" : ".")
    }
}

extension Model {
    /// How long a finished step stays before the next one comes by itself.
    public static let defaultNextStepDelay: Duration = .seconds(5)
}

extension Tutorial {
    /// How long a step may go with nothing done before a hint is offered.
    public static let stuckAfter: Duration = .seconds(90)
}
