import Foundation
import Testing
@testable import LessonFiles
@testable import Lessons

/// Every shipped lesson completes when a learner does it with the real tools in another
/// terminal: `nc`, `telnet`, `curl`, with porttutor seeing only the socket table (`ss`) and a
/// real loopback capture (`tcpdump`). The lessons' ports 8080 and 8088 are moved into this
/// suite's own range (18480, 18488) so other suites can run beside it.
@Suite(.serialized) struct LessonWalkthroughTests {
    static let listenerPort = 18480
    static let webPort = 18488
    /// Lesson 2's on-your-own port (9090 in the lesson), moved like the others.
    static let ownPort = 18487
    /// Stands for a service that is always listening (porttutor's web server in real life).
    static let backgroundPort = 18489

    /// The shipped lessons with their ports moved, written to a temporary folder beside the recording.
    static func remappedCatalog(in folder: URL) throws -> LessonCatalog {
        for file in try LessonCatalog.lessonFiles(in: TestPaths.shippedLessons) {
            let text = try String(contentsOf: file, encoding: .utf8)
                .replacingOccurrences(of: "8088", with: String(webPort))
                .replacingOccurrences(of: "8080", with: String(listenerPort))
                .replacingOccurrences(of: "9090", with: String(ownPort))
            try text.write(to: folder.appendingPathComponent(file.lastPathComponent), atomically: true, encoding: .utf8)
        }
        // The recordings the lessons name, beside them.
        for name in try FileManager.default.contentsOfDirectory(atPath: TestPaths.shippedLessons.path) where name.hasSuffix(".pcap") {
            try FileManager.default.copyItem(at: TestPaths.shippedLessons.appendingPathComponent(name),
                                             to: folder.appendingPathComponent(name))
        }
        return try LessonCatalog.loadValid(folder: folder)
    }

    @Test func everyShippedLessonCompletesWithRealToolsInAnotherTerminal() throws {
        try #require(getuid() == 0, "capturing on the loopback needs root, as in CI")
        let folder = try TestPaths.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let catalog = try Self.remappedCatalog(in: folder)
        let learner = try Learner(folder: folder)
        defer { learner.stopEverything() }

        var progress = Progress()
        // The source tutorial's five lessons. The later ones have steps only porttutor's
        // panes can tick (a listener refused its port) and are walked by
        // EveryLessonHeadlessTests and the learner walks in tmux instead.
        for lesson in catalog.lessons.prefix(5) {
            for (index, step) in lesson.steps.enumerated() {
                let ticks = try learner.complete(step, of: lesson)
                #expect(ticks.allSatisfy { $0 != nil }, "\(lesson.id)/\(step.id) did not complete: \(step.checks.map(\.summary)) -> \(ticks)")
                progress.complete(stepIndex: index, in: lesson)
            }
            #expect(progress.status(of: lesson) == .done(completed: lesson.steps.count, skipped: 0))
        }
        #expect(learner.notes.contains { $0.hasPrefix("SYN, SYN-ACK, ACK between 127.0.0.1:") }, "\(learner.notes)")
        // Lesson 5's "start tcpdump" was passed by the learner's tcpdump itself, not by a packet.
        let tcpdump = try #require(learner.tcpdump, "the learner never started tcpdump")
        #expect(learner.notes.contains("tcpdump (pid \(tcpdump.pid)) is capturing on lo (its filter is not checked)"),
                "\(learner.notes)")
    }
}

/// Plays a learner at a real terminal, step by step, and the engine that watches.
final class Learner {
    let capture: LoopbackCapture
    var evaluator = CheckEvaluator()
    var table: [SocketRow] = []
    var notes: [String] = []

    var background: RealProcess?
    var web: RealProcess?
    var listener: RealProcess?
    var client: RealProcess?
    var curl: RealProcess?
    var tcpdump: RealProcess?
    var started: [RealProcess] = []

