import TUI
import Tutor
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one loop of porttutor: a `Session` (the model and the I/O sources) plus a terminal
/// backend. Each poll() also watches the terminal's input and the signal pipe; each wake-up
/// becomes events, `update` turns them into effects, and the loop draws `view`. Idle, it
/// sleeps in poll() with no timeout.
public final class RunLoop {
    public let session: Session
    private let terminal: any TerminalBackend
    private let signals: SignalPipe
    /// Where the panes were in the frame on screen, to find the pane under a click.
    private var lastLayout: Layout?

    public init(model: Model, terminal: any TerminalBackend, clock: any SessionClock,
                sources: IOSources = IOSources()) throws {
        var model = model
        model.size = terminal.size
        self.terminal = terminal
        self.signals = try SignalPipe()
        self.session = Session(model: model, clock: clock, sources: sources)
    }

    /// Runs until an effect asks to quit; returns the exit status. Ends the sources and the
    /// terminal on the way out, also when this throws.
    public func run() throws -> Int32 {
        defer { finish() }
        begin()
        while session.exitStatus == nil { try turn() }
        return session.exitStatus ?? 0
    }

    /// Starts the session and draws the first frame.
    public func begin() {
        session.begin()
        draw()
    }

    /// One poll (at most `maxWait`), its events through `update`, and a frame if anything
    /// happened.
    public func turn(maxWait: Duration? = nil) throws {
        let own = [
            pollfd(fd: terminal.inputDescriptor, events: Int16(POLLIN), revents: 0),
            pollfd(fd: signals.readDescriptor, events: Int16(POLLIN), revents: 0),
        ]
        guard let (revents, sourceEvents) = try session.pollSources(with: own, maxWait: maxWait) else { return }
        var events: [Event] = []
        if revents[1] != 0 { events += signalEvents() }
        if revents[0] & Int16(POLLIN) != 0 { events += terminalEvents() }
        if revents[0] & Int16(POLLHUP | POLLERR | POLLNVAL) != 0 {
            // The terminal went away: nobody is left to show anything to.
            events.append(.terminationSignal(SIGHUP))
        }
        events += sourceEvents
        session.dispatch(events)
        if !events.isEmpty { draw() }
    }

    /// Closes the sources and ends the terminal. Safe to call twice.
    public func finish() {
        session.shutDown()
        terminal.end()
    }

    private func draw() {
        let frame = view(session.model)
        lastLayout = frame.layout
        terminal.draw(frame)
    }

    private func signalEvents() -> [Event] {
        signals.drain().compactMap { sig in
            switch sig {
            case SIGWINCH: return .resize(terminal.resizeToTerminal())
            case SIGINT, SIGTERM, SIGHUP, SIGQUIT: return .terminationSignal(sig)
            default: return nil
            }
        }
    }

    private func terminalEvents() -> [Event] {
        terminal.readInput().compactMap { input in
            switch input {
            case .key(let key): return .key(key)
            case .resized(let size): return .resize(size)
            case .mousePress(let x, let y):
                return lastLayout?.pane(atX: x, y: y).map { .click($0) }
            case .wheel(let x, let y, let up):
                return lastLayout?.pane(atX: x, y: y).map { .wheel($0, lines: up ? 3 : -3) }
            }
        }
    }
}
