import Tutor

/// Timers for `update`: a steady tick (stuck hints, the clock in demo mode) and the
/// one-off wake-ups the autopilot asks for. Both are just poll's timeout.
public final class ClockSource: IOSource {
    private let period: Duration
    private var nextPeriodic: Duration
    private var wakeAt: Duration?

    public init(period: Duration = .seconds(1)) {
        self.period = period
        self.nextPeriodic = period
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
        return [.tick(now: now)]
    }

    public func perform(_ effect: Effect, now: Duration) -> [Event]? {
        guard case .wake(let after) = effect else { return nil }
        let at = now + after
        wakeAt = min(wakeAt ?? at, at)
        return []
    }

    public func shutDown() {}
}
