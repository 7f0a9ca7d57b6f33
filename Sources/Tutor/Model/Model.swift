/// One pane's state: what it shows, and its input line when it takes commands.
public struct Pane: Sendable, Hashable {
    public let id: PaneID
    public var scrollback: Scrollback
    public var input: InputLine?
    /// A short line under the title: what the pane is doing now ("listening on :8080").
    public var status: StyledLine?

    public init(id: PaneID, scrollbackCapacity: Int = 2000) {
        self.id = id
        self.scrollback = Scrollback(capacity: scrollbackCapacity)
        self.input = id.takesCommands ? InputLine() : nil
    }
}

/// What sits over the panes, when anything does.
public enum Overlay: Sendable, Hashable {
    case help
}

/// How the screen is being used: by a learner, or by a presenter on a projector.
public enum Presentation: String, Sendable, Hashable {
    case tutorial
    case demo
}

/// The whole state of the app. `update` changes it; `view` draws it.
public struct Model: Sendable {
    public var size: TerminalSize
    public var presentation: Presentation
    public var focus: PaneID = .lesson
    /// The focused pane fills the screen.
    public var isZoomed = false
    public var overlay: Overlay?
    public var panes: [PaneID: Pane]
    /// A one-line message in the status bar, replaced by the next one.
    public var notice: StyledLine?
    /// Set once quitting has begun, so a second signal does not quit twice.
    public var isQuitting = false

    public init(size: TerminalSize, presentation: Presentation = .tutorial) {
        self.size = size
        self.presentation = presentation
        var panes: [PaneID: Pane] = [:]
        for id in PaneID.allCases { panes[id] = Pane(id: id) }
        self.panes = panes
        PaneIntroductions.install(into: &self)
    }

    public subscript(pane id: PaneID) -> Pane {
        get { panes[id]! }
        set { panes[id] = newValue }
    }
}
