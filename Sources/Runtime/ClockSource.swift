import Tutor

/// Timers for `update`: a steady tick (stuck hints, the clock in demo mode) and the
/// one-off wake-ups the autopilot asks for. Both are just poll's timeout. Each tick also
/// carries the local time of day, read here from the session's clock so that `update`
/// stays free of clocks.
public final class ClockSource: IOSource {
    private let clock: any SessionClock
    private let period: Duration
    private var nextPeriodic: Duration
    private var wakeAt: Duration?

    /// The first tick is due at once, so demo mode's clock shows from the first frame on.
    public init(clock: any SessionClock, period: Duration = .seconds(1)) {
        self.clock = clock
        self.period = period
        self.nextPeriodic = .zero
    }

    public var pollRequests: [PollRequest] { [] }

    public var nextDeadline: Duration? {
        guard let wakeAt else { return nextPeriodic }
        return min(wakeAt, nextPeriodic)
    }

    public func handle(descriptor: Int32, revents: Int16, now: Duration) -> [Event] { [] }

    public func deadlineReached(now: Duration) -> [Event] {
        if let wakeAt, wakeAt <= now { self.wakeAt = nil }
        while nextPeriodic <= now { nextPeriodic += period }
        return [.tick(now: now, timeOfDay: clock.timeOfDay())]
    }

    /// `Effect.wake(after:)`: a tick `after` from `now` (the earliest wake-up asked wins).
    public func wake(after: Duration, now: Duration) {
        let at = now + after
        wakeAt = min(wakeAt ?? at, at)
    }

    public func shutDown() {}
}
