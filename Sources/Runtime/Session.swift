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
    public let sources: [IOSource]
    /// Set when `update` asks to quit: the status to exit with.
    public private(set) var exitStatus: Int32?
    private let clock = ContinuousClock()
    private let start: ContinuousClock.Instant

    public init(model: Model, sources: [IOSource]) {
        self.model = model
        self.sources = sources
        self.start = clock.now
    }

    /// Time since the session began: the clock every deadline is measured on.
    public var now: Duration { clock.now - start }

    /// Tells `update` the session has begun (it opens the web server, the table, the capture).
    public func begin() {
        dispatch([.started(now: now)])
    }

    /// Runs each event through `update`, and each effect through the sources, whose
    /// immediate results are events too (handled in the same turn, in order).
    public func dispatch(_ initial: [Event]) {
        var queue = initial[...]
        while let event = queue.popFirst() {
            for effect in update(&model, event) {
                queue.append(contentsOf: perform(effect))
            }
        }
    }

    /// One poll() over `extra` descriptors (the caller's own, first) and every source's,
    /// waiting until the earliest deadline, and at most `maxWait`. Returns the revents of
    /// `extra` and the events the sources made of readiness and due deadlines, not yet
    /// dispatched, so the caller can put its own events first; nil when a signal
    /// interrupted poll.
    public func pollSources(with extra: [pollfd] = [], maxWait: Duration? = nil) throws -> (revents: [Int16], events: [Event])? {
        var fds = extra
        var owners: [IOSource?] = Array(repeating: nil, count: extra.count)
        for source in sources {
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
        for source in sources {
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

    /// Closes every source, on the way out.
    public func shutDown() {
        sources.forEach { $0.shutDown() }
    }

    /// Milliseconds until the earliest deadline, or -1 to sleep until something happens.
    private func pollTimeout() -> Int32 {
        guard let earliest = sources.compactMap(\.nextDeadline).min() else { return -1 }
        return Self.milliseconds(earliest - now)
    }

    /// A wait in whole milliseconds for poll, rounded up so a deadline is never woken early.
    private static func milliseconds(_ wait: Duration) -> Int32 {
        if wait <= .zero { return 0 }
        let (seconds, attoseconds) = wait.components
        return Int32(clamping: seconds * 1000 + attoseconds / 1_000_000_000_000_000 + 1)
    }

    private func perform(_ effect: Effect) -> [Event] {
        if case .quit(let status) = effect {
            exitStatus = status
            return []
        }
        let now = self.now
        for source in sources {
            if let events = source.perform(effect, now: now) { return events }
        }
        return []
    }
}
