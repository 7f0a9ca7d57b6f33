import Foundation
import Testing

/// Demo mode in a real terminal at projector sizes: lessons 1 and 2 presented with the
/// presenter's keys, every step's command typed, its result shown, its check ticked and
/// nothing cut off; then the key list, blanking, zoom, the clock, and a clean exit.
///
/// Ports: other suites run at the same time with the shipped lessons (8080, and the
/// built-in web server on 8088), so these tests run a copy of the lessons on 18540 and
/// the web server on 18548, one session at a time.
@Suite(.serialized) struct DemoEndToEndTests {
    static let listenPort = 18540
    static let webPort = 18548
    static let titles = ["Lesson", "Listener", "Client", "Connections", "Packets"]
    /// A zone with a half-hour offset, so a clock in UTC (or any whole-hour zone) would show.
    static let timeZone = "Asia/Kolkata"

    /// The shipped lessons with their ports moved; the recording is copied alongside.
    static func lessonsFolder() throws -> URL {
        try LessonsCopy.make(tag: "demo", ports: ["8080": listenPort, "8088": webPort])
    }

    static func startDemo(_ lesson: String, columns: Int, rows: Int, lessons: URL) throws -> TmuxSession {
        try TmuxSession(["--demo", lesson, "--lessons", lessons.path, "--web-port", "\(webPort)"],
                        columns: columns, rows: rows, environment: ["TZ": timeZone])
    }

    /// A rehearsal leaves nothing behind: demo mode neither reads the learner's progress
    /// (it opens at lesson 1, step 1, though the learner is halfway through lesson 3) nor
    /// writes it.
    @Test func demoLeavesTheLearnersProgressAlone() throws {
        let lessons = try Self.lessonsFolder()
        defer { try? FileManager.default.removeItem(at: lessons) }
        let stateHome = lessons.appendingPathComponent("state")
        let progressFile = stateHome.appendingPathComponent("porttutor/progress.json")
        try FileManager.default.createDirectory(at: progressFile.deletingLastPathComponent(), withIntermediateDirectories: true)
        let saved = #"{"lastLesson":"talking-http","lessons":{"talking-http":{"completed":["listen-again"],"skipped":[],"current":"curl-request","finished":false}}}"#
        try saved.write(to: progressFile, atomically: true, encoding: .utf8)
        let rehearsal = try TmuxSession(["--demo", "--lessons", lessons.path, "--web-port", "\(Self.webPort)"],
                                        columns: 80, rows: 24, environment: ["TZ": Self.timeZone, "XDG_STATE_HOME": stateHome.path])
        let screen = try rehearsal.waitFor(text: "DEMO · 1.1")
        #expect(screen.contains("Step 1/6: An address and a port"), "demo opens at lesson 1, step 1:\n\(screen)")
        try rehearsal.send("q")
        _ = try rehearsal.waitForExit()
        #expect(try String(contentsOf: progressFile, encoding: .utf8) == saved, "the learner's progress is untouched")
        let files = try FileManager.default.contentsOfDirectory(atPath: progressFile.deletingLastPathComponent().path)
        // Only the presenter's own rehearsal times may be kept beside it (PresenterEndToEndTests).
        #expect(files.filter { $0 != "rehearsal-times.json" } == ["progress.json"], "nothing else was written beside it: \(files)")
    }

