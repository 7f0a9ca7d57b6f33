import ToolCommands
import SocketsCore
import Foundation
import LessonFiles
import NetworkTypes
import Lessons
import Runtime
import Sockets
import Testing
import Tutor
import TestSupport

/// Issue #6's key test: every shipped lesson, done to the end by the real engine with no
/// terminal. For each step the test presses "show me" (F4), as a learner would, and runs
/// the session's poll loop: the autopilot types into the panes, the panes' real sockets,
/// the kernel's socket table and the loopback capture report what happened, and the checks
/// tick from that alone. Questions are answered in the Lesson pane with what a learner
/// would type: an accepted answer, or a live value read off the screen's own state.
///
/// The lessons' ports 8080, 8088 and 9090 are moved to 18520, 18528 and 18527 so other suites (which
/// use their own ranges) can run beside this one.
@Suite(.serialized) struct EveryLessonHeadlessTests {
    static let listenerPort = 18520
    static let webPort = 18528
    /// Lesson 2's on-your-own port (9090 in the lesson), moved like the others.
    static let ownPort = 18527
    /// Lesson 7's next port up (8089) and lesson 8's DNS port (8053), moved like the others.
    static let nextPort = 18529
    static let dnsPort = 18526
    /// Generous: a fresh CI machine may be busy building and testing other targets.
    static let stepTimeout: Duration = .seconds(20)

    @Test func everyShippedLessonCompletesWithShowMe() throws {
        try #require(getuid() == 0, "capturing on the loopback needs root, as in CI")
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let catalog = try Self.remappedCatalog(in: folder)
        try #require(catalog.lessons.count >= 5, "the shipped lessons did not load")

        let tutor = HeadlessTutor(catalog: catalog, webPort: Self.webPort)
        defer { tutor.session.shutDown(); tutor.otherTerminal.closeAll() }
        let clock = ContinuousClock()
        var timings: [String] = []
        for (lessonIndex, lesson) in catalog.lessons.enumerated() {
            let lessonStart = clock.now
            try #require(tutor.tutorial.lessonIndex == lessonIndex, "expected lesson \(lesson.id), got \(tutor.tutorial.lesson.id)")
            try tutor.completeEveryStep(of: lesson, stepTimeout: Self.stepTimeout)
            #expect(tutor.tutorial.progress.status(of: lesson) == .done(completed: lesson.steps.count, skipped: 0), "\(lesson.id): \(tutor.tutorial.progress.status(of: lesson))")
            timings.append("\(lesson.id) \(clock.now - lessonStart)")
            if lessonIndex + 1 < catalog.lessons.count {
                tutor.press(.function(5)) // on to the next lesson, as the Lesson pane says
            }
        }
        print("every lesson, headless: " + timings.joined(separator: ", "))
        // The notes come from the real traffic: a handshake, curl's request, the web server's 302.
        let notes = tutor.notes.joined(separator: "\n")
        for seen in ["SYN, SYN-ACK, ACK between 127.0.0.1:", "GET / HTTP/1.1 with Host, User-Agent, Accept", "response 302 Found"] {
            #expect(notes.contains(seen), "\(seen) missing from:\n\(notes)")
        }
        #expect(tutor.session.exitStatus == nil)
    }

