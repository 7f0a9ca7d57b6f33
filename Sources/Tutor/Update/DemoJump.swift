import Lessons
import SafeText

/// Demo mode moving to any step (back, into the previous lesson, "go to"): the panes are
/// brought into the state that step needs before its own typing, instead of typing old
/// commands into a state that no longer fits them. What runs in the panes stops, their old
/// output goes, and the step's setup (``StepSetup``) is typed quickly, shown as such.
extension Model {
    /// Jumps to step `stepIndex` of lesson `lessonIndex` (both clamped).
    mutating func jump(toLesson lessonIndex: Int, step stepIndex: Int) -> [Effect] {
        guard var tutorial, var demo else { return [] }
        autopilot = nil
        demo.setup = nil
        // What the last step's tools said is old news here.
        notice = nil
        tutorial.open(lessonIndex: lessonIndex, stepIndex: stepIndex)
        self.tutorial = tutorial
        let stops = tearDownPanes()
        let setup = StepSetup(forStep: tutorial.stepIndex, of: tutorial.lesson)
        guard !setup.isEmpty else {
            self.demo = demo
            // The step's own typing waits for the reading pause: the stops land first.
            return stops + beginCurrentStep(now: now)
        }
        // A moment for the stopped tools to report, then the setup, then a moment for
        // the last connection to open before the step begins.
        var parts = setup.parts
        if !stops.isEmpty { parts.insert(StepSetup.Part(stepIndex: nil, inputs: [Self.settle]), at: 0) }
        parts.append(StepSetup.Part(stepIndex: nil, inputs: [Self.settle]))
        demo.setup = DemoSetup(remaining: parts, summary: setup.summary)
        self.demo = demo
        tutorial.clearFeedback()
        // A projected Lesson pane is short: the first few commands, and how many more.
        let commands = setup.commands
        let shown = commands.prefix(3).joined(separator: " · ") + (commands.count > 3 ? " … (\(commands.count - 3) more)" : "")
        tutorial.say(StyledLine([Span("Setting up: ", .emphasis), Span(SafeText(untrusted: shown), .code)]))
        self.tutorial = tutorial
        self[pane: .lesson].scrollback.offset = 0
        spotlight = tutorial.step.pointAt?.pane ?? (tutorial.stepPane == .lesson ? nil : tutorial.stepPane)
        refreshLessonPane()
        return stops + startNextSetupPart(after: .zero)
    }

    /// Stops what runs in the Listener, Client and Packets panes and clears them, as a
    /// presenter would before starting over; the Connections pane's table stays live.
    private mutating func tearDownPanes() -> [Effect] {
        var effects: [Effect] = []
        if tools.listener.isRunning { effects.append(.socket(.stopListener)) }
        if tools.client.isRunning { effects.append(.socket(.closeClient)) }
        if tools.packets.isRunning { effects.append(.capture(.stop)) }
        for pane in [PaneID.listener, .client, .packets] {
            self[pane: pane].scrollback.clear()
            self[pane: pane].unfinishedLines = [:]
            self[pane: pane].input?.killToStart()
            self[pane: pane].input?.killToEnd()
        }
        packetSelection = nil
        demo?.mark = nil
        if demo?.standIn != nil {
            demo?.standIn = nil
            self[pane: .packets].prompt = PaneID.packets.prompt
            _ = tutorial?.observe(.paneCapture(nil))
        }
        return effects
    }

    /// Types the next part of the setup after `delay`; the step begins when none is left.
    private mutating func startNextSetupPart(after delay: Duration) -> [Effect] {
        guard var demo, var setup = demo.setup else { return [] }
        guard !setup.remaining.isEmpty else {
            demo.setup = nil
            self.demo = demo
            tutorial?.clearFeedback()
            return beginCurrentStep(now: now)
        }
        let part = setup.remaining.removeFirst()
        setup.current = part.stepIndex
        demo.setup = setup
        self.demo = demo
        if let index = part.stepIndex { tutorial?.rehearse(stepIndex: index) }
        autopilot = Autopilot(inputs: part.inputs, charactersPerSecond: DemoSetup.charactersPerSecond,
                              now: now + delay, pauseAfterLine: DemoSetup.pauseAfterLine, waitsForOwnTerminal: false)
        return [.wake(after: delay)]
    }

    /// Called when the autopilot has typed its last input: the setup goes on (after the
    /// pause that follows a line), or the step begins.
    mutating func continueSetup() -> [Effect] {
        guard let setup = demo?.setup, autopilot == nil else { return [] }
        return playRecording(ofEarlierStep: setup.current) + startNextSetupPart(after: DemoSetup.pauseAfterLine)
    }

    /// Back one step; from a lesson's first step, the previous lesson's last step; from a
    /// finished lesson, its last step.
    mutating func presenterBack() -> [Effect] {
        guard let tutorial else { return [] }
        if tutorial.lessonComplete {
            return jump(toLesson: tutorial.lessonIndex, step: tutorial.lesson.steps.count - 1)
        }
        if tutorial.stepIndex > 0 {
            return jump(toLesson: tutorial.lessonIndex, step: tutorial.stepIndex - 1)
        }
        guard tutorial.lessonIndex > 0 else {
            notice = StyledLine("This is the first lesson's first step.", .dim)
            return []
        }
        let previous = tutorial.catalog.lessons[tutorial.lessonIndex - 1]
        return jump(toLesson: tutorial.lessonIndex - 1, step: previous.steps.count - 1)
    }

    private static let settle = PerformInput(pane: .lesson, action: .pause(seconds: 0.4),
                                             location: SourceLocation(file: "porttutor", line: 1, column: 1))
}

/// A setup under way: the parts still to type, and what it types, for the screen.
public struct DemoSetup: Sendable, Hashable {
    public var remaining: [StepSetup.Part]
    /// `nc -l 8080 · telnet localhost 8080`.
    public var summary: String
    /// The earlier step whose `perform` is being replayed, if any.
    public var current: Int?

    /// Fast, but each line's result still shows (the room sees it happen).
    static let charactersPerSecond: Double = 200
    static let pauseAfterLine: Duration = .milliseconds(350)
}
