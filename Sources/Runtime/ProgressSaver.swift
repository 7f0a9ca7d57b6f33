import LessonFiles
import Lessons
import Tutor

/// Writes progress when `update` asks, through the atomic `ProgressStore`. A failure to
/// save is told to the learner once, never fatal: the lesson goes on.
public final class ProgressSaver: IOSource {
    private let store: ProgressStore
    private var lastSaved: Progress?
    private var warned = false

    public init(store: ProgressStore) {
        self.store = store
    }

    public var pollRequests: [PollRequest] { [] }
    public var nextDeadline: Duration? { nil }
    public func handle(descriptor: Int32, revents: Int16, now: Duration) -> [Event] { [] }
    public func deadlineReached(now: Duration) -> [Event] { [] }

    /// `Effect.saveProgress`.
    public func save(_ progress: Progress) -> [Event] {
        guard progress != lastSaved else { return [] }
        do {
            try store.save(progress)
            lastSaved = progress
            return []
        } catch {
            guard !warned else { return [] }
            warned = true
            return [.notice("Progress not saved: \(error.description)")]
        }
    }

    public func shutDown() {}
}
