import TUI
import Tutor
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one loop of porttutor: a `Session` (the model and the I/O sources) plus the
/// terminal. Each poll() also watches the keyboard and the signal pipe; each wake-up
/// becomes events, `update` turns them into effects, and the loop draws `view`. Idle, it
/// sleeps in poll() with no timeout.
public final class RunLoop {
    private let session: Session
    private let terminal: NcursesTerminal
    private let signals: SignalPipe
    private var lastLayout: Layout?

    public init(model: Model, terminal: NcursesTerminal, sources: [IOSource] = []) throws {
        var model = model
        model.size = terminal.size
        self.terminal = terminal
        self.signals = try SignalPipe()
        self.session = Session(model: model, sources: sources)
    }

    /// Runs until an effect asks to quit; returns the exit status. The caller ends the
    /// terminal afterwards (also when this throws).
    public func run() throws -> Int32 {
        defer { session.shutDown() }
        session.begin()
        draw()
        while session.exitStatus == nil {
            let own = [
                pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0),
                pollfd(fd: signals.readDescriptor, events: Int16(POLLIN), revents: 0),
            ]
            guard let (revents, sourceEvents) = try session.pollSources(with: own) else { continue }
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
        return session.exitStatus ?? 0
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
            case SIGINT, SIGTERM, SIGHUP: return .terminationSignal(sig)
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