    static let port = LessonWalkthroughTests.listenerPort
    static let webPort = LessonWalkthroughTests.webPort
    static let ownPort = LessonWalkthroughTests.ownPort

    init(folder: URL) throws {
        capture = try LoopbackCapture(
            filter: "tcp port \(Self.port) or tcp port \(Self.webPort) or tcp port \(Self.ownPort)", folder: folder)
        background = try start(["nc", "-lk", "127.0.0.1", String(LessonWalkthroughTests.backgroundPort)])
        web = try start(["nc", "-l", "127.0.0.1", String(Self.webPort)])
        _ = try waitForTable { rows in rows.contains { $0.isListening && $0.local.port == Self.webPort } }
    }

    func start(_ arguments: [String]) throws -> RealProcess {
        let process = try RealProcess(arguments)
        started.append(process)
        return process
    }

    func stopEverything() {
        for process in started { process.stop() }
        capture.stop()
    }

    @discardableResult
    func waitForTable(_ condition: ([SocketRow]) -> Bool) throws -> Bool {
        try waitUntil { condition(try SocketTableReader.read()) }
    }

    /// Does what the step asks, then watches until its checks hold (or gives up after a while).
    func complete(_ step: Step, of lesson: Lesson) throws -> [CheckTick?] {
        try observeState()
        evaluator.begin(step)
        try act(step.id)
        var answered = false
        _ = try waitUntil {
            try watch()
            if !answered, step.question != nil, evaluator.ticks.dropLast().allSatisfy({ $0 != nil }) {
                let verdict = evaluator.answer(try answer(for: step))
                guard case .correct = verdict else {
                    Issue.record("\(lesson.id)/\(step.id): \(verdict)")
                    return true
                }
                answered = true
            }
            return evaluator.isComplete
        }
        notes += evaluator.ticks.compactMap { $0?.note }
        return evaluator.ticks
    }

    func watch() throws {
        try observeState()
        for packet in capture.newPackets() { evaluator.observe(.packet(packet)) }
    }

    /// What the state checks read: the socket table and the captures running.
    func observeState() throws {
        table = try SocketTableReader.read()
        evaluator.observe(.socketTable(table))
        let captures = try PacketSocketReader.read(pids: Set(started.map(\.pid)), porttutorPIDs: [capture.pid])
        evaluator.observe(.packetSockets(captures))
    }

    func telnet(_ port: Int) throws -> RealProcess {
        try start(["telnet", "localhost", String(port)])
    }

    func waitForConnection(to port: Int) throws {
        try waitForTable { rows in rows.contains { $0.state == .established && $0.remote?.port == UInt16(port) } }
    }

    func leaveTelnet() {
        client?.type(bytes: [0x1D])
        Thread.sleep(forTimeInterval: 0.2)
        client?.type("quit\n")
    }

