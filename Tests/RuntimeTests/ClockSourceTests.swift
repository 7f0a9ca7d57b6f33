import Foundation
import Testing
@testable import Runtime
import Tutor

/// The clock is the one source that reads the wall clock, so `update` need not.
@Suite struct ClockSourceTests {
    @Test func everyTickCarriesTheTimeOfDayItRead() {
        let clock = ManualClock(timeOfDay: 3600 * 14 + 5 * 60)
        let timers = ClockSource(clock: clock, period: .seconds(1))
        #expect(timers.nextDeadline == .zero, "the first tick (and the time) comes at once")
        guard case .tick(let now, let timeOfDay)? = timers.deadlineReached(now: .milliseconds(2)).first else {
            Issue.record("no tick")
            return
        }
        #expect(now == .milliseconds(2))
        #expect(timeOfDay == 50_700)
        #expect(timers.nextDeadline == .seconds(1))
        clock.currentTimeOfDay = 3600 * 14 + 6 * 60
        guard case .tick(_, let later)? = timers.deadlineReached(now: .seconds(1)).first else {
            Issue.record("no second tick")
            return
        }
        #expect(later == 50_760)
        #expect(timers.nextDeadline == .seconds(2))
    }

    @Test func aWakeUpTickAlsoCarriesTheTime() {
        let timers = ClockSource(clock: ManualClock(timeOfDay: 42), period: .seconds(1))
        _ = timers.deadlineReached(now: .zero)
        timers.wake(after: .milliseconds(100), now: .zero)
        #expect(timers.nextDeadline == .milliseconds(100))
        guard case .tick(_, let timeOfDay)? = timers.deadlineReached(now: .milliseconds(100)).first else {
            Issue.record("no tick")
            return
        }
        #expect(timeOfDay == 42)
    }

    /// A session's ticks come from its one clock: stepping a manual clock makes the next
    /// tick due, and `update` sees the clock's own time.
    @Test func aSessionTicksOnTheClockItWasGiven() throws {
        let clock = ManualClock(now: .seconds(5), timeOfDay: 600)
        let session = Session(model: Model(size: TerminalSize(columns: 80, rows: 24)), clock: clock, sources: IOSources())
        session.begin()
        #expect(session.model.now == .seconds(5))
        func ticks(_ events: [Event]) -> [Duration] {
            events.compactMap { if case .tick(let now, _) = $0 { now } else { nil } }
        }
        #expect(ticks(try session.turn(maxWait: .zero)) == [.seconds(5)], "the first tick is due at once")
        #expect(ticks(try session.turn(maxWait: .zero)).isEmpty, "no tick before the clock moves")
        clock.advance(by: .milliseconds(999))
        #expect(ticks(try session.turn(maxWait: .zero)).isEmpty)
        clock.advance(by: .milliseconds(1))
        #expect(ticks(try session.turn(maxWait: .zero)) == [.seconds(6)])
        #expect(session.model.now == .seconds(6))
    }

    /// localtime_r agrees with Foundation's calendar in the same (process-wide) time zone.
    @Test(arguments: [0, 1_700_000_000, 1_782_345_678, Int(Date().timeIntervalSince1970)])
    func localTimeOfDayIsSecondsSinceLocalMidnight(_ epoch: Int) throws {
        let seconds = try #require(SystemClock.localTimeOfDay(at: time_t(epoch)))
        let parts = Calendar.current.dateComponents([.hour, .minute, .second], from: Date(timeIntervalSince1970: TimeInterval(epoch)))
        #expect(seconds == (parts.hour ?? -1) * 3600 + (parts.minute ?? -1) * 60 + (parts.second ?? -1))
        #expect((0..<86_400).contains(seconds))
    }

    @Test func theDefaultReadsTheClockNow() throws {
        let reading = try #require(SystemClock.localTimeOfDay())
        let parts = Calendar.current.dateComponents([.hour, .minute], from: Date())
        // A minute boundary may pass between the two readings.
        let minutes = (parts.hour ?? 0) * 60 + (parts.minute ?? 0)
        #expect(abs(reading / 60 - minutes) <= 1 || abs(reading / 60 - minutes) == 1439)
    }
}
