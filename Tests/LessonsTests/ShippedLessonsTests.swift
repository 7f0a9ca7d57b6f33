import Foundation
import NetworkTypes
import Testing
@testable import LessonFiles
@testable import Lessons

/// The lessons porttutor ships must load cleanly, cover the tutorial, and pass `porttutor lint`.
@Suite struct ShippedLessonsTests {
    @Test func everyShippedLessonLoadsWithoutErrorsOrWarnings() throws {
        let result = LessonCatalog.load(folder: TestPaths.shippedLessons, displayFolder: "Lessons")
        #expect(result.diagnostics.map(\.description) == [])
        #expect(result.catalog.lessons.map(\.id) == [
            "what-is-a-port", "talking-to-yourself", "talking-http", "your-computers-chatter", "watching-packets",
            "many-clients-one-port", "who-holds-this-port", "udp", "privileged-and-ephemeral-ports",
            "refused-or-dropped", "loopback-or-all-addresses",
            "port-forwarding", "debug-it-yourself",
        ])
        for lesson in result.catalog.lessons {
            #expect(!lesson.steps.isEmpty)
            for step in lesson.steps {
                #expect(!step.checks.isEmpty, "\(lesson.id)/\(step.id) has no check")
                #expect(!step.hints.isEmpty, "\(lesson.id)/\(step.id) has no hint")
                if step.pane != .lesson && step.question == nil && !step.replaysRecording {
                    #expect(!step.perform.isEmpty, "\(lesson.id)/\(step.id) cannot be shown")
                }
            }
        }
    }

    @Test func lintFunctionAcceptsTheLessonsFolder() {
        let report = LessonLinter.lint(paths: ["Lessons"], currentDirectory: TestPaths.packageRoot)
        #expect(report.isValid)
        #expect(report.diagnostics.isEmpty)
        #expect(report.lessonCount == 13)
        #expect(report.summary == "13 files, 13 lessons: all valid")
    }

    /// Runs the real executable when the build has produced it (swift test builds it with the tests).
    @Test func lintCommandExitsZeroOnTheLessonsFolder() throws {
        let binary = Bundle.module.bundleURL.deletingLastPathComponent().appendingPathComponent("porttutor")
        try #require(FileManager.default.isExecutableFile(atPath: binary.path), "porttutor was not built next to the tests")
        let process = Process()
        process.executableURL = binary
        process.arguments = ["lint", "Lessons/"]
        process.currentDirectoryURL = TestPaths.packageRoot
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(text)")
        #expect(text.contains("13 lessons: all valid"))
    }

    @Test func lintCommandFailsWithLocatedMessagesOnABrokenFile() throws {
        let binary = Bundle.module.bundleURL.deletingLastPathComponent().appendingPathComponent("porttutor")
        try #require(FileManager.default.isExecutableFile(atPath: binary.path), "porttutor was not built next to the tests")
        let process = Process()
        process.executableURL = binary
        process.arguments = ["lint", "unknown-check.yaml"]
        process.currentDirectoryURL = TestPaths.fixtures.appendingPathComponent("broken")
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus != 0)
        #expect(text.hasPrefix("unknown-check.yaml:11:9: unknown check 'listen'; did you mean 'listening'?"))
    }

    /// A lesson whose every step was skipped (F5) is not listed as done.
    @Test func listCommandTellsSkippedFromDone() throws {
        let binary = Bundle.module.bundleURL.deletingLastPathComponent().appendingPathComponent("porttutor")
        try #require(FileManager.default.isExecutableFile(atPath: binary.path), "porttutor was not built next to the tests")
        let state = try TestPaths.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: state) }
        let catalog = try LessonCatalog.loadValid(folder: TestPaths.shippedLessons)
        var progress = Progress()
        for index in catalog.lessons[0].steps.indices { progress.skip(stepIndex: index, in: catalog.lessons[0]) }
        for index in catalog.lessons[1].steps.indices { progress.complete(stepIndex: index, in: catalog.lessons[1]) }
        progress.skip(stepIndex: 0, in: catalog.lessons[2])
        try ProgressStore(directory: state.appendingPathComponent("porttutor")).save(progress)

        let process = Process()
        process.executableURL = binary
        process.arguments = ["list", "--lessons", TestPaths.shippedLessons.path]
        process.environment = ["XDG_STATE_HOME": state.path, "HOME": state.path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let lines = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).split(separator: "\n")
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        func row(_ id: String) -> String { lines.first { $0.contains(" \(id) ") }.map(String.init) ?? "" }
        #expect(row("what-is-a-port").contains("all skipped"), "\(lines)")
        #expect(row("talking-to-yourself").contains(" done "), "\(lines)")
        #expect(row("talking-http").contains("1/9 steps, 1 skipped"), "\(lines)")
    }

    /// The complete example in docs/LESSON-FORMAT.md is a valid lesson, and its checks work.
    @Test func theDocumentedExampleIsValid() throws {
        let doc = try String(contentsOf: TestPaths.packageRoot.appendingPathComponent("docs/LESSON-FORMAT.md"), encoding: .utf8)
        let start = try #require(doc.range(of: "```yaml\n# Lessons/06-udp.yaml\n"))
        let end = try #require(doc.range(of: "```", range: start.upperBound..<doc.endIndex))
        let lesson = try Build.lesson(String(doc[start.upperBound..<end.lowerBound]))
        #expect(lesson.id == "udp-in-a-nutshell")
        let udp = SocketRow(proto: .udp, local: SocketAddress(numericHost: "0.0.0.0", port: 8080)!, state: .close, process: "nc")
        // The datagram is heard: nc is bound to its port.
        let ticks = CheckEvaluator.evaluate(lesson.steps[1], observations: [
            .socketTable([udp]),
            .packet(PacketSeen(proto: .udp, source: .loopback(40000), destination: .loopback(8080), payload: Array("hello over UDP\n".utf8))),
        ])
        #expect(ticks.allSatisfy { $0 != nil })
        #expect(CheckEvaluator.evaluate(lesson.steps[0], observations: [.socketTable([udp])])[0]?.note == "listening on 0.0.0.0:8080 (nc)")
    }

    /// Each name in `Check.Name` has its `### name` section in docs/LESSON-FORMAT.md, whose
    /// examples load as that check and between them show every argument the reader accepts.
    @Test(arguments: Check.Name.allCases) func theFormatDocumentsEveryCheck(_ name: Check.Name) throws {
        let doc = try String(contentsOf: TestPaths.packageRoot.appendingPathComponent("docs/LESSON-FORMAT.md"), encoding: .utf8)
        let heading = try #require(doc.range(of: "\n### \(name.rawValue)\n"), "no section for `\(name.rawValue)`")
        let sectionEnd = doc.range(of: "\n##", range: heading.upperBound..<doc.endIndex)?.lowerBound ?? doc.endIndex
        let section = doc[heading.upperBound..<sectionEnd]
        let start = try #require(section.range(of: "```yaml\n"), "no example for `\(name.rawValue)`")
        let end = try #require(section.range(of: "```", range: start.upperBound..<section.endIndex))
        let examples = section[start.upperBound..<end.lowerBound].split(separator: "\n").map { "      " + $0 }
        let step = try Build.step(checks: examples.joined(separator: "\n"))
        #expect(!step.checks.isEmpty)
        #expect(step.checks.allSatisfy { $0.kind.name == name }, "\(step.checks.map(\.kind))")
        for argument in name.arguments {
            #expect(section.contains("\(argument):"), "`\(name.rawValue)` takes `\(argument)`, which its section never shows")
        }
    }

    /// curl has the status line long before the learner has typed the body and pressed
    /// Ctrl-C: the step must wait for the close, or the next step opens mid-typing.
    @Test func beingTheServerEndsWhenCurlHasTheWholePageNotAtTheStatusLine() throws {
        let catalog = try LessonCatalog.loadValid(folder: TestPaths.shippedLessons)
        let lesson = try #require(catalog.lessons.first { $0.id == "talking-http" })
        let step = try #require(lesson.steps.first { $0.id == "be-the-server" })
        let curl = SocketRow(proto: .tcp, local: .loopback(51234), remote: .loopback(8080), state: .established, process: "porttutor")
        let nc = SocketRow(proto: .tcp, local: .loopback(8080), remote: .loopback(51234), state: .established, process: "porttutor")
        var evaluator = CheckEvaluator()
        evaluator.observe(.socketTable([curl, nc]))
        evaluator.begin(step)
        evaluator.observe(.received(.client, Array("HTTP/1.0 200 OK\n".utf8), serverPort: 8080))
        #expect(!evaluator.isComplete, "the status line alone must not finish the step")
        evaluator.observe(.received(.client, Array("\nHello from a human web server\n".utf8), serverPort: 8080))
        #expect(!evaluator.isComplete, "the body is typed, but nc has not hung up")
        evaluator.observe(.httpExchange(HTTPExchangeOutcome(status: 200, reason: "OK", headersEnded: true, bodyBytes: 30, port: 8080)))
        #expect(evaluator.isComplete)
    }

    @Test func beingTheServerOnOneLineDoesNotFinishTheStep() throws {
        let catalog = try LessonCatalog.loadValid(folder: TestPaths.shippedLessons)
        let lesson = try #require(catalog.lessons.first { $0.id == "talking-http" })
        let step = try #require(lesson.steps.first { $0.id == "be-the-server" })
        var evaluator = CheckEvaluator()
        evaluator.begin(step)
        let line = "HTTP/1.0 200 OK (an empty line) Hello from a human web server\n"
        evaluator.observe(.received(.client, Array(line.utf8), serverPort: 8080))
        evaluator.observe(.packet(PacketSeen(source: .loopback(8080), destination: .loopback(51234), flags: [.psh, .ack], payload: Array(line.utf8))))
        evaluator.observe(.packet(PacketSeen(source: .loopback(8080), destination: .loopback(51234), flags: [.fin, .ack])))
        evaluator.observe(.httpExchange(HTTPExchangeOutcome(status: 200, reason: "OK (an empty line) Hello from a human web server",
                                                         headersEnded: false, curlError: 18,
                                                         errorMessage: "transfer closed before the response was complete", port: 8080)))
        #expect(!evaluator.isComplete, "curl said (18): it never saw the empty line")
        #expect(step.hints.contains { $0.spans.map(\.text).joined().contains("curl: (18)") })
    }

    @Test func theTLSLessonReplaysTheShippedRecording() throws {
        let catalog = try LessonCatalog.loadValid(folder: TestPaths.shippedLessons)
        let lesson = try #require(catalog.lessons.first { $0.id == "watching-packets" })
        let recording = try #require(lesson.recording)
        #expect(URL(fileURLWithPath: recording.path).lastPathComponent == "tls-on-loopback.pcap")
        // The pane already says "Replaying a recording:"; the label says what was recorded.
        #expect(recording.label.hasPrefix("curl fetching https://localhost:18443/"))
        let bytes = try Data(contentsOf: URL(fileURLWithPath: recording.path))
        #expect(bytes.count < 16 * 1024)
        #expect(Array(bytes.prefix(4)) == [0xd4, 0xc3, 0xb2, 0xa1])
        // The page said "swordfish"; encrypted, it must not appear anywhere in the capture.
        #expect(!Array(bytes).containsSubsequence(Array("swordfish".utf8)))
        #expect(Array(bytes).containsSubsequence(Array("localhost".utf8)))
        #expect(lesson.steps.contains { $0.replaysRecording })
    }

    /// A command ending in "..." right before a full stop reads as four dots on screen.
    @Test func noTextRunsAnEllipsisIntoAFullStop() throws {
        let catalog = try LessonCatalog.loadValid(folder: TestPaths.shippedLessons)
        for lesson in catalog.lessons {
            for step in lesson.steps {
                #expect(!step.text.plainText.contains("...."), "\(lesson.id)/\(step.id)")
            }
        }
    }

    @Test func lessonsStateTheMacOSDifferences() throws {
        let catalog = try LessonCatalog.loadValid(folder: TestPaths.shippedLessons)
        let macOSNotes = catalog.lessons.flatMap(\.steps).compactMap(\.macOSNote?.plainText).joined(separator: "\n")
        #expect(macOSNotes.contains("lo0"))
        #expect(macOSNotes.contains("netstat -f inet -n"))
        let allText = catalog.lessons.flatMap(\.steps).map(\.text.plainText).joined(separator: "\n")
        for command in ["nc -l 8080", "telnet localhost 8080", "curl http://localhost:8080", "ss -tn", "tcpdump -A -nn -i lo port 8080", "dst port 8080", "telnet localhost 8088"] {
            #expect(allText.contains(command), "no lesson mentions \(command)")
        }
    }
}
