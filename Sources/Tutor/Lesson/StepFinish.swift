/// A step whose checks all hold, before the tutorial moves on. The learner first sees the
/// payoff (the ✔, its notes, the panes as they are); moving on at once would take it away.
public enum StepFinish: Sendable, Hashable {
    /// A check ticked last: the next step comes by itself at `until`, or on Enter.
    case countingDown(until: Duration)
    /// An answer ended the step (its explanation is read at the learner's pace), or the
    /// learner stopped the countdown: Enter or F5 moves on.
    case waiting
}

extension StepFinish {
    /// Whole seconds left at `now`, rounded up, as the countdown line shows them.
    func secondsLeft(at now: Duration) -> Int? {
        guard case .countingDown(let until) = self else { return nil }
        let left = until - now
        guard left > .zero else { return 0 }
        let whole = Int(left.components.seconds)
        return left.components.attoseconds > 0 ? whole + 1 : whole
    }

    /// How long until the shown number changes (or the countdown ends): a tick is asked
    /// for then, so the line counts down second by second.
    func nextChange(at now: Duration) -> Duration? {
        guard case .countingDown(let until) = self else { return nil }
        let left = until - now
        guard left > .zero else { return .zero }
        let fraction = left - .seconds(left.components.seconds)
        return fraction > .zero ? fraction : min(left, .seconds(1))
    }
}
