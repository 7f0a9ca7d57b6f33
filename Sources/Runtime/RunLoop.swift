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
    private let sources: [IOSource]

    public init(model: Model, terminal: NcursesTerminal, sources: [IOSource] = []) throws {
        self.model = model
        self.terminal = terminal
        self.sources = sources
        self.signals = try SignalPipe()
        self.start = clock.now
        self.model.size = terminal.size
    }

    /// Runs until an effect asks to quit; returns the exit status. The caller ends the
    /// terminal afterwards (also when this throws).
    public func run() throws -> Int32 {
        defer { sources.forEach { $0.shutDown() } }
        dispatch(startEvents())
        draw()
        while exitStatus == nil {
            var fds = [
                pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0),
                pollfd(fd: signals.readDescriptor, events: Int16(POLLIN), revents: 0),
            ]
            var owners: [IOSource?] = [nil, nil]
            for source in sources {
                for request in source.pollRequests {
                    fds.append(pollfd(fd: request.descriptor, events: request.events, revents: 0))
                    owners.append(source)
                }
            }
            let ready = poll(&fds, nfds_t(fds.count), pollTimeout())
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
            let now = elapsed()
            for (index, source) in owners.enumerated() where fds[index].revents != 0 {
                events += source?.handle(descriptor: fds[index].fd, revents: fds[index].revents, now: now) ?? []
            }
            for source in sources {
                if let deadline = source.nextDeadline, deadline <= now {
                    events += source.deadlineReached(now: now)
                }
            }
            dispatch(events)
            if !events.isEmpty { draw() }
        }
        return exitStatus ?? 0
    }

    /// Time since the loop started: the clock every deadline is measured on.
    private func elapsed() -> Duration { clock.now - start }

    /// Milliseconds until the earliest deadline, or -1 to sleep until something happens.
    private func pollTimeout() -> Int32 {
        let deadlines = sources.compactMap(\.nextDeadline)
        guard let earliest = deadlines.min() else { return -1 }
        let wait = earliest - elapsed()
        if wait <= .zero { return 0 }
        let (seconds, attoseconds) = wait.components
        let ms = seconds * 1000 + attoseconds / 1_000_000_000_000_000 + 1
        return Int32(clamping: ms)
    }

    private func startEvents() -> [Event] {
        [.started(now: elapsed())]
    }

    /// Runs each event through `update`, and each effect through the sources, whose
    /// immediate results are events too (handled in the same turn, in order).
    private func dispatch(_ initial: [Event]) {
        var queue = initial[...]
        while let event = queue.popFirst() {
            for effect in update(&model, event) {
                queue.append(contentsOf: perform(effect))
            }
        }
    }

    private func perform(_ effect: Effect) -> [Event] {
        if case .quit(let status) = effect {
            exitStatus = status
            return []
        }
        let now = elapsed()
        for source in sources {
            if let events = source.perform(effect, now: now) { return events }
        }
        return []
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
