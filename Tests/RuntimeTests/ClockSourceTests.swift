import Foundation
import Testing
@testable import Runtime
import Tutor

/// The clock is the one source that reads the wall clock, so `update` need not.
@Suite struct ClockSourceTests {
    @Test func everyTickCarriesTheTimeOfDayItRead() {
        var readings = [3600 * 14 + 5 * 60, 3600 * 14 + 6 * 60]
        let clock = ClockSource(period: .seconds(1)) { readings.isEmpty ? nil : readings.removeFirst() }
        #expect(clock.nextDeadline == .zero, "the first tick (and the time) comes at once")
        guard case .tick(let now, let timeOfDay)? = clock.deadlineReached(now: .milliseconds(2)).first else {
            Issue.record("no tick")
            return
        }
        #expect(now == .milliseconds(2))
        #expect(timeOfDay == 50_700)
        #expect(clock.nextDeadline == .seconds(1))
        guard case .tick(_, let later)? = clock.deadlineReached(now: .seconds(1)).first else {
            Issue.record("no second tick")
            return
        }
        #expect(later == 50_760)
        #expect(clock.nextDeadline == .seconds(2))
    }

    @Test func aWakeUpTickAlsoCarriesTheTime() {
        let clock = ClockSource(period: .seconds(1)) { 42 }
        _ = clock.deadlineReached(now: .zero)
        #expect(clock.perform(.wake(after: .milliseconds(100)), now: .zero)?.isEmpty == true)
        #expect(clock.nextDeadline == .milliseconds(100))
        guard case .tick(_, let timeOfDay)? = clock.deadlineReached(now: .milliseconds(100)).first else {
            Issue.record("no tick")
            return
        }
        #expect(timeOfDay == 42)
    }

    /// localtime_r agrees with Foundation's calendar in the same (process-wide) time zone.
    @Test(arguments: [0, 1_700_000_000, 1_782_345_678, Int(Date().timeIntervalSince1970)])
    func localTimeOfDayIsSecondsSinceLocalMidnight(_ epoch: Int) throws {
        let seconds = try #require(ClockSource.localTimeOfDay(at: time_t(epoch)))
        let parts = Calendar.current.dateComponents([.hour, .minute, .second], from: Date(timeIntervalSince1970: TimeInterval(epoch)))
        #expect(seconds == (parts.hour ?? -1) * 3600 + (parts.minute ?? -1) * 60 + (parts.second ?? -1))
        #expect((0..<86_400).contains(seconds))
    }

    @Test func theDefaultReadsTheClockNow() throws {
        let reading = try #require(ClockSource.localTimeOfDay())
        let parts = Calendar.current.dateComponents([.hour, .minute], from: Date())
        // A minute boundary may pass between the two readings.
        let minutes = (parts.hour ?? 0) * 60 + (parts.minute ?? 0)
        #expect(abs(reading / 60 - minutes) <= 1 || abs(reading / 60 - minutes) == 1439)
    }
}
