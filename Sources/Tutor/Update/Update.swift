import Lessons
import SafeText

/// The one place state changes: takes an event, changes the model, returns effects.
/// Pure: no I/O, no clocks, no globals, so every behaviour is testable as data.
public func update(_ model: inout Model, _ event: Event) -> [Effect] {
    switch event {
    case .started(let now):
        model.now = now
        model.demo?.startedAt = now
        // The built-in web server, the table and the checks' quiet capture start with the screen.
        return [.socket(.startWebServer), .refreshConnections, .capture(.watchLoopback)]
            + model.beginCurrentStep(now: now)
    case .resize(let size):
        model.size = size
        return []
    case .click(let pane):
        if case .help = model.overlay { model.overlay = nil }
        model.focus = pane
        return []
    case .wheel(let pane, let lines):
        model.scroll(pane, by: lines)
        return []
    case .tick(let now, let timeOfDay):
        model.now = now
        if let timeOfDay, (0..<Demo.secondsPerDay).contains(timeOfDay) { model.demo?.timeOfDay = timeOfDay }
        if model.notice != nil, now - model.noticeShownAt >= Model.noticeLifetime {
            model.notice = nil
            model.confirmingQuit = false
        }
        model.offerHelpIfStuck(now: now)
        model.remindOfTheLab()
        return model.runStepCountdown(now: now) + model.runAutopilot(now: now)
    case .terminationSignal(let signal):
        // As shells expect of a program a signal ended: 128 + the signal's number.
        return model.beginQuit(status: 128 + signal)
    case .notice(let text):
        model.notice = StyledLine(SafeText(untrusted: text), .warning)
        return []
    case .key(let key):
        return model.handleKey(key)
    case .sockets(let events):
        return model.receive(events)
    case .socketTable(let snapshot):
        return model.receive(table: snapshot)
    case .socketTableFailed(let reason):
        return model.tableFailed(reason)
    case .capture(let report):
        return model.receive(capture: report)
    }
}

extension Model {
    mutating func beginQuit(status: Int32 = 0) -> [Effect] {
        guard !isQuitting else { return [] }
        isQuitting = true
        return [.quit(status: status)]
    }

    /// Ctrl-C in the Lesson pane quits, as in a terminal. With the learner's nc, telnet,
    /// curl or tcpdump still running in a pane, that Ctrl-C was most likely meant for the
    /// tool (focus may have just moved to a new step), so it asks once before quitting.
    mutating func quitFromLessonPane(confirmed: Bool) -> [Effect] {
        let busy = tools.busyPanes
        guard !busy.isEmpty, !confirmed else { return beginQuit() }
        confirmingQuit = true
        let panes = busy.map { "Alt-\($0.number) \($0.title)" }.joined(separator: ", ")
        notice = StyledLine([Span("Ctrl-C again quits porttutor.", .warning),
                             Span(trusted: " Tools run in: \(panes)")])
        return []
    }

    mutating func handleKey(_ key: Key) -> [Effect] {
        let quitAsked = confirmingQuit
        confirmingQuit = false
        // The question is taken back with any other key: its notice must not outlive it.
        if quitAsked && key != .control("c") { notice = nil }
        switch overlay {
        case .help:
            // Any key closes help; the quit keys still quit.
            overlay = nil
            if case (.quit, _)? = GlobalAction.action(for: key) { return beginQuit() }
            return []
        case .lessonPicker(var picker):
            let effects = handlePickerKey(key, &picker)
            if case .lessonPicker = overlay { overlay = .lessonPicker(picker) }
            return effects
        case .presenterHelp, nil:
            break
        }
        if presentation == .demo {
            return handlePresenterKey(key)
        }
        if overlay == nil, let effects = handleKeyOnFinishedStep(key) {
            return effects
        }
        if let (action, pane) = GlobalAction.action(for: key) {
            return perform(action, pane: pane)
        }
        if case .control(let c) = key, let effects = controlKey(c, in: focus) {
            return effects
        }
        if key == .control("c") {
            return quitFromLessonPane(confirmed: quitAsked)
        }
        if focus == .packets, packetSelection != nil, moveExplanation(key) {
            return []
        }
        if self[pane: focus].input != nil {
            return editInput(key)
        }
        return handleLessonKey(key)
    }

