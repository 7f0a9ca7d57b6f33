import Lessons
import Tutor

/// What `porttutor notes` shows the presenter for the step the room sees: the step's notes
/// (its title where none are written), what the autopilot will type, the answer, the next
/// step, and the time spent against the plan and the last rehearsal. Demo mode's second
/// view of the model, as `demoView` is the room's; sent whole, so a late attach sees it all.
/// Lesson text in it is untrusted: the client shows it through SafeText.
public struct NotesPage: Codable, Sendable, Equatable {
    public var lessonID: String
    public var lessonTitle: String
    public var lessonNumber: Int
    public var lessonCount: Int
    public var stepID: String
    public var stepNumber: Int
    public var stepCount: Int
    public var stepTitle: String
    /// The step's presenter notes; nil where the lesson has none (the title stands in).
    public var notes: String?
    /// What will be typed, in order: `Listener: nc -l 8080`, `Client: Ctrl-]`.
    public var typed: [String]
    public var question: String?
    /// The right answer (for a live answer, what the machine did, once it did it).
    public var answer: String?
    public var explanation: String?
    /// The step after this one (`2.3 Call it with telnet`), the next lesson's first, or nil
    /// at the very end.
    public var next: String?
    /// Every check of the step holds (or the lesson is finished).
    public var isDone: Bool
    /// Time on this step when the page was sent; the client counts on from there.
    public var elapsedSeconds: Int
    /// Reading the step aloud plus the autopilot's typing at the pace set now.
    public var plannedSeconds: Int
    /// Time on this step in the last rehearsal, if there was one.
    public var rehearsedSeconds: Int?

    public init(lessonID: String, lessonTitle: String, lessonNumber: Int, lessonCount: Int, stepID: String,
                stepNumber: Int, stepCount: Int, stepTitle: String, notes: String? = nil, typed: [String] = [],
                question: String? = nil, answer: String? = nil, explanation: String? = nil, next: String? = nil,
                isDone: Bool = false, elapsedSeconds: Int = 0, plannedSeconds: Int = 0, rehearsedSeconds: Int? = nil) {
        self.lessonID = lessonID
        self.lessonTitle = lessonTitle
        self.lessonNumber = lessonNumber
        self.lessonCount = lessonCount
        self.stepID = stepID
        self.stepNumber = stepNumber
        self.stepCount = stepCount
        self.stepTitle = stepTitle
        self.notes = notes
        self.typed = typed
        self.question = question
        self.answer = answer
        self.explanation = explanation
        self.next = next
        self.isDone = isDone
        self.elapsedSeconds = elapsedSeconds
        self.plannedSeconds = plannedSeconds
        self.rehearsedSeconds = rehearsedSeconds
    }

    /// The page for the step `model` shows now; nil without a lesson.
    public init?(model: Model, rehearsed: RehearsalTimes) {
        guard let tutorial = model.tutorial, !tutorial.catalog.lessons.isEmpty else { return nil }
        let lesson = tutorial.lesson
        let step = tutorial.step
        self.init(lessonID: lesson.id, lessonTitle: lesson.title, lessonNumber: tutorial.lessonIndex + 1,
                  lessonCount: tutorial.catalog.lessons.count, stepID: step.id, stepNumber: tutorial.stepIndex + 1,
                  stepCount: lesson.steps.count, stepTitle: step.title)
        notes = step.presenterNotes.flatMap { $0.isEmpty ? nil : $0 }
        typed = step.perform.compactMap(Self.typed)
        if let question = step.question {
            self.question = question.ask.plainText
            answer = tutorial.evaluator.revealAnswer()
            explanation = question.explanation?.plainText
        }
        next = Self.next(after: tutorial)
        isDone = tutorial.lessonComplete || tutorial.evaluator.isComplete
        elapsedSeconds = Self.seconds(model.now - tutorial.stepStartedAt)
        plannedSeconds = Self.plannedSeconds(step, charactersPerSecond: model.typingSpeed)
        rehearsedSeconds = rehearsed[lesson.id, step.id]
    }

    /// The same page at another moment: pages that differ only so are not sent again.
    var timeless: NotesPage {
        var page = self
        page.elapsedSeconds = 0
        return page
    }

    private static func typed(_ input: PerformInput) -> String? {
        let pane = input.pane.title
        switch input.action {
        case .line(let text): return "\(pane): \(text.isEmpty ? "(Enter)" : text)"
        case .key(let key): return "\(pane): \(key)"
        case .pause: return nil
        case .elsewhere(let command): return "Your own terminal: \(command)"
        }
    }

    private static func next(after tutorial: Tutorial) -> String? {
        let lessons = tutorial.catalog.lessons
        if tutorial.stepIndex + 1 < tutorial.lesson.steps.count {
            let step = tutorial.lesson.steps[tutorial.stepIndex + 1]
            return "\(tutorial.lessonIndex + 1).\(tutorial.stepIndex + 2) \(step.title)"
        }
        guard tutorial.lessonIndex + 1 < lessons.count else { return nil }
        let lesson = lessons[tutorial.lessonIndex + 1]
        return "Lesson \(tutorial.lessonIndex + 2): \(lesson.title)" + (lesson.steps.first.map { ", 1 \($0.title)" } ?? "")
    }

    /// Words read aloud at 150 a minute, and the autopilot's typing: the reading pause, each
    /// line at `charactersPerSecond` with its pause after Enter, and the lesson's own pauses.
    static func plannedSeconds(_ step: Step, charactersPerSecond: Double) -> Int {
        var words = step.text.plainText.split(whereSeparator: \.isWhitespace).count
        words += step.question?.ask.plainText.split(whereSeparator: \.isWhitespace).count ?? 0
        var total = Double(words) / 150 * 60
        if !step.perform.isEmpty { total += seconds(Demo.readingPause) }
        let pace = max(1, charactersPerSecond)
        for input in step.perform {
            switch input.action {
            case .line(let text): total += Double(text.count) / pace + seconds(Autopilot.afterLine)
            case .key: total += seconds(Autopilot.afterLine)
            case .pause(let wait): total += wait
            case .elsewhere(let command): total += Double(command.count) / pace + seconds(Autopilot.afterLine)
            }
        }
        return Int(total.rounded())
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    static func seconds(_ duration: Duration) -> Int {
        max(0, Int(duration.components.seconds))
    }
}
