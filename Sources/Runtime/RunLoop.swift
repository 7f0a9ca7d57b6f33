import TUI
import Tutor
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one loop of porttutor: poll() over the terminal, the signal pipe and every I/O
/// source; each wake-up becomes events, `update` turns events into effects, the loop
/// performs them and draws `view`. Idle, it sleeps in poll() with no timeout.
public final class RunLoop {
    private var model: Model
    private let terminal: NcursesTerminal
    private let signals: SignalPipe
    private let clock = ContinuousClock()
    private let start: ContinuousClock.Instant
    private var lastLayout: Layout?
    private var exitStatus: Int32?

    public init(model: Model, terminal: NcursesTerminal) throws {
        self.model = model
        self.terminal = terminal
        self.signals = try SignalPipe()
        self.start = clock.now
        self.model.size = terminal.size
    }

    /// Runs until an effect asks to quit; returns the exit status. The caller ends the
    /// terminal afterwards (also when this throws).
    public func run() throws -> Int32 {
        draw()
        while exitStatus == nil {
            var fds = [
                pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0),
                pollfd(fd: signals.readDescriptor, events: Int16(POLLIN), revents: 0),
            ]
            let ready = poll(&fds, nfds_t(fds.count), -1)
            if ready < 0 {
                if errno == EINTR { continue }
                throw RuntimeError.system("poll", errno)
            }
            var events: [Event] = []
            if fds[1].revents != 0 { events += signalEvents() }
            if fds[0].revents & Int16(POLLIN) != 0 { events += terminalEvents() }
            if fds[0].revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0 {
                // The terminal went away: nobody is left to show anything to.
                events.append(.terminationSignal(SIGHUP))
            }
            dispatch(events)
            if !events.isEmpty { draw() }
        }
        return exitStatus ?? 0
    }

    private func dispatch(_ events: [Event]) {
        for event in events {
            for effect in update(&model, event) { perform(effect) }
        }
    }

    private func perform(_ effect: Effect) {
        switch effect {
        case .quit(let status): exitStatus = status
        }
    }

    private func draw() {
        let frame = view(model)
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
