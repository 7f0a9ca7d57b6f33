import Lessons

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
        if let n = key.digit, let pane = PaneID(number: n) {
            focus = pane
            spotlight = pane
            return []
        }
        guard let action = PresenterAction.action(for: key) else { return [] }
        switch action {
        case .next: return presenterNext()
        case .back:
            autopilot = nil
            return goBack(now: now)
        case .pause:
            guard var pilot = autopilot else { return [] }
            if pilot.isPaused { pilot.resume(now: now) } else { pilot.isPaused = true }
            autopilot = pilot
            notice = StyledLine(pilot.isPaused ? "Paused: p resumes." : "Resumed.", .emphasis)
            return pilot.isPaused ? [] : runAutopilot(now: now)
        case .zoom: isZoomed.toggle()
        case .blank: demo.isBlank = true
        case .clock: demo.showsClock.toggle()
        case .restart:
            autopilot = nil
            guard var tutorial else { return [] }
            tutorial.restartLesson()
            self.tutorial = tutorial
            self.demo = demo
            return beginCurrentStep(now: now)
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

    /// Next: types the step at once if it is waiting or under way, else moves to the next step.
    private mutating func presenterNext() -> [Effect] {
        if var pilot = autopilot {
            pilot.hurry(now: now)
            autopilot = pilot
            return runAutopilot(now: now)
        }
        return advance(skipped: true, now: now)
    }

    /// In demo mode a step starts typing itself, after a moment for the room to read it.
    mutating func startDemoTyping() -> [Effect] {
        guard presentation == .demo, let tutorial, !tutorial.step.perform.isEmpty, !tutorial.lessonComplete else {
            autopilot = nil
            return []
        }
        autopilot = Autopilot(inputs: tutorial.step.perform, charactersPerSecond: typingSpeed, now: now + Demo.readingPause)
        return [.wake(after: Demo.readingPause)]
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
