/// What `update` asks the outside world to do. The run loop performs effects and feeds
/// their results back as events, so `update` itself never touches a file descriptor.
public enum Effect: Sendable, Equatable {
    /// Leave the screen, restore the terminal and exit with this status.
    case quit(status: Int32)
}
