import Tutor

/// What the terminal sent, decoded: keys, a mouse event, or a size change.
public enum TerminalInput: Sendable, Equatable {
    case key(Key)
    case mousePress(x: Int, y: Int)
    case wheel(x: Int, y: Int, up: Bool)
    case resized(TerminalSize)
}

/// The terminal as the run loop sees it, so the loop runs the same on ncurses and in
/// memory (tests). A backend is open from its creation, because ncurses must be started to
/// know the size and colours the model and the theme are made from, until `end()`.
public protocol TerminalBackend: AnyObject {
    /// The size in cells; a frame of another size is not drawn.
    var size: TerminalSize { get }
    /// Readable when input waits: polled beside the I/O sources.
    var inputDescriptor: Int32 { get }
    /// Everything sent so far, decoded, without blocking.
    func readInput() -> [TerminalInput]
    /// Shows a frame: its cells (text, roles, reverse video) and the cursor.
    func draw(_ frame: Frame)
    /// Asks the terminal its size again (after SIGWINCH); the next frame is drawn whole.
    func resizeToTerminal() -> TerminalSize
    /// Leaves the screen and restores the terminal. Safe to call twice.
    func end()
}
