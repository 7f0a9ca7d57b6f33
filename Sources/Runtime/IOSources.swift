/// The I/O sources of a session, one slot per kind of effect, so `Session` routes each
/// `Effect` by a switch the compiler checks. A missing source drops its effects (a headless
/// test without a capture, a tutorial without presenter notes).
public struct IOSources {
    public var progress: ProgressSaver?
    public var sockets: SocketsSource?
    public var connections: ConnectionsSource?
    public var capture: CaptureSource?
    public var presenterNotes: PresenterNotes?
    public var lab: LabPrograms?
    /// `porttutor notes` attaches here; it follows the model rather than effects.
    public var notesChannel: NotesChannel?

    public init(progress: ProgressSaver? = nil, sockets: SocketsSource? = nil, connections: ConnectionsSource? = nil,
                capture: CaptureSource? = nil, presenterNotes: PresenterNotes? = nil, notesChannel: NotesChannel? = nil,
                lab: LabPrograms? = nil) {
        self.lab = lab
        self.progress = progress
        self.sockets = sockets
        self.connections = connections
        self.capture = capture
        self.presenterNotes = presenterNotes
        self.notesChannel = notesChannel
    }

    /// Those present, for polling and shutting down.
    var all: [IOSource] {
        let slots: [(any IOSource)?] = [progress, sockets, connections, capture, presenterNotes, notesChannel, lab]
        return slots.compactMap { $0 }
    }
}