    @Test(.serialized, arguments: ["80x24", "64x20"])
    func presentsLessonsOneAndTwo(_ sizeName: String) throws {
        let parts = sizeName.split(separator: "x").compactMap { Int($0) }
        let (columns, rows) = (parts[0], parts[1])
        let lessons = try Self.lessonsFolder()
        defer { try? FileManager.default.removeItem(at: lessons) }
        let tmux = try Self.startDemo("what-is-a-port", columns: columns, rows: rows, lessons: lessons)
        let check = ScreenCheck(columns: columns, rows: rows, size: sizeName)

        var screen = try tmux.waitFor(text: "DEMO · 1.1")
        check.fits(screen, step: "1.1")
        #expect(screen.contains("Step 1/6: An address and a port"), "the first step's title at \(sizeName)")
        #expect(screen.contains("Question: In that picture"), "its question at \(sizeName)")

        // A fast pace: + until the fastest.
        for _ in 0..<5 { try tmux.send("+") }
        try tmux.waitFor(text: "80 cps")

        // The presenter's keys.
        try tmux.send("?")
        screen = try tmux.waitFor(text: "Presenter keys")
        for words in ["Space  →  PgDn  Enter", "blank the screen", "zoom the spotlighted pane", "quit"] {
            #expect(screen.contains(words), "the key list shows \(words) at \(sizeName)")
        }
        check.fits(screen, step: "help", overlay: true)
        try tmux.send("x")
        try tmux.waitFor("the key list closed") { !$0.contains("Presenter keys") && $0.contains("1 Lesson") }

        // Blank, and back with any key.
        try tmux.send("b")
        try tmux.waitFor("a blank screen") { $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
        try tmux.send("x")
        try tmux.waitFor(text: "1 Lesson")

        // The clock: the time of day in porttutor's zone (TZ), and the elapsed time; c hides them.
        try tmux.waitFor("the time of day in \(Self.timeZone) in the status bar", Self.showsTimeOfDay)
        try tmux.send("c")
        try tmux.waitFor("the clock hidden") { !$0.contains("⏱") }
        try tmux.send("c")
        try tmux.waitFor(text: "⏱")

        // Lesson 1: questions read in the Lesson pane (Space, Right and Page Down each
        // move on), then the socket table.
        let questions = ["Ports everyone agrees on", "And for HTTPS", "How many ports are there?"]
        for (index, title) in questions.enumerated() {
            // A question: the first press reveals its answer to the room, the next moves on.
            try tmux.send(["Space", "Right", "NPage"][index])
            try tmux.waitFor(text: "Answer: ")
            try tmux.send(["Space", "Right", "NPage"][index])
            screen = try tmux.waitFor(text: "DEMO · 1.\(index + 2)")
            check.fits(screen, step: "1.\(index + 2)")
            check.showsTitle(title, number: index + 2, of: 6, in: screen)
            #expect(screen.contains("Question:"), "step 1.\(index + 2)'s question at \(sizeName)")
            #expect(!screen.contains("★ here"), "a Lesson step spotlights no pane at \(sizeName)")
        }
        // A question: the first press reveals its answer to the room, the next moves on.
        try tmux.send("Space")
        try tmux.waitFor(text: "Answer: ")
        try tmux.send("Space")
        screen = try tmux.waitFor("ss -tln typed and run in the Connections pane") { s in
            // The pane's first line is the command that made the table (ss -tan before).
            guard let pane = ScreenCheck.pane("Connections", in: s)?.components(separatedBy: "\n"), pane.count > 2 else { return false }
            return pane[1] == "$ ss -tln" && pane.last == "$" && pane.contains { $0.contains("LISTEN") }
                && pane.contains { $0.contains(":\(Self.webPort)") }
        }
        check.fits(screen, step: "1.5")
        check.showsTitle("Listening services", number: 5, of: 6, in: screen)
        #expect(ScreenCheck.pane("Connections", in: screen)?.contains("★ here") == true, "Connections spotlighted at \(sizeName)")
        #expect(screen.contains("Question: Pick any row"), "step 1.5's question at \(sizeName)")

        // The lesson's on-your-own task: the presenter does it live, as Space does.
        // A question: the first press reveals its answer to the room, the next moves on.
        try tmux.send("Space")
        try tmux.waitFor(text: "Answer: ")
        try tmux.send("Space")
        screen = try tmux.waitFor(text: "DEMO · 1.6")
        check.fits(screen, step: "1.6")
        check.showsTitle("On your own: only the listeners", number: 6, of: 6, in: screen)
        try tmux.send("Space")
        screen = try tmux.waitFor(text: "✔ the table lists only the listening sockets")
        try tmux.send("Space")
        screen = try tmux.waitFor(text: "Lesson complete: What a port is")
        check.fits(screen, step: "lesson 1 complete")
        #expect(screen.contains("Press Space for the next lesson"))

        // Lesson 2: real sockets.
        try tmux.send("Space")
        screen = try tmux.waitFor("nc listening, its check ticked") { s in
            guard let listener = ScreenCheck.pane("Listener", in: s) else { return false }
            return listener.contains("$ nc -l \(Self.listenPort)")
                && listener.contains("Listening on 127.0.0.1 \(Self.listenPort)")
                && s.contains("✔ something listens on TCP port \(Self.listenPort)")
        }
        check.fits(screen, step: "2.1")
        check.showsTitle("Start a listener with nc", number: 1, of: 7, in: screen)
        #expect(ScreenCheck.pane("Listener", in: screen)?.contains("▶2 Listener ─★ here") == true,
                "the Listener is spotlighted at \(sizeName):\n\(screen)")

        try tmux.send("Right")
        screen = try tmux.waitFor("telnet connected, its check ticked") { s in
            guard let client = ScreenCheck.pane("Client", in: s) else { return false }
            return client.contains("$ telnet localhost \(Self.listenPort)") && client.contains("Connected to localhost.")
                && s.contains("✔ a connection to port \(Self.listenPort) is established")
        }
        check.fits(screen, step: "2.2")
        check.showsTitle("Call it with telnet", number: 2, of: 7, in: screen)
        #expect(ScreenCheck.pane("Client", in: screen)?.contains("★ here") == true)

        try tmux.send("NPage")
        screen = try tmux.waitFor("the line typed in the Client arrived in the Listener") { s in
            ScreenCheck.pane("Client", in: s)?.contains("hello from telnet") == true
                && ScreenCheck.pane("Listener", in: s)?.contains("hello from telnet") == true
                && s.contains("✔ the listener receives your line")
        }
        check.fits(screen, step: "2.3")
        check.showsTitle("Type from the client", number: 3, of: 7, in: screen)

        try tmux.send("Space")
        screen = try tmux.waitFor("the answer arrived in the Client") { s in
            ScreenCheck.pane("Listener", in: s)?.contains("hello back from nc") == true
                && ScreenCheck.pane("Client", in: s)?.contains("hello back from nc") == true
                && s.contains("✔ the client receives your line")
        }
        check.fits(screen, step: "2.4")
        check.showsTitle("Answer from the listener", number: 4, of: 7, in: screen)

        try tmux.send("Space")
        screen = try tmux.waitFor(text: "Question: Which IPv4 address does localhost stand for?")
        check.fits(screen, step: "2.5")
        check.showsTitle("The number behind localhost", number: 5, of: 7, in: screen)
        #expect(!screen.contains("✔ Done"), "a new step does not start done")

        // A question: the first press reveals its answer to the room, the next moves on.
        try tmux.send("Space")
        try tmux.waitFor(text: "Answer: ")
        try tmux.send("Space")
        screen = try tmux.waitFor("telnet left with Ctrl-] and quit") { s in
            guard let client = ScreenCheck.pane("Client", in: s) else { return false }
            return client.contains("telnet> quit") && client.contains("Connection closed.")
                && s.contains("✔ the connection to port \(Self.listenPort) is closed")
        }
        check.fits(screen, step: "2.6")
        check.showsTitle("Leave telnet", number: 6, of: 7, in: screen)

        // Zoom: the spotlighted pane alone, and back.
        try tmux.send("z")
        screen = try tmux.waitFor("one pane zoomed") { s in
            !s.contains("1 Lesson") && (s.contains("2 Listener") != s.contains("3 Client"))
        }
        check.fits(screen, step: "zoomed")
        try tmux.send("z")
        try tmux.waitFor(text: "1 Lesson")

        try tmux.send("q")
        let exit = try tmux.waitForExit()
        #expect(exit.status == "EXIT=0")
        #expect(terminalIsSane(exit.stty), "demo mode left the terminal broken: \(exit.stty)")
    }