    /// What a learner types, in which terminal, for each step of the shipped lessons.
    func act(_ stepID: String) throws {
        let port = Self.port
        switch stepID {
        case "start-listener", "listen-again":
            listener = try start(["nc", "-l", String(port)])
        case "call-with-telnet":
            client = try telnet(port)
        case "start-tcpdump":
            #expect(evaluator.ticks == [nil], "the capture standing for porttutor's own ticked the step")
            tcpdump = try start(["tcpdump", "-A", "-nn", "-i", "lo", "port", String(port)])
        case "client-to-listener", "words-in-packets":
            try waitForConnection(to: port)
            client?.type("hello from the real telnet\n")
        case "listener-to-client", "reply-in-packets":
            listener?.type("hello back from the real nc\n")
        case "leave-telnet":
            leaveTelnet()
        case "curl-request":
            curl = try start(["curl", "-s", "http://localhost:\(port)"])
        case "be-the-server":
            listener?.type("HTTP/1.0 200 OK\n\nHello from a human web server\n")
            Thread.sleep(forTimeInterval: 0.2)
            listener?.interrupt()
        case "http-by-hand":
            client = try telnet(Self.webPort)
            try waitForConnection(to: Self.webPort)
            client?.type("GET /\n\n")
            web?.type("HTTP/1.1 302 Found\r\nLocation: http://localhost:\(Self.webPort)/\r\nContent-Length: 0\r\n\r\n")
        case "reconnect":
            client?.stop()
            listener = try start(["nc", "-l", String(port)])
            try waitForTable { rows in rows.contains { $0.isListening && $0.local.port == port } }
            client = try telnet(port)
        case "handshake":
            leaveTelnet()
            try waitForTable { rows in !rows.contains { $0.state == .established && $0.remote?.port == UInt16(port) } }
            listener?.stop()
            listener = try start(["nc", "-l", String(port)])
            try waitForTable { rows in rows.contains { $0.isListening && $0.local.port == port } }
            client = try telnet(port)
        case "own-listeners":
            evaluator.observe(.typed(.connections, "ss -tln"))
        case "own-conversation":
            listener = try start(["nc", "-l", String(Self.ownPort)])
            try waitForTable { rows in rows.contains { $0.isListening && $0.local.port == UInt16(Self.ownPort) } }
            client = try telnet(Self.ownPort)
            try waitForConnection(to: Self.ownPort)
            client?.type("hello on \(Self.ownPort)\n")
            listener?.type("hello back\n")
            _ = try waitUntil { try self.watch(); return self.evaluator.ticks.dropLast().allSatisfy { $0 != nil } }
            leaveTelnet()
        case "own-fetch", "own-capture":
            if stepID == "own-capture" {
                _ = try start(["tcpdump", "-A", "-nn", "-i", "lo", "dst", "port", String(Self.webPort)])
                _ = try waitUntil { try self.observeState(); return self.evaluator.ticks.last! != nil }
            }
            web?.stop()
            web = try start(["nc", "-l", "127.0.0.1", String(Self.webPort)])
            try waitForTable { rows in rows.contains { $0.isListening && $0.local.port == UInt16(Self.webPort) } }
            curl = try start(["curl", "-s", "http://localhost:\(Self.webPort)/welcome"])
            try waitForConnection(to: Self.webPort)
            web?.type("HTTP/1.1 200 OK\r\nContent-Length: 8\r\n\r\nwelcome\n")
        case "own-filter":
            evaluator.observe(.typed(.connections, "ss -tan '( sport = :\(Self.webPort) )'"))
        case "the-table":
            // ss in a terminal of one's own is invisible to porttutor: this one step asks
            // for the table in porttutor's Connections pane.
            evaluator.observe(.typed(.connections, "ss -tn"))
        case "https-is-unreadable":
            var reader = PcapReader()
            let recording = try Data(contentsOf: TestPaths.shippedLessons.appendingPathComponent("tls-on-loopback.pcap"))
            for packet in reader.newPackets(in: Array(recording), fromRecording: true) {
                evaluator.observe(.packet(packet))
            }
        default:
            break // reading and answering only
        }
    }

    /// The answers a learner who read the lesson would give.
    func answer(for step: Step) throws -> String {
        switch step.question?.answer {
        case .accepted(let accepted)?:
            return accepted[0]
        case .pattern?:
            let samples = ["read-the-request": "curl/8.5.0", "states": "ESTABLISHED"]
            return try #require(samples[step.id], "no sample answer for \(step.id)")
        case .live(.clientEphemeralPort(let serverPort))?:
            let row = try #require(table.first { $0.state == .established && $0.remote?.port == UInt16(serverPort) })
            return "port \(row.local.port)"
        case .live(.listeningPort)?:
            return String(try #require(table.first { $0.isListening }).local.port)
        case .live(.lastHTTPStatus)?, .live(.httpStatus)?:
            return "302"
        case nil:
            return ""
        }
    }
}
