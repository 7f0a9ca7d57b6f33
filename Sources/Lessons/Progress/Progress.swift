/// What a learner has done, per lesson: saved after every step so a kill loses nothing.
public struct Progress: Codable, Sendable, Equatable {
    /// Bumped when the file format changes incompatibly.
    public static let currentVersion = 1

    public var version: Int
    /// The lesson the learner was in when they last left; `porttutor` resumes there.
    public var lastLesson: String?
    /// By lesson id.
    public var lessons: [String: LessonProgress]

    public init(lastLesson: String? = nil, lessons: [String: LessonProgress] = [:]) {
        self.version = Progress.currentVersion
        self.lastLesson = lastLesson
        self.lessons = lessons
    }

    public subscript(lesson id: String) -> LessonProgress {
        get { lessons[id] ?? LessonProgress() }
        set { lessons[id] = newValue }
    }

    // MARK: Changes (pure; the caller saves)

    /// The learner is at `stepIndex` of `lesson` (opened it, went back, or moved on).
    public mutating func move(to stepIndex: Int, in lesson: Lesson) {
        lastLesson = lesson.id
        guard lesson.steps.indices.contains(stepIndex) else { return }
        self[lesson: lesson.id].current = lesson.steps[stepIndex].id
    }

    /// The step's checks all held: tick it and move to the next step (or finish the lesson).
    public mutating func complete(stepIndex: Int, in lesson: Lesson) {
        record(stepIndex: stepIndex, in: lesson, skipped: false)
    }

    /// The learner skipped the step: remembered apart from done steps, and the lesson moves on.
    public mutating func skip(stepIndex: Int, in lesson: Lesson) {
        record(stepIndex: stepIndex, in: lesson, skipped: true)
    }

    private mutating func record(stepIndex: Int, in lesson: Lesson, skipped: Bool) {
        guard lesson.steps.indices.contains(stepIndex) else { return }
        lastLesson = lesson.id
        let stepID = lesson.steps[stepIndex].id
        var entry = self[lesson: lesson.id]
        entry.completed.removeAll { $0 == stepID }
        entry.skipped.removeAll { $0 == stepID }
        if skipped { entry.skipped.append(stepID) } else { entry.completed.append(stepID) }
        let next = stepIndex + 1
        if lesson.steps.indices.contains(next) {
            entry.current = lesson.steps[next].id
        } else {
            entry.current = nil
            entry.finished = true
        }
        self[lesson: lesson.id] = entry
    }

    /// Forgets one lesson, or everything when `lessonID` is nil.
    public mutating func reset(lessonID: String?) {
        guard let lessonID else {
            self = Progress()
            return
        }
        lessons[lessonID] = nil
        if lastLesson == lessonID { lastLesson = nil }
    }

    // MARK: Questions

    public enum Status: Sendable, Equatable, CustomStringConvertible {
        case notStarted
        /// `done` counts the steps behind the learner, `skipped` of them skipped (F5).
        case inProgress(done: Int, total: Int, skipped: Int = 0)
        /// Finished: `completed` steps really done, `skipped` skipped. Kept apart so a teacher
        /// can tell a lesson done from one skipped through.
        case done(completed: Int, skipped: Int)

        /// The learner reached the lesson's end, by doing or by skipping.
        public var isDone: Bool {
            if case .done = self { return true }
            return false
        }

        /// `not started`, `3/7 steps`, `3/7 steps, 1 skipped`, `done`, `done, 2 skipped`, `all skipped`.
        public var description: String {
            switch self {
            case .notStarted: return "not started"
            case .inProgress(let done, let total, let skipped):
                return "\(done)/\(total) steps" + (skipped > 0 ? ", \(skipped) skipped" : "")
            case .done(let completed, let skipped):
                if skipped == 0 { return "done" }
                return completed == 0 ? "all skipped" : "done, \(skipped) skipped"
            }
        }
    }

    /// How far the learner got; steps since removed from the lesson file are ignored.
    public func status(of lesson: Lesson) -> Status {
        guard let entry = lessons[lesson.id] else { return .notStarted }
        let ids = Set(lesson.steps.map(\.id))
        let skipped = Set(entry.skipped).intersection(ids)
        let completed = Set(entry.completed).intersection(ids).subtracting(skipped)
        let done = completed.count + skipped.count
        if done == lesson.steps.count || (entry.finished && done > 0 && entry.current == nil) {
            return .done(completed: completed.count, skipped: skipped.count)
        }
        if done == 0 && entry.current == nil { return .notStarted }
        return .inProgress(done: done, total: lesson.steps.count, skipped: skipped.count)
    }

    /// The step to show when the learner opens `lesson`: where they were, else the first not done.
    public func resumeStepIndex(in lesson: Lesson) -> Int {
        let entry = self[lesson: lesson.id]
        if let current = entry.current, let index = lesson.stepIndex(id: current) { return index }
        let done = Set(entry.completed).union(entry.skipped)
        return lesson.steps.firstIndex { !done.contains($0.id) } ?? 0
    }

    /// Whether every lesson of `catalog` is done (each step done or skipped).
    public func hasFinished(_ catalog: LessonCatalog) -> Bool {
        !catalog.lessons.isEmpty && catalog.lessons.allSatisfy { status(of: $0).isDone }
    }

    /// Where plain `porttutor` starts: the last lesson if unfinished, else the next unfinished one.
    public func resumePoint(in catalog: LessonCatalog) -> (lesson: Lesson, stepIndex: Int)? {
        let lessons = catalog.lessons
        guard !lessons.isEmpty else { return nil }
        if let lastLesson, let index = lessons.firstIndex(where: { $0.id == lastLesson }) {
            let lesson = lessons[index]
            if !status(of: lesson).isDone { return (lesson, resumeStepIndex(in: lesson)) }
            let after = lessons[(index + 1)...] + lessons[..<index]
            if let next = after.first(where: { !status(of: $0).isDone }) { return (next, resumeStepIndex(in: next)) }
            // Every lesson is done: back where the learner left, the last lesson's last step.
            return (lesson, max(0, lesson.steps.count - 1))
        }
        let first = lessons.first { !status(of: $0).isDone } ?? lessons[0]
        return (first, resumeStepIndex(in: first))
    }
}

public struct LessonProgress: Codable, Sendable, Equatable {
    /// Step ids whose checks all held, in the order they were done.
    public var completed: [String]
    /// Step ids the learner skipped.
    public var skipped: [String]
    /// The step the learner is on; nil once the lesson is finished.
    public var current: String?
    public var finished: Bool

    public init(completed: [String] = [], skipped: [String] = [], current: String? = nil, finished: Bool = false) {
        self.completed = completed
        self.skipped = skipped
        self.current = current
        self.finished = finished
    }

    /// Tolerant decoding: a missing list is an empty list, so older or hand-edited files still load.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        completed = try container.decodeIfPresent([String].self, forKey: .completed) ?? []
        skipped = try container.decodeIfPresent([String].self, forKey: .skipped) ?? []
        current = try container.decodeIfPresent(String.self, forKey: .current)
        finished = try container.decodeIfPresent(Bool.self, forKey: .finished) ?? false
    }
}