    /// Whether the status bar shows the current time of day in `timeZone` (this minute or
    /// a neighbour: the screen was read a moment ago).
    static func showsTimeOfDay(_ screen: String) -> Bool {
        guard let bar = screen.split(separator: "\n").last(where: { $0.contains("DEMO") }),
              let zone = TimeZone(identifier: timeZone) else { return false }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return [-60.0, 0, 60].contains { offset in
            let parts = calendar.dateComponents([.hour, .minute], from: Date().addingTimeInterval(offset))
            return bar.contains(String(format: "%02d:%02d  ⏱", parts.hour ?? 0, parts.minute ?? 0))
        }
    }
}

/// What every projected screen must be: within its width, every pane title whole, the
/// step's title and place visible.
struct ScreenCheck {
    let columns: Int
    let rows: Int
    let size: String

    /// With `overlay`, a box covers the panes: only the widths and the status bar count.
    func fits(_ screen: String, step: String, overlay: Bool = false, sourceLocation: SourceLocation = #_sourceLocation) {
        let lines = (screen.hasSuffix("\n") ? String(screen.dropLast()) : screen).components(separatedBy: "\n")
        #expect(lines.count <= rows, "more rows than \(size) at \(step)", sourceLocation: sourceLocation)
        for line in lines {
            #expect(line.count <= columns, "a line wider than \(size) at \(step): \(line)", sourceLocation: sourceLocation)
        }
        for line in lines where line.hasPrefix("─ ") && !overlay {
            // "─  2 Listener ─…" or "─ ▶2 Listener ─…": the number and the whole title.
            let afterMarker = line.dropFirst(3)
            guard let digit = afterMarker.first?.wholeNumberValue, (1...5).contains(digit) else { continue }
            let title = "\(digit) \(DemoEndToEndTests.titles[digit - 1])"
            #expect(line.contains(title), "pane title cut at \(step) (\(size)): \(line)", sourceLocation: sourceLocation)
        }
        #expect(lines.contains { $0.hasPrefix(" DEMO · ") && $0.contains("? keys") },
                "the status bar at \(step) (\(size))", sourceLocation: sourceLocation)
    }

    /// The step's title as a heading, or in block letters (then the status bar says where).
    func showsTitle(_ title: String, number: Int, of count: Int, in screen: String,
                    sourceLocation: SourceLocation = #_sourceLocation) {
        let heading = screen.contains("Step \(number)/\(count): \(title)")
        let blockLetters = screen.split(separator: "\n").dropFirst().first?.contains("▀") == true
        #expect(heading || blockLetters, "the title \"\(title)\" at \(size):\n\(screen)", sourceLocation: sourceLocation)
    }

    /// The rows of the pane whose title bar names `title`, down to the next title bar.
    static func pane(_ title: String, in screen: String) -> String? {
        let lines = screen.components(separatedBy: "\n")
        guard let start = lines.firstIndex(where: { $0.hasPrefix("─ ") && $0.contains("\(title) ") }) else { return nil }
        var end = start + 1
        while end < lines.count && !lines[end].hasPrefix("─ ") && !lines[end].hasPrefix(" DEMO") { end += 1 }
        return lines[start..<end].joined(separator: "\n")
    }
}
