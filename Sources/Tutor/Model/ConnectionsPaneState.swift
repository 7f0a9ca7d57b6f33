/// The Connections pane's own state beside its table (``ConnectionsPaneModel``): how it
/// scrolls and whether the kernel's table could be read.
public struct ConnectionsPaneState: Sendable, Hashable {
    public var scroll: ConnectionsScroll = .followsLessonPort
    /// Why the socket table could not be read last time; nil once a read succeeds.
    public var unreadable: String?

    public init() {}
}

/// Who decides what part of a long socket table is in view.
public enum ConnectionsScroll: Sendable, Hashable {
    /// The lesson port's rows are kept in view (a new `ss` command starts here again).
    case followsLessonPort
    /// The learner scrolled: the whole table in the kernel's order, where they left it.
    case learnerScrolled
}
