import Lessons

/// What `update` asks the outside world to do. The run loop performs effects and feeds
/// their results back as events, so `update` itself never touches a file descriptor.
public enum Effect: Sendable, Equatable {
    /// Leave the screen, restore the terminal and exit with this status.
    case quit(status: Int32)
    /// Write the learner's progress (atomically) so a kill loses nothing.
    case saveProgress(Progress)
    /// Words for the presenter's second screen in demo mode.
    case presenterNotes(String)
    /// Send a `.tick` this long from now (typing animation, demo pacing).
    case wake(after: Duration)
}
