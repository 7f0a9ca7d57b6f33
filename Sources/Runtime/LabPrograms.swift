import Lab
import Lessons
import NetworkTypes
import Tutor
#if canImport(Glibc)
import Glibc
#endif

/// The programs lesson steps start on the lab's computers (`start:`), as real processes
/// in the lab: started when a step asks, once each, and stopped when another lesson
/// begins or porttutor quits (the lab's end would end them anyway).
public final class LabPrograms: IOSource {
    private let environment: [String: String]
    private var lessonID: String?
    private var running: [LabProgram: pid_t] = [:]
    /// Stopped programs not yet reaped.
    private var ending: [pid_t] = []
    private var now: Duration = .zero

    public init(environment: [String: String]) {
        self.environment = environment
    }

    public var pollRequests: [PollRequest] { [] }
    /// Once a second while any program runs or ends: reap what has exited.
    public var nextDeadline: Duration? { running.isEmpty && ending.isEmpty ? nil : now + .seconds(1) }
    public func handle(descriptor: Int32, revents: Int16, now: Duration) -> [Event] { [] }

    public func deadlineReached(now: Duration) -> [Event] {
        self.now = now
        ending.removeAll(where: Self.reap)
        // A program that ended by itself (a one-shot `nc -l`) starts again when a step asks.
        for (program, pid) in running where Self.reap(pid) { running[program] = nil }
        return []
    }

    /// `Effect.lab`.
    public func perform(_ request: LabRequest, now: Duration) -> [Event] {
        self.now = now
        switch request {
        case .step(let lesson, let programs):
            if lesson != lessonID {
                stopAll()
                lessonID = lesson
            }
            var events: [Event] = []
            for program in programs where running[program] == nil {
                do {
                    running[program] = try LabShell.spawn(["/bin/sh", "-c", program.command], on: program.host, environment: environment)
                } catch {
                    events.append(.notice("Could not start `\(program.command)` on \(program.host.hostName): \(error.description)"))
                }
            }
            return events
        }
    }

    public func shutDown() {
        stopAll()
    }

    private func stopAll() {
        for pid in running.values {
            kill(pid, SIGTERM)  // the helper passes it on to the program
            ending.append(pid)
        }
        running.removeAll()
    }

    /// Whether `pid` has exited (and is now reaped).
    private static func reap(_ pid: pid_t) -> Bool {
        var status: Int32 = 0
        return waitpid(pid, &status, WNOHANG) == pid
    }
}
