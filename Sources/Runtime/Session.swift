import Tutor
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Everything of the run loop but the terminal: the model, the I/O sources, and turns of
/// poll() over the sources' descriptors and deadlines. `RunLoop` adds the terminal on top;
/// tests drive a `Session` alone, headless, with real sockets and a real capture.
public final class Session {
    public private(set) var model: Model
    public let sources: IOSources
    /// Set when `update` asks to quit: the status to exit with.
    public private(set) var exitStatus: Int32?
    private let clock: any SessionClock
    /// Ticks and wake-ups, on the session's own clock.
    private let timers: ClockSource
    /// Every source to poll: the timers, then `sources`.
    private let polled: [IOSource]
    private var isShutDown = false

    /// `clock` is the one time origin of the run: pass the same one to the `SocketsSource`.
    public init(model: Model, clock: any SessionClock, sources: IOSources) {
        self.model = model
        self.clock = clock
        self.sources = sources
        self.timers = ClockSource(clock: clock)
        self.polled = [timers] + sources.all
    }

    /// Time since the session began: the clock every deadline is measured on.
    public var now: Duration { clock.now }

    /// Tells `update` the session has begun (it opens the web server, the table, the capture).
    public func begin() {
        dispatch([.started(now: now)])
    }

    /// Runs each event through `update`, and each effect through the sources, whose
    /// immediate results are events too (handled in the same turn, in order). Then the
    /// presenter's notes follow the model, as the screen does (a second view of it).
    public func dispatch(_ initial: [Event]) {
        var queue = initial[...]
        while let event = queue.popFirst() {
            for effect in update(&model, event) {
                queue.append(contentsOf: perform(effect))
            }
        }
        if !initial.isEmpty { sources.notesChannel?.follow(model) }
    }

    /// One poll() over `extra` descriptors (the caller's own, first) and every source's,
    /// waiting until the earliest deadline, and at most `maxWait`. Returns the revents of
    /// `extra` and the events the sources made of readiness and due deadlines, not yet
    /// dispatched, so the caller can put its own events first; nil when a signal
    /// interrupted poll.
    public func pollSources(with extra: [pollfd] = [], maxWait: Duration? = nil) throws -> (revents: [Int16], events: [Event])? {
        var fds = extra
        var owners: [IOSource?] = Array(repeating: nil, count: extra.count)
        for source in polled {
            for request in source.pollRequests {
                fds.append(pollfd(fd: request.descriptor, events: request.events, revents: 0))
                owners.append(source)
            }
        }
        var timeout = pollTimeout()
        if let maxWait {
            let cap = Self.milliseconds(maxWait)
            timeout = timeout < 0 ? cap : min(timeout, cap)
        }
        if poll(&fds, nfds_t(fds.count), timeout) < 0 {
            if errno == EINTR { return nil }
            throw RuntimeError.system("poll", errno)
        }
        let now = self.now
        var events: [Event] = []
        for (index, source) in owners.enumerated() where fds[index].revents != 0 {
            events += source?.handle(descriptor: fds[index].fd, revents: fds[index].revents, now: now) ?? []
        }
        for source in polled {
            if let deadline = source.nextDeadline, deadline <= now {
                events += source.deadlineReached(now: now)
            }
        }
        return (fds.prefix(extra.count).map(\.revents), events)
    }

    /// One headless turn: poll the sources (at most `maxWait`) and dispatch what they report.
    @discardableResult
    public func turn(maxWait: Duration? = nil) throws -> [Event] {
        guard let (_, events) = try pollSources(maxWait: maxWait) else { return [] }
        dispatch(events)
        return events
    }

    /// Closes every source, on the way out. Only the first call does: a descriptor closed
    /// twice could be another's by then.
    public func shutDown() {
        guard !isShutDown else { return }
        isShutDown = true
        polled.forEach { $0.shutDown() }
    }

    /// Milliseconds until the earliest deadline, or -1 to sleep until something happens.
    private func pollTimeout() -> Int32 {
        guard let earliest = polled.compactMap(\.nextDeadline).min() else { return -1 }
        return Self.milliseconds(earliest - now)
    }

    /// A wait in whole milliseconds for poll, rounded up so a deadline is never woken early.
    private static func milliseconds(_ wait: Duration) -> Int32 {
        if wait <= .zero { return 0 }
        let (seconds, attoseconds) = wait.components
        return Int32(clamping: seconds * 1000 + attoseconds / 1_000_000_000_000_000 + 1)
    }

    /// Sends an effect to the one source that performs it. No `default:`, so a new `Effect`
    /// case does not compile until it is routed here.
    private func perform(_ effect: Effect) -> [Event] {
        let now = self.now
        switch effect {
        case .quit(let status):
            exitStatus = status
            return []
        case .wake(let after):
            timers.wake(after: after, now: now)
            return []
        case .saveProgress(let progress):
            return sources.progress?.save(progress) ?? []
        case .presenterNotes(let text):
            return sources.presenterNotes?.send(text) ?? []
        case .socket(let request):
            return sources.sockets?.perform(request, now: now) ?? []
        case .refreshConnections:
            return sources.connections?.refreshNow(now: now) ?? []
        case .capture(let command):
            return sources.capture?.perform(command, now: now) ?? []
        case .lab(let request):
            return sources.lab?.perform(request, now: now) ?? []
        }
    }
}
