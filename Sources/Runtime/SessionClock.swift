#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one clock of a run. Every deadline, tick and socket timer is measured from the same
/// origin, and tests swap in a `ManualClock` to step time instead of sleeping.
public protocol SessionClock: AnyObject {
    /// Monotonic time since the run began.
    var now: Duration { get }
    /// Local wall-clock time in seconds since midnight (demo mode's clock); nil if unknown.
    func timeOfDay() -> Int?
}

/// The real clock: `ContinuousClock` from the moment it was made, and the local time of day.
public final class SystemClock: SessionClock {
    /// Time zero as a `ContinuousClock` instant, for code that keeps instants (the socket hub).
    public let origin: ContinuousClock.Instant

    public init() {
        origin = .now
    }

    public var now: Duration { .now - origin }

    public func timeOfDay() -> Int? { Self.localTimeOfDay() }

    /// Seconds since local midnight at `moment` (now by default), in the zone `TZ` and
    /// /etc/localtime say, as `date` shows it; nil if the C library cannot tell.
    public static func localTimeOfDay(at moment: time_t? = nil) -> Int? {
        var seconds = moment ?? time(nil)
        var parts = tm()
        guard localtime_r(&seconds, &parts) != nil else { return nil }
        return Int(parts.tm_hour) * 3600 + Int(parts.tm_min) * 60 + min(59, Int(parts.tm_sec))
    }
}

/// A clock that moves only when told: tests step it and see deadlines fall due.
public final class ManualClock: SessionClock {
    public var now: Duration
    /// What `timeOfDay()` answers.
    public var currentTimeOfDay: Int?

    public init(now: Duration = .zero, timeOfDay: Int? = nil) {
        self.now = now
        self.currentTimeOfDay = timeOfDay
    }

    public func timeOfDay() -> Int? { currentTimeOfDay }

    public func advance(by step: Duration) { now += step }
}
