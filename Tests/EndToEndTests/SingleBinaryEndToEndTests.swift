import Foundation
import Testing

/// One file is the whole program: the built porttutor copied alone into an empty folder
/// lists its lessons, presents one to its end, exports them for a teacher, and names the
/// commit it was built from, with no lessons folder anywhere near it.
///
/// Ports: the built-in web server on 18601 and 18602 (this suite's range is 18600-18609).
@Suite(.serialized) struct SingleBinaryEndToEndTests {
    static let webPort = 18601

    /// A fresh folder holding only a copy of the built binary.
    static func loneCopy() throws -> (folder: String, binary: String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("porttutor-alone-\(getpid())-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let binary = folder.appendingPathComponent("porttutor")
        try FileManager.default.copyItem(atPath: TmuxSession.binaryPath, toPath: binary.path)
        return (folder.path, binary.path)
    }

    /// Runs the copy from its own folder with no PORTTUTOR_LESSONS and a private state folder.
    static func run(_ arguments: [String], in folder: String) throws -> Command.Result {
        let words = (["./porttutor"] + arguments).map(TmuxSession.quote).joined(separator: " ")
        return try Command.run(["env", "-u", "PORTTUTOR_LESSONS", "XDG_STATE_HOME=\(folder)/state", "sh", "-c",
                                "cd \(TmuxSession.quote(folder)) && \(words)"])
    }

    @Test func aCopyAloneListsItsLessonsAndExportsThem() throws {
        let (folder, _) = try Self.loneCopy()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let alone = try FileManager.default.contentsOfDirectory(atPath: folder)
        #expect(alone == ["porttutor"])

        let list = try Self.run(["list"], in: folder)
        #expect(list.status == 0, "\(list.output)")
        for title in ["What a port is", "Talking to yourself", "Talking HTTP", "Watching packets"] {
            #expect(list.output.contains(title), "list lacks \(title): \(list.output)")
        }
        #expect(!list.output.contains("cannot find"), "\(list.output)")

        let lint = try Self.run(["lint"], in: folder)
        #expect(lint.status == 0 && lint.output.contains("all valid"), "the built-in lessons lint clean: \(lint.output)")

        let version = try Self.run(["--version"], in: folder)
        #expect(version.status == 0)
        let words = version.output.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: " ")
        #expect(words.first == "porttutor" && words.count >= 2 && words[1].allSatisfy { $0.isNumber || $0 == "." }, "\(version.output)")
        // Built from this checkout, so it names a commit.
        #expect(version.output.range(of: #"\(git [0-9a-f]{7,}(-dirty)?\)"#, options: .regularExpression) != nil, "\(version.output)")

        // A teacher's starting point: the lessons and the recording, written out.
        let export = try Self.run(["lessons", "export", "mine"], in: folder)
        #expect(export.status == 0, "\(export.output)")
        let exported = try FileManager.default.contentsOfDirectory(atPath: folder + "/mine").sorted()
        #expect(exported.contains("01-what-is-a-port.yaml") && exported.contains("tls-on-loopback.pcap"), "\(exported)")
        let shipped = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Lessons")
        let shippedNames = try FileManager.default.contentsOfDirectory(atPath: shipped.path).filter { name in
            var isDirectory: ObjCBool = false
            return !name.hasPrefix(".") && FileManager.default.fileExists(atPath: shipped.appendingPathComponent(name).path, isDirectory: &isDirectory) && !isDirectory.boolValue
        }.sorted()
        #expect(exported == shippedNames)
        let recording = try Data(contentsOf: URL(fileURLWithPath: folder + "/mine/tls-on-loopback.pcap"))
        let original = try Data(contentsOf: shipped.appendingPathComponent("tls-on-loopback.pcap"))
        #expect(recording == original)

        // A second export keeps the teacher's edits unless forced.
        let edited = "# my edits\n"
        try edited.write(toFile: folder + "/mine/01-what-is-a-port.yaml", atomically: true, encoding: .utf8)
        let again = try Self.run(["lessons", "export", "mine"], in: folder)
        #expect(again.status == 1 && again.output.contains("01-what-is-a-port.yaml") && again.output.contains("--force"), "\(again.output)")
        let kept = try String(contentsOfFile: folder + "/mine/01-what-is-a-port.yaml", encoding: .utf8)
        #expect(kept == edited)
        let forced = try Self.run(["lessons", "export", "--force", "mine"], in: folder)
        #expect(forced.status == 0, "\(forced.output)")
        let teacher = try Self.run(["list", "--lessons", "mine"], in: folder)
        #expect(teacher.status == 0 && teacher.output.contains("What a port is"), "\(teacher.output)")
    }

    /// Lesson 1 presented to its end by the lone copy, from the lessons inside it.
    @Test func aCopyAlonePresentsALessonToItsEnd() throws {
        let (folder, binary) = try Self.loneCopy()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let tmux = try TmuxSession(["--demo", "1", "--web-port", "\(Self.webPort)"], columns: 80, rows: 24,
                                   environment: ["PORTTUTOR_LESSONS": ""], binary: binary, directory: folder)
        try tmux.waitFor(text: "DEMO · 1.1")
        for step in 2...4 {
            try tmux.presenterNext(until: "DEMO · 1.\(step)")
        }
        try tmux.presenterNext(until: "DEMO · 1.5")
        try tmux.waitFor("ss -tln run, the web server listening") { screen in
            guard let pane = ScreenCheck.pane("Connections", in: screen)?.components(separatedBy: "\n"), pane.count > 2 else { return false }
            return pane[1] == "$ ss -tln" && pane.last == "$" && pane.contains { $0.contains(":\(Self.webPort)") }
        }
        try tmux.presenterNext(until: "DEMO · 1.6")
        try tmux.send("Space")
        try tmux.waitFor(text: "✔ the table lists only the listening sockets")
        try tmux.send("Space")
        try tmux.waitFor(text: "Lesson complete: What a port is")
        try tmux.send("F10")
        let exit = try tmux.waitForExit()
        #expect(exit.status == "EXIT=0", "\(exit.status)")
        let left = try FileManager.default.contentsOfDirectory(atPath: folder)
        #expect(left == ["porttutor"], "the demo wrote nothing beside the binary")
    }

    /// Lesson 5's recording (a TLS exchange) replays from the copy of it inside the binary.
    @Test func aCopyAloneReplaysItsBuiltInRecording() throws {
        let (folder, binary) = try Self.loneCopy()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let tmux = try TmuxSession(["watching-packets", "--web-port", "\(Self.webPort + 1)"],
                                   environment: ["PORTTUTOR_LESSONS": ""], binary: binary, directory: folder)
        try tmux.waitFor(text: "Step 1/10")
        // F5 moves on without doing a step; the eighth step replays the recording.
        for step in 2...8 {
            try tmux.send("F5")
            try tmux.waitFor(text: "Step \(step)/10")
        }
        // Played to its end, the pane shows the client's hello again (the step points at it).
        let screen = try tmux.waitFor(text: "stopped: 19 packets")
        #expect(screen.contains("localhost....."), "the hello's server name, from the recording inside the binary:\n\(screen)")
        try tmux.send("F10")
        _ = try tmux.waitForExit()
    }
}