    /// The shipped lessons with their ports moved, in a temporary folder beside the recording.
    static func remappedCatalog(in folder: URL) throws -> LessonCatalog {
        let shipped = packageRoot.appendingPathComponent("Lessons")
        for file in try LessonCatalog.lessonFiles(in: shipped) {
            var text = try String(contentsOf: file, encoding: .utf8)
            // A lab lesson runs only in the lab: LabLessonsHeadlessTests walks it there.
            if LabLessonsHeadlessTests.needsLab(text) { continue }
            if text.contains("id: privileged-and-ephemeral-ports") { text = Self.movingPrivilegedPort(text) }
            text = text
                .replacingOccurrences(of: "8088", with: String(webPort))
                .replacingOccurrences(of: "8080", with: String(listenerPort))
                .replacingOccurrences(of: "9090", with: String(ownPort))
                .replacingOccurrences(of: "8089", with: String(nextPort))
                .replacingOccurrences(of: "8053", with: String(dnsPort))
            try text.write(to: folder.appendingPathComponent(file.lastPathComponent), atomically: true, encoding: .utf8)
        }
        // The recordings the lessons name, beside them.
        for name in try FileManager.default.contentsOfDirectory(atPath: shipped.path) where name.hasSuffix(".pcap") {
            try FileManager.default.copyItem(at: shipped.appendingPathComponent(name), to: folder.appendingPathComponent(name))
        }
        // A `needs: lab` lesson runs only in the lab (its start: programs, server.lab): its
        // show me is walked there, in LabLessonsHeadlessTests.
        let all = try LessonCatalog.loadValid(folder: folder)
        return LessonCatalog(lessons: all.lessons.filter { !$0.needsLab })
    }

    /// Lesson 9 asks for port 80; the suites share one network, where the lab's test watches
    /// that no one listens on 80, so the headless walk asks for 79 (privileged too) instead.
    static func movingPrivilegedPort(_ text: String) -> String {
        text.replacing(/\b80\b/, with: "79")
    }

