import Tutor
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Timers for `update`: a steady tick (stuck hints, the clock in demo mode) and the
/// one-off wake-ups the autopilot asks for. Both are just poll's timeout. Each tick also
/// carries the local time of day, read here so that `update` stays free of clocks.
public final class ClockSource: IOSource {
    private let period: Duration
    private var nextPeriodic: Duration
    private var wakeAt: Duration?
    private let timeOfDay: () -> Int?

    /// `timeOfDay` reads the wall clock (seconds since local midnight); tests pass their own.
    /// The first tick is due at once, so demo mode's clock shows from the first frame on.
    public init(period: Duration = .seconds(1), timeOfDay: @escaping () -> Int? = { ClockSource.localTimeOfDay() }) {
        self.period = period
        self.nextPeriodic = .zero
        self.timeOfDay = timeOfDay
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
        return [.tick(now: now, timeOfDay: timeOfDay())]
    }

    public func perform(_ effect: Effect, now: Duration) -> [Event]? {
        guard case .wake(let after) = effect else { return nil }
        let at = now + after
        wakeAt = min(wakeAt ?? at, at)
        return []
    }

    public func shutDown() {}

    /// Seconds since local midnight at `moment` (now by default), in the zone `TZ` and
    /// /etc/localtime say, as `date` shows it; nil if the C library cannot tell.
    public static func localTimeOfDay(at moment: time_t? = nil) -> Int? {
        var seconds = moment ?? time(nil)
        var parts = tm()
        guard localtime_r(&seconds, &parts) != nil else { return nil }
        return Int(parts.tm_hour) * 3600 + Int(parts.tm_min) * 60 + min(59, Int(parts.tm_sec))
    }
}
