import Lessons

/// Where the learner is in the lessons and what the engine has seen: the current lesson
/// and step, which checks hold, which hints were shown, the saved progress.
public struct Tutorial: Sendable {
    public let catalog: LessonCatalog
    public private(set) var lessonIndex: Int
    public private(set) var stepIndex: Int
    public private(set) var evaluator = CheckEvaluator()
    public private(set) var progress: Progress
    /// How many of the current step's hints have been revealed.
    public private(set) var hintsShown = 0
    /// When the current step began, in run-loop time.
    public private(set) var stepStartedAt: Duration = .zero
    /// Whether the "stuck?" hint offer was made for this step.
    public var offeredHelp = false
    /// Wrong answers to the current step's question so far.
    public private(set) var wrongTries = 0
    /// F4 showed the current step's answer: the step may move on, counted as skipped.
    public private(set) var answerShown = false
    /// Set once every check holds, until the tutorial moves on (see ``StepFinish``).
    public var finish: StepFinish?
    /// F4 was pressed once on an on-your-own step: the next F4 does it.
    public var showMeAsked = false
    /// Replies to the learner under the step: ticks, verdicts, "lesson complete".
    public private(set) var feedback: [StyledLine] = []
    /// What the last step ended with ("✔ Right. …", "✔ Done: …"): the next step shows it
    /// first, so the learner sees the result of what they just did.
    public private(set) var lastOutcome: [StyledLine] = []
    /// Every step of the lesson is done; the next key moves to the next lesson.
    public private(set) var lessonComplete = false
    /// What the checks saw for each step done in this lesson, by step id: the evidence
    /// stays readable after the tutorial has moved on (the end-to-end test reads it).
    public private(set) var evidence: [String: [CheckTick?]] = [:]

    public init(catalog: LessonCatalog, progress: Progress, lessonIndex: Int, stepIndex: Int) {
        self.catalog = catalog
        self.progress = progress
        self.lessonIndex = min(max(0, lessonIndex), max(0, catalog.lessons.count - 1))
        let steps = catalog.lessons.isEmpty ? 0 : catalog.lessons[self.lessonIndex].steps.count
        self.stepIndex = min(max(0, stepIndex), max(0, steps - 1))
    }

    public var lesson: Lesson { catalog.lessons[lessonIndex] }
    public var step: Step { lesson.steps[stepIndex] }
    public var isLastLesson: Bool { lessonIndex == catalog.lessons.count - 1 }

    /// The pane the current step happens in, as the screen names panes.
    public var stepPane: PaneID { step.pane }

    /// Where the learner works now: the step's pane while something is still to be done
    /// there (a check to tick, or a command the step has them type, after which an answer
    /// typed there counts too), the Lesson pane's answer line once only the question is left.
    public var workPane: PaneID {
        guard step.question != nil else { return stepPane }
        if !step.perform.isEmpty && stepPane != .lesson { return stepPane }
        let pending = step.checks.indices.contains { index in
            if case .answer = step.checks[index].kind { return false }
            return !evaluator.ticks.indices.contains(index) || evaluator.ticks[index] == nil
        }
        return pending ? stepPane : .lesson
    }

    /// Starts (or restarts) the current step: forgets its ticks and hints, and ticks at once
    /// the state checks that already hold (work done early counts).
    mutating func beginStep(now: Duration) -> [CheckTick] {
        hintsShown = 0
        offeredHelp = false
        wrongTries = 0
        answerShown = false
        finish = nil
        showMeAsked = false
        stepStartedAt = now
        lessonComplete = false
        progress.move(to: stepIndex, in: lesson)
        return evaluator.begin(step)
    }

    /// Feeds what happened to the evaluator; returns the checks that newly hold.
    mutating func observe(_ observation: Observation) -> [CheckTick] {
        evaluator.observe(observation)
    }

    mutating func judge(answer text: String) -> AnswerVerdict {
        let verdict = evaluator.answer(text)
        if case .wrong = verdict { wrongTries += 1 }  // an unreadable answer is not a try
        return verdict
    }

    /// Wrong tries after which F4 shows the answer and why.
    public static let triesBeforeAnswer = 2

    /// The question is asked and not yet answered right.
    public var questionOpen: Bool {
        guard step.question != nil, !lessonComplete else { return false }
        guard let index = step.checks.firstIndex(where: { if case .answer = $0.kind { true } else { false } }) else { return false }
        return !evaluator.ticks.indices.contains(index) || evaluator.ticks[index] == nil
    }

    /// F4 showed the answer: the step may move on, and counts as skipped.
    mutating func markAnswerShown() { answerShown = true }

    /// Marks the step done and moves on; false when it was the lesson's last step.
    mutating func completeStep(skipped: Bool) -> Bool {
        lastOutcome = skipped ? [] : feedback
        feedback = []
        finish = nil
        // An answer F4 showed was not found by the learner: the step counts as skipped.
        if skipped || answerShown {
            progress.skip(stepIndex: stepIndex, in: lesson)
            evidence[step.id] = nil
        } else {
            progress.complete(stepIndex: stepIndex, in: lesson)
            evidence[step.id] = evaluator.ticks
        }
        guard stepIndex + 1 < lesson.steps.count else {
            lessonComplete = true
            return false
        }
        stepIndex += 1
        return true
    }

    mutating func goBack() -> Bool {
        guard stepIndex > 0 else { return false }
        stepIndex -= 1
        lastOutcome = []
        feedback = []
        finish = nil
        return true
    }

    mutating func open(lessonIndex index: Int, stepIndex step: Int? = nil) {
        let opened = min(max(0, index), catalog.lessons.count - 1)
        if opened != lessonIndex { evidence = [:] }
        lessonIndex = opened
        stepIndex = step ?? progress.resumeStepIndex(in: lesson)
        stepIndex = min(max(0, stepIndex), lesson.steps.count - 1)
        feedback = []
        lastOutcome = []
        finish = nil
        lessonComplete = false
    }

    /// While demo mode replays an earlier step's `perform` to set up the current one, the
    /// checks follow that step, so what they remember (its HTTP exchange) is its own.
    mutating func rehearse(stepIndex index: Int) {
        guard lesson.steps.indices.contains(index) else { return }
        evaluator.begin(lesson.steps[index])
    }

    mutating func restartLesson() {
        progress.reset(lessonID: lesson.id)
        stepIndex = 0
        feedback = []
        lastOutcome = []
        evidence = [:]
        finish = nil
    }

    /// The next hint to show, or nil when all were shown.
    mutating func revealHint() -> (index: Int, hint: RichText)? {
        guard hintsShown < step.hints.count else { return nil }
        hintsShown += 1
        return (hintsShown - 1, step.hints[hintsShown - 1])
    }

    mutating func say(_ line: StyledLine) {
        feedback.append(line)
        if feedback.count > 12 { feedback.removeFirst(feedback.count - 12) }
    }

    mutating func clearFeedback() { feedback = [] }

    /// Steps done (ticked or skipped) in the current lesson, by id.
    public var finishedStepIDs: Set<String> {
        let entry = progress[lesson: lesson.id]
        return Set(entry.completed).union(entry.skipped)
    }

    public var skippedStepIDs: Set<String> { Set(progress[lesson: lesson.id].skipped) }
}

