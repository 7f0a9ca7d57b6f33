import Lessons
import SafeText

/// Demo mode's branch of `update`: every key is a presenter key, and each step types
/// itself at the presenter's pace.
extension Model {
    mutating func handlePresenterKey(_ key: Key) -> [Effect] {
        guard var demo else { return [] }
        if demo.isBlank {
            // Any key brings the screen back; it does nothing else.
            demo.isBlank = false
            self.demo = demo
            return []
        }
        if case .presenterHelp = overlay {
            overlay = nil
            if PresenterAction.action(for: key) == .quit { return beginQuit() }
            return []
        }
        if demo.goTo != nil {
            return goToKey(key)
        }
        if let n = key.digit, let pane = PaneID(number: n) {
            focus = pane
            spotlight = pane
            return []
        }
        guard let action = PresenterAction.action(for: key) else { return [] }
        switch action {
        case .next: return presenterNext()
        case .back: return presenterBack()
        case .goTo:
            demo.goTo = ""
            notice = nil
        case .reveal:
            return revealAnswer(thenMoveOn: false) ?? []
        case .scrollBack, .scrollForward, .markUp, .markDown:
            presenterScroll(action)
            return []
        case .mark:
            toggleMark()
            return []
        case .pause:
            guard var pilot = autopilot else { return [] }
            if pilot.isPaused { pilot.resume(now: now) } else { pilot.hold = .presenter }
            autopilot = pilot
            notice = StyledLine(pilot.isPaused ? "Paused: p resumes." : "Resumed.", .emphasis)
            return pilot.isPaused ? [] : runAutopilot(now: now)
        case .zoom: isZoomed.toggle()
        case .blank: demo.isBlank = true
        case .clock: demo.showsClock.toggle()
        case .restart:
            // The outline forgets the run through; the panes start clean.
            guard var tutorial else { return [] }
            tutorial.restartLesson()
            self.tutorial = tutorial
            self.demo = demo
            return jump(toLesson: tutorial.lessonIndex, step: 0)
        case .faster, .slower:
            let paces = Demo.paces
            let index = paces.lastIndex { $0 <= typingSpeed } ?? 0
            let next = action == .faster ? min(paces.count - 1, index + 1) : max(0, index - 1)
            typingSpeed = paces[next]
            autopilot?.charactersPerSecond = typingSpeed
            notice = StyledLine("Typing at \(Int(typingSpeed)) characters a second.", .emphasis)
        case .noise:
            demo.hidesNoise.toggle()
            notice = StyledLine(demo.hidesNoise ? "Connections: only the lesson's rows." : "Connections: every program's rows.", .emphasis)
            self.demo = demo
            return [.refreshConnections]
        case .help: overlay = .presenterHelp
        case .quit: return beginQuit()
        }
        self.demo = demo
        return []
    }

    /// Next: types the step at once if it is waiting or under way, reveals an open
    /// question's answer, else moves to the next step. While a step is being set up it
    /// waits: the setup is already quick, and cutting it short would leave a wrong state.
    private mutating func presenterNext() -> [Effect] {
        if demo?.setup != nil {
            notice = StyledLine("Setting up this step; a moment.", .dim)
            return []
        }
        if var pilot = autopilot {
            // Done in the presenter's own terminal: the rest types at the room's pace.
            if case .ownTerminal = pilot.hold { pilot.resume(now: now) } else { pilot.hurry(now: now) }
            autopilot = pilot
            return runAutopilot(now: now)
        }
        if let revealed = revealAnswer(thenMoveOn: true) { return revealed }
        // What the last step's tools said is old news on the next one.
        notice = nil
        return advance(skipped: true, now: now)
    }

