import LessonFiles
import Lessons
import Tutor

/// Writes progress when `update` asks, through the atomic `ProgressStore`. A failure to
/// save is told to the learner once in a line that fits an 80-column status bar, never
/// fatal: the lesson goes on; the whole message waits in `failure` to be printed on exit.
public final class ProgressSaver: IOSource {
    private let store: ProgressStore
    private var lastSaved: Progress?
    /// The last save's failure in full (paths and reason), for the message on exit.
    public private(set) var failure: String?

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
            failure = nil
            return []
        } catch {
            let first = failure == nil
            failure = error.description
            guard first else { return [] }
            return [.notice(ProgressStore.fit("Progress not saved: \(error.summary) (details on exit)."))]
        }
    }

    public func shutDown() {}
}