    private mutating func perform(_ action: GlobalAction, pane: PaneID?) -> [Effect] {
        switch action {
        case .help: overlay = .help
        case .quit: return beginQuit()
        case .focusNext: focus = focus.next(by: 1)
        case .focusPrevious: focus = focus.next(by: -1)
        case .focusPane: if let pane { focus = pane }
        case .zoom: isZoomed.toggle()
        case .scrollUp: scroll(focus, by: pageSize(of: focus))
        case .scrollDown: scroll(focus, by: -pageSize(of: focus))
        case .scrollLessonUp: scroll(.lesson, by: pageSize(of: .lesson))
        case .scrollLessonDown: scroll(.lesson, by: -pageSize(of: .lesson))
        case .hint: showHint()
        case .showMe: return startShowMe()
        case .nextStep: return advance(skipped: true, now: now)
        case .previousStep: return goBack(now: now)
        case .lessons: openLessonPicker()
        case .explain: toggleExplanation()
        }
        return []
    }

    /// The Lesson pane without an answer line. Typing is text, never a step command: on a
    /// step with a command to type it goes to that pane (focus follows, said once); on a
    /// reading step it only earns a word on which keys do what.
    private mutating func handleLessonKey(_ key: Key) -> [Effect] {
        switch key {
        case .up: scroll(.lesson, by: 1)
        case .down: scroll(.lesson, by: -1)
        case .enter: return nextStepIfDone()
        case .character(let c): typeFromLessonPane(c)
        default: break
        }
        return []
    }

    /// The pane where the current step has the learner type a command; nil on a reading
    /// step, a question answered in the Lesson pane, or a finished lesson.
    var stepCommandPane: PaneID? {
        guard presentation == .tutorial, let tutorial, !tutorial.lessonComplete else { return nil }
        let pane = tutorial.stepPane
        return pane != .lesson && self[pane: pane].input != nil ? pane : nil
    }

    private mutating func typeFromLessonPane(_ c: Character) {
        guard let pane = stepCommandPane else {
            notice = StyledLine([Span("Reading: ", .emphasis), Span(trusted: LessonPaneKeys.readingHint, .dim)])
            return
        }
        focus = pane
        isZoomed = false
        self[pane: pane].input?.insert(c)
        notice = StyledLine([Span("Typing goes to the \(trusted: pane.title) pane, ", .emphasis),
                             Span("where this step's command runs.")])
    }

    /// Enter in the Lesson pane moves on only from a step with nothing left to do there:
    /// one whose checks all hold, one with nothing to check, or a finished lesson.
    private mutating func nextStepIfDone() -> [Effect] {
        guard let tutorial else { return [] }
        if tutorial.lessonComplete || tutorial.evaluator.isComplete || tutorial.step.checks.isEmpty || tutorial.answerShown {
            return advance(skipped: true, now: now)
        }
        notice = StyledLine([Span("Not done yet: ", .emphasis), Span(trusted: LessonPaneKeys.readingHint, .dim)])
        return []
    }

    private mutating func editInput(_ key: Key) -> [Effect] {
        let id = focus
        guard var input = self[pane: id].input else { return [] }
        switch key {
        case .character(let c): input.insert(c)
        case .backspace, .control("h"): input.backspace()
        case .delete, .control("d"): input.deleteForward()
        case .left, .control("b"): input.moveLeft()
        case .right, .control("f"): input.moveRight()
        case .home, .control("a"): input.moveHome()
        case .end, .control("e"): input.moveEnd()
        case .control("u"): input.killToStart()
        case .control("k"): input.killToEnd()
        case .control("w"): input.deleteWordBackward()
        case .up, .control("p"): input.historyPrevious()
        case .down, .control("n"): input.historyNext()
        case .control("l"): self[pane: id].scrollback.clear()
        case .enter:
            let line = input.submit()
            self[pane: id].input = input
            followNewest(id)
            return submit(line, in: id)
        default: break
        }
        self[pane: id].input = input
        return []
    }

    /// Like a terminal, a line entered brings its pane back to the newest lines, by the
    /// learner or by show me: an earlier error held at the top (``keepInView``) must not
    /// hide this line's reply (demo mode's step 3 showed step 1's refused curl).
    private mutating func followNewest(_ id: PaneID) {
        self[pane: id].scrollback.scroll(by: -self[pane: id].scrollback.offset)
    }

    /// A line entered in a pane: the lesson pane answers the question; the others run it
    /// as a command. Either way the checks hear what was typed.
    mutating func submit(_ line: String, in pane: PaneID) -> [Effect] {
        if pane == .lesson {
            return submitAnswer(line, now: now)
        }
        var effects = runCommand(line, in: pane)
        // A line the Connections pane refused (ss with an option it lacks, a typo) showed
        // no table: a `typed` check asking for a table command must not count it.
        if pane == .connections && !effects.contains(.refreshConnections) { return effects }
        effects += observe(.typed(pane, line), now: now)
        return effects
    }

    // MARK: Show me