    /// Shows the room the open question's answer and why, in the Lesson pane. Nil when
    /// there is nothing left to reveal and `thenMoveOn` (Space: the next step comes);
    /// the reveal key says so instead.
    mutating func revealAnswer(thenMoveOn: Bool) -> [Effect]? {
        guard var tutorial, tutorial.questionOpen, !tutorial.answerShown, let question = tutorial.step.question else {
            if thenMoveOn { return nil }
            notice = StyledLine(tutorial?.step.question == nil ? "This step asks no question." : "The answer is shown: Space for the next step.", .dim)
            return []
        }
        tutorial.markAnswerShown()
        tutorial.clearFeedback()
        let shown = tutorial.evaluator.revealAnswer() ?? "(nothing to show yet)"
        tutorial.say(StyledLine([Span("Answer: ", .success), Span(SafeText(untrusted: shown), .code)]))
        if let why = question.explanation {
            tutorial.say(StyledLine([Span("Why: ", .emphasis)] + LessonPresenter.spans(why)))
        }
        self.tutorial = tutorial
        notice = StyledLine("Revealed: Space goes on.", .emphasis)
        if let pane = tutorial.step.pointAt?.pane { spotlight = pane }
        refreshLessonPane()
        return []
    }

    /// A key after `g`: digits and a dot build `3` or `2.3`; Enter (or Space) goes there,
    /// Esc (or anything else) forgets it.
    private mutating func goToKey(_ key: Key) -> [Effect] {
        guard var demo, var typed = demo.goTo else { return [] }
        switch key {
        case .character(let c) where c.isNumber || c == ".":
            typed.append(c)
            demo.goTo = typed
            self.demo = demo
            return []
        case .backspace:
            demo.goTo = String(typed.dropLast())
            self.demo = demo
            return []
        case .enter, .character(" "):
            demo.goTo = nil
            self.demo = demo
            guard let tutorial, let target = GoToTarget(typed, currentLesson: tutorial.lessonIndex, catalog: tutorial.catalog) else {
                notice = StyledLine("Go to: type a step number (3) or lesson.step (2.3), then Enter.", .warning)
                return []
            }
            return jump(toLesson: target.lesson, step: target.step)
        default:
            demo.goTo = nil
            self.demo = demo
            notice = StyledLine("Go to: cancelled.", .dim)
            return []
        }
    }

    /// In demo mode a step starts typing itself, after a moment for the room to read it.
    mutating func startDemoTyping() -> [Effect] {
        guard presentation == .demo, demo?.setup == nil, let tutorial, !tutorial.step.perform.isEmpty, !tutorial.lessonComplete else {
            autopilot = nil
            return []
        }
        autopilot = Autopilot(inputs: tutorial.step.perform, charactersPerSecond: typingSpeed, now: now + Demo.readingPause)
        return [.wake(after: Demo.readingPause)]
    }
}

/// Where "go to" (`g`) takes the demo: `3` is step 3 of this lesson, `2.3` lesson 2's
/// step 3, `2.` lesson 2's first step; numbers count from 1, as the status bar shows them.
struct GoToTarget: Equatable {
    var lesson: Int
    var step: Int

    init?(_ text: String, currentLesson: Int, catalog: LessonCatalog) {
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        if parts.count == 2 {
            guard let lesson = Int(parts[0]), catalog.lessons.indices.contains(lesson - 1) else { return nil }
            let step = parts[1].isEmpty ? 1 : Int(parts[1]) ?? 0
            guard catalog.lessons[lesson - 1].steps.indices.contains(step - 1) else { return nil }
            self.lesson = lesson - 1
            self.step = step - 1
        } else {
            guard let step = Int(text), catalog.lessons.indices.contains(currentLesson),
                  catalog.lessons[currentLesson].steps.indices.contains(step - 1) else { return nil }
            self.lesson = currentLesson
            self.step = step - 1
        }
    }
}

extension Demo {
    /// Time to read a new step before its command starts typing.
    public static let readingPause: Duration = .milliseconds(1500)
}

extension Key {
    /// The digit of a plain digit key.
    var digit: Int? {
        if case .character(let c) = self { return c.wholeNumberValue }
        return nil
    }
}