    static let packageRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url
    }()

    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("porttutor-headless-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

/// porttutor without its screen: the real sources on a `Session`, driven by key events.
/// No `ProgressSaver`: the learner's saved progress is never touched.
final class HeadlessTutor {
    let session: Session
    /// Every check note seen, in order.
    private(set) var notes: [String] = []

    /// With `lab`, porttutor runs in the lab (the test's process is the lab's PID 3): lab
    /// lessons' `start:` programs run, and their lines may reach the lab's cable.
    init(catalog: LessonCatalog, webPort: Int, lab: LabPrograms? = nil) {
        signal(SIGPIPE, SIG_IGN) // as porttutor's SignalPipe does: a peer gone is an error, not death
        let tutorial = Tutorial(catalog: catalog, progress: Lessons.Progress(), lessonIndex: 0, stepIndex: 0)
        var model = Model(size: TerminalSize(columns: 120, rows: 40), tutorial: tutorial)
        model.typingSpeed = 200
        // A finished step counts down to the next on the real clock: briefly, here.
        model.nextStepDelay = .milliseconds(200)
        model.isInLab = lab != nil
        var configuration = SocketHubConfiguration()
        configuration.webServer.port = UInt16(webPort)
        let clock = SystemClock()
        session = Session(model: model, clock: clock, sources: IOSources(
            sockets: SocketsSource(hub: SocketHub(configuration: configuration), clock: clock),
            connections: ConnectionsSource(), capture: CaptureSource(alsoWatching: lab != nil ? LabHost.lab.interfaceName : nil), lab: lab))
        session.begin()
    }

    /// The learner's own terminal, for the steps that say "in a terminal of your own".
    let otherTerminal = OtherTerminal()
    /// The `elsewhere:` commands of the step being shown, and how many were run.
    private var elsewhere: (commands: [String], run: Int) = ([], 0)

    var model: Model { session.model }
    var tutorial: Tutorial { session.model.tutorial! }

    func press(_ key: Key) {
        session.dispatch([.key(key)])
    }

    /// Runs the loop (real poll, real sockets) until `condition` holds; false after `timeout`.
    func run(for timeout: Duration, until condition: () -> Bool) throws -> Bool {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while !condition() {
            guard clock.now < deadline else { return false }
            try session.turn(maxWait: .milliseconds(50))
            try playOtherTerminal()
        }
        return true
    }

    /// Types in the other terminal what "show me" has reached and only said: a learner
    /// reads the notice and does it there. Where show me waits for it (more to type after),
    /// the learner watches a one-off command finish (`fuser -k`), or sees a program that
    /// keeps running start (`nc -l`), then presses F4 for the rest.
    private func playOtherTerminal() throws {
        let waiting = model.autopilot?.inputs.filter { if case .elsewhere = $0.action { true } else { false } }.count ?? 0
        while elsewhere.run < elsewhere.commands.count - waiting {
            otherTerminal.type(elsewhere.commands[elsewhere.run])
            elsewhere.run += 1
        }
        guard case .ownTerminal? = model.autopilot?.hold else { return }
        let clock = ContinuousClock()
        let enough = clock.now + Self.oneOffCommandTime
        while !otherTerminal.newestHasExited(), clock.now < enough {
            try session.turn(maxWait: .milliseconds(50))
        }
        press(.function(4))
    }

    /// How long a command in the other terminal may take before it counts as one that keeps
    /// running (a server, a client): generous, as `porttutor shell` starts a debug build.
    static let oneOffCommandTime: Duration = .seconds(5)

    /// Does a step as a learner who presses "show me" would, and waits until it is done.
    /// Completes the open lesson step by step with show me, and checks that every check of
    /// every step ticked and the lesson reached its end with nothing skipped.
    func completeEveryStep(of lesson: Lesson, stepTimeout: Duration) throws {
        for (stepIndex, step) in lesson.steps.enumerated() {
            try complete(step, at: stepIndex, of: lesson, timeout: stepTimeout)
            let ticks = try #require(tutorial.evidence[step.id], "\(lesson.id)/\(step.id) left no evidence")
            for (check, tick) in zip(step.checks, ticks) {
                #expect(tick != nil, "\(lesson.id)/\(step.id): \(check.summary) did not tick")
            }
        }
        #expect(tutorial.lessonComplete, "\(lesson.id) did not reach its end")
        #expect(tutorial.skippedStepIDs.isEmpty, "\(lesson.id) skipped \(tutorial.skippedStepIDs)")
    }

    func complete(_ step: Step, at index: Int, of lesson: Lesson, timeout: Duration) throws {
        let name = "\(lesson.id)/\(step.id)"
        let done = { self.tutorial.evidence[step.id] != nil }
        defer { notes += tutorial.evidence[step.id]?.compactMap { $0?.note } ?? [] }
        // A state check that already held when the step began ticks it at once.
        if done() { return }
        try #require(tutorial.stepIndex == index && !tutorial.lessonComplete,
                     "\(name): the tutorial is on step \(tutorial.stepIndex + 1) instead\n\(report(step))")
        // Ticked as it began: it counts down to the next step, and a key would stop that.
        if tutorial.finish != nil {
            try #require(try run(for: timeout, until: done), "\(name) did not move on after its countdown\n\(report(step))")
            return
        }
        if !step.perform.isEmpty {
            // Show me finishes typing the step before (its check may have held early).
            let idle = try run(for: timeout) { model.autopilot == nil }
            try #require(idle, "\(name): show me still typing the step before\n\(report(step))")
            elsewhere = (step.perform.compactMap { if case .elsewhere(let command) = $0.action { command } else { nil } }, 0)
            press(.function(4))
            // An on-your-own step is the learner's: the first F4 only says so.
            if step.isOnYourOwn { press(.function(4)) }
        }
        if step.question != nil {
            // Watch the show, and the checks before the question tick, then answer.
            let ready = try run(for: timeout) {
                done() || (model.autopilot == nil && tutorial.evaluator.ticks.dropLast().allSatisfy { $0 != nil })
            }
            try #require(ready, "\(name): not ready for its question after \(timeout)\n\(report(step))")
            if !done() { try answer(step, name: name) }
        }
        let finished = try run(for: timeout, until: done)
        try #require(finished, "\(name) did not complete within \(timeout)\n\(report(step))")
    }

    /// Types the answer in the Lesson pane (Alt-1 focuses it) and presses Enter.
    private func answer(_ step: Step, name: String) throws {
        let text = try answerText(for: step, name: name)
        press(.alt("1"))
        for character in text { press(.character(character)) }
        press(.enter)
        let accepted = tutorial.evidence[step.id] != nil || (tutorial.step.id == step.id && tutorial.evaluator.ticks.last.flatMap { $0 } != nil)
        let heard = tutorial.feedback.map(\.plainText).joined(separator: " / ")
        try #require(accepted, "\(name): answered \(text), heard \(heard)\n\(report(step))")
        // A right answer's explanation waits for Enter.
        if tutorial.step.id == step.id, tutorial.finish == .waiting { press(.enter) }
    }

    /// What a learner would answer: an accepted answer from the lesson, or what the
    /// screen really shows for a live one.
    private func answerText(for step: Step, name: String) throws -> String {
        var table: [SocketRow] { tutorial.evaluator.table }
        switch try #require(step.question?.answer) {
        case .accepted(let accepted):
            return try #require(accepted.first)
        case .pattern:
            switch step.id {
            case "read-the-request":
                // The Listener pane shows the request: the first word after `User-Agent:`.
                let line = try #require(try waitForLine(in: .listener) { $0.hasPrefix("User-Agent:") },
                                        "\(name): no User-Agent line\n\(report(step))")
                return String(try #require(line.split(separator: " ").dropFirst().first))
            case "udp-table":
                // The listener's UDP row: bound, connected to no one.
                let row = try #require(table.first { $0.proto == .udp && $0.local.port == EveryLessonHeadlessTests.listenerPort && $0.isListening },
                                       "\(name): no UDP socket bound to the port\n\(report(step))")
                return row.state == .close ? "UNCONN" : row.state.description
            case "states":
                // The state of the nc-telnet conversation running now (older ones may linger in TIME-WAIT).
                let row = try #require(table.first { $0.local.port == EveryLessonHeadlessTests.listenerPort && $0.state == .established },
                                       "\(name): no live connection in the table\n\(report(step))")
                return row.state.description
            default:
                Issue.record("\(name): no way to answer its pattern question")
                return "?"
            }
        case .live(.clientEphemeralPort(let serverPort)):
            let client = { (row: SocketRow) in row.proto == .tcp && row.state == .established && row.remote.map { Int($0.port) } == serverPort }
            try waitForTable { $0.contains(where: client) }
            let row = try #require(table.first(where: client), "\(name): no client connected to \(serverPort) in the table\n\(report(step))")
            return "port \(row.local.port)"
        case .live(.listeningPort(let process)):
            try waitForTable { $0.contains { $0.isListening } }
            let listening = table.filter { row in row.isListening && (process.map { row.process == $0 } ?? true) }
            let row = try #require(listening.first { $0.local.port == EveryLessonHeadlessTests.webPort } ?? listening.first,
                                   "\(name): nothing listens\n\(report(step))")
            return String(row.local.port)
        case .live(.lastHTTPStatus), .live(.httpStatus):
            // The Client pane shows the status line of the answer.
            let line = try #require(try waitForLine(in: .client) { $0.hasPrefix("HTTP/") },
                                    "\(name): no status line in the Client pane\n\(report(step))")
            return String(try #require(line.split(separator: " ").dropFirst().first))
        }
    }

    /// The newest line of `pane` that `matches`, once the pane shows one (the checks may
    /// have seen the bytes in the capture a moment before the pane's tool read them).
    private func waitForLine(in pane: PaneID, _ matches: (String) -> Bool) throws -> String? {
        _ = try run(for: .seconds(10)) { lines(of: pane).contains(where: matches) }
        return lines(of: pane).last(where: matches)
    }

    /// Waits until the socket table the screen holds shows what the learner looks for (the
    /// first read may still be under way on a busy machine).
    private func waitForTable(_ shows: ([SocketRow]) -> Bool) throws {
        _ = try run(for: .seconds(10)) { shows(tutorial.evaluator.table) }
    }

    private func lines(of pane: PaneID) -> [String] {
        model[pane: pane].scrollback.lines.map(\.plainText)
    }

    /// What the test saw, for a failure message: the checks, the notice, each pane's end.
    func report(_ step: Step) -> String {
        var text = "step now: \(tutorial.lesson.id)/\(tutorial.step.id)\(tutorial.lessonComplete ? " (lesson complete)" : "")"
        if tutorial.step.id == step.id {
            for (check, tick) in zip(step.checks, tutorial.evaluator.ticks) {
                text += "\n  \(tick == nil ? "○" : "✔") \(check.summary)\(tick.map { ": " + $0.note } ?? "")"
            }
        }
        text += "\nautopilot: \(model.autopilot.map { "\($0.inputs.count) inputs left" } ?? "idle")"
        text += "\nother terminal: \(otherTerminal.transcript)"
        text += "\nnotice: \(model.notice?.plainText ?? "none")"
        text += "\ntable: \(tutorial.evaluator.table.count) rows\(model.connectionsPane.unreadable.map { ", " + $0 } ?? "")"
        if let problem = model.tools.quietCapture.problem { text += "\ncapture: " + problem.joined(separator: " ") }
        for pane in PaneID.allCases {
            // The pane of the step in full (bounded), the others' last lines.
            let shown = pane == step.pane || pane == .listener ? 40 : 8
            text += "\n[\(pane.title)] " + lines(of: pane).suffix(shown).joined(separator: "\n    ")
        }
        return text
    }
}