    private mutating func startShowMe() -> [Effect] {
        if let shown = showAnswerOnF4() { return shown }
        // Waiting for the learner's own terminal: F4 says it is done, and the rest follows.
        if var pilot = autopilot, case .ownTerminal = pilot.hold {
            pilot.resume(now: now)
            autopilot = pilot
            notice = StyledLine([Span("Showing you: ", .emphasis), Span("the rest of this step.")])
            let effects = runAutopilot(now: now)
            refreshLessonPane()
            return effects
        }
        guard var tutorial, !tutorial.lessonComplete else {
            notice = StyledLine("Nothing to show: press F5 for the next lesson.", .dim)
            return []
        }
        // An on-your-own step is the learner's: the first F4 says so, the second does it.
        if tutorial.step.isOnYourOwn && !tutorial.showMeAsked && tutorial.finish == nil {
            tutorial.showMeAsked = true
            self.tutorial = tutorial
            notice = StyledLine([Span("This one is yours: ", .emphasis), Span("F3 gives a hint. F4 again to see it done.")])
            return []
        }
        let inputs = tutorial.step.perform
        guard !inputs.isEmpty else {
            notice = StyledLine("This step has nothing to type: read it, answer its question, or press F5.", .dim)
            return []
        }
        autopilot = Autopilot(inputs: inputs, charactersPerSecond: typingSpeed, now: now)
        notice = StyledLine([Span("Showing you: ", .emphasis), Span("watch the \(trusted: inputs[0].pane.title) pane.")])
        return runAutopilot(now: now)
    }

    /// Types what is due and asks to be woken for the rest.
    mutating func runAutopilot(now: Duration) -> [Effect] {
        guard var pilot = autopilot else { return [] }
        let strokes = pilot.strokes(dueBy: now)
        autopilot = pilot.isFinished ? nil : pilot
        var effects: [Effect] = []
        for stroke in strokes {
            switch stroke {
            case .character(let pane, let c):
                focus = pane
                self[pane: pane].input?.insert(c)
            case .enter(let pane):
                focus = pane
                followNewest(pane)
                if let line = self[pane: pane].input?.submit() {
                    effects += submitForLesson(line, in: pane)
                }
            case .control(let pane, let c):
                focus = pane
                effects += controlKey(c, in: pane) ?? []
            case .elsewhere(let command):
                // porttutor runs no shell commands: the learner's own terminal does this one.
                // Not a demo's quick setup of earlier steps: their commands are not this step's.
                if pilot.waitsForOwnTerminal { ownTerminalCommandSaid = command }
                // Waiting, the key leads (a long command would push it off an 80-column
                // row); the Lesson pane shows the whole command.
                let command = Span(SafeText(untrusted: command), .code)
                if case .ownTerminal = pilot.hold {
                    let key = presentation == .demo ? "Space" : "F4"
                    notice = StyledLine([Span("Type in a terminal of your own, then \(trusted: key): ", .emphasis), command])
                } else {
                    notice = StyledLine([Span("In a terminal of your own, type: ", .emphasis), command])
                }
                refreshLessonPane()
                revealLessonFooter()
            }
        }
        if let delay = autopilot?.delay(from: now) { effects.append(.wake(after: delay)) }
        // A step being set up goes on with its next part, or begins.
        if autopilot == nil { effects += continueSetup() + playStepRecording() }
        return effects
    }

    // MARK: Lesson picker

    private mutating func openLessonPicker() {
        guard tutorial != nil else { return }
        var picker = LessonPicker()
        picker.selection = tutorial?.lessonIndex ?? 0
        overlay = .lessonPicker(picker)
    }

    /// The lessons the picker shows for its filter.
    public func pickerLessons(_ picker: LessonPicker) -> [Lesson] {
        tutorial?.catalog.filter(picker.filter.string) ?? []
    }

    private mutating func handlePickerKey(_ key: Key, _ picker: inout LessonPicker) -> [Effect] {
        let shown = pickerLessons(picker)
        switch key {
        case .escape, .function(7), .alt("l"):
            overlay = nil
        case .up: picker.selection = max(0, picker.selection - 1)
        case .down: picker.selection = min(max(0, shown.count - 1), picker.selection + 1)
        case .enter:
            overlay = nil
            guard shown.indices.contains(picker.selection), var tutorial,
                  let index = tutorial.catalog.lessons.firstIndex(where: { $0.id == shown[picker.selection].id }) else { return [] }
            tutorial.open(lessonIndex: index)
            self.tutorial = tutorial
            autopilot = nil
            return beginCurrentStep(now: now)
        case .character(let c):
            picker.filter.insert(c)
            picker.selection = 0
        case .backspace:
            picker.filter.backspace()
            picker.selection = 0
        case .control("u"):
            picker.filter.killToStart()
            picker.selection = 0
        case .function(10), .control("q"), .control("c"):
            overlay = nil
            return beginQuit()
        default: break
        }
        return []
    }
}

