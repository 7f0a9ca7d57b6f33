/// The beat every periodic wake-up keeps: whole periods of session time. The tick, the
/// socket table's refresh and the capture's statistics each fall due on the same beat, so
/// an idle porttutor wakes once per period for all of them, not once for each (a refresh
/// scheduled "one second after the last one ended" drifts off the tick by the read's own
/// duration, and costs a wake-up of its own every second).
enum SecondsGrid {
    /// The first multiple of `period` after `now` (strictly later, so it is never due at once).
    static func next(after now: Duration, period: Duration) -> Duration {
        guard period > .zero else { return now }
        let elapsed = now < .zero ? 0 : Int64(now / period)
        var beat = period * elapsed
        while beat <= now { beat += period }
        return beat
    }
}