/// A terminal of the learner's own, for the steps porttutor cannot type: each command runs
/// as a real program whose input stays open (telnet hangs up at the end of its input, as
/// it would if the learner pressed Ctrl-D), and `Ctrl-C` stops the newest one still
/// running, as pressing it in that terminal would. Each is stopped by its own pid.
final class OtherTerminal {
    private var programs: [(pid: pid_t, input: Int32)] = []
    /// What the programs printed (both streams, into one file), for a failure's report.
    private let output = FileManager.default.temporaryDirectory
        .appendingPathComponent("porttutor-other-terminal-\(getpid())-\(UUID().uuidString.prefix(8)).txt").path
    private var typed: [String] = []

    /// The lines typed there and what the programs printed, for a failure's report.
    var transcript: String {
        let printed = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
        return "typed: " + typed.joined(separator: " | ") + "\nprinted: " + printed.split(separator: "\n").suffix(8).joined(separator: " | ")
    }

    func type(_ line: String) {
        typed.append(line)
        if line.lowercased() == "ctrl-c" {
            if let last = programs.popLast() { stop(last) }
            return
        }
        var pipeEnds: [Int32] = [0, 0]
        guard pipe(&pipeEnds) == 0 else { Issue.record("no pipe for \(line)"); return }
        _ = fcntl(pipeEnds[1], F_SETFD, FD_CLOEXEC)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, pipeEnds[0], 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_APPEND, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        do {
            let pid = try SpawnHygiene.spawn(line.split(separator: " ").map(String.init), actions: &actions)
            programs.append((pid, pipeEnds[1]))
        } catch {
            Issue.record("could not run \(line) in the other terminal: \(error)")
            close(pipeEnds[1])
        }
        close(pipeEnds[0])
    }

    /// Whether the program typed last has ended (then it is forgotten); true when none runs.
    func newestHasExited() -> Bool {
        guard let newest = programs.last else { return true }
        var status: Int32 = 0
        guard waitpid(newest.pid, &status, WNOHANG) == newest.pid else { return false }
        close(newest.input)
        programs.removeLast()
        return true
    }

    func closeAll() {
        while let program = programs.popLast() { stop(program) }
        unlink(output)
    }

    private func stop(_ program: (pid: pid_t, input: Int32)) {
        kill(program.pid, SIGINT)
        var status: Int32 = 0
        var reaped = false
        for _ in 0..<100 where !reaped {
            reaped = waitpid(program.pid, &status, WNOHANG) == program.pid
            if !reaped { usleep(20_000) }
        }
        if !reaped { kill(program.pid, SIGKILL); waitpid(program.pid, &status, 0) }
        close(program.input)
    }
}
