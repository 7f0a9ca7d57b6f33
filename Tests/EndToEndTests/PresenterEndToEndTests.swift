import Foundation
import Testing

/// The presenter's side of demo mode and the terminals it meets, with the built binary in
/// tmux: `porttutor notes` in a second terminal following every step, a rehearsal's times
/// shown the next time, `--record` writing an asciicast file, the light and dark projector
/// themes, the clicker's Page keys under TERM=vt100, and TERM=dumb refused with a message.
///
/// Ports 18630-18649: the lessons' 8080 moves to 18630, the web server to 18648. tmux
/// servers are named dpres-…; each test has its own runtime and state folders.
@Suite(.serialized) struct PresenterEndToEndTests {
    static let listenPort = 18630
    static let webPort = 18648
    static let sizes = ["64x20", "80x24", "160x45"]

    /// A test's own folders: the lessons (ports moved), XDG_RUNTIME_DIR and XDG_STATE_HOME.
    struct Folders {
        let lessons: URL
        var runtime: URL { lessons.appendingPathComponent("run") }
        var state: URL { lessons.appendingPathComponent("state") }
        var environment: [String: String] { ["XDG_RUNTIME_DIR": runtime.path, "XDG_STATE_HOME": state.path, "TZ": "UTC"] }

        init() throws {
            lessons = try LessonsCopy.make(tag: "dpres", ports: ["8080": listenPort, "8088": webPort])
            try FileManager.default.createDirectory(at: runtime, withIntermediateDirectories: true)
            chmod(runtime.path, 0o700)
        }

        func remove() { try? FileManager.default.removeItem(at: lessons) }
    }

    static func size(_ name: String) -> (Int, Int) {
        let parts = name.split(separator: "x").compactMap { Int($0) }
        return (parts[0], parts[1])
    }

    static func demo(_ folders: Folders, _ extra: [String] = [], size: String = "80x24",
                     environment: [String: String] = [:], tmuxConfig: String? = nil) throws -> TmuxSession {
        let (columns, rows) = Self.size(size)
        return try TmuxSession(["--demo"] + extra + ["--lessons", folders.lessons.path, "--web-port", "\(webPort)"],
                               columns: columns, rows: rows,
                               environment: folders.environment.merging(environment) { $1 }, socketPrefix: "dpres",
                               tmuxConfig: tmuxConfig)
    }

    /// `porttutor notes` in a second session of the demo's tmux server, 90x30.
    static func startNotes(beside demo: TmuxSession, _ folders: Folders) throws {
        let env = folders.environment.map { "\($0.key)=\(TmuxSession.quote($0.value))" }.joined(separator: " ")
        try demo.tmux(["new-session", "-d", "-s", "notes", "-x", "90", "-y", "30", "sh", "-c",
                       "\(env) \(TmuxSession.quote(TmuxSession.binaryPath)) notes; echo \"NOTES-EXIT=$?\"; exec sleep 600"])
    }

    static func notesScreen(_ demo: TmuxSession) throws -> String {
        try demo.tmux(["capture-pane", "-p", "-t", "notes"])
    }

    /// Waits until the notes terminal satisfies `condition`.
    @discardableResult
    static func waitForNotes(_ demo: TmuxSession, _ description: String, seconds: Double = 15,
                             sourceLocation: SourceLocation = #_sourceLocation, _ condition: (String) -> Bool) throws -> String {
        let deadline = Date().addingTimeInterval(seconds)
        var last = ""
        while Date() < deadline {
            last = try notesScreen(demo)
            if condition(last) { return last }
            usleep(50_000)
        }
        Issue.record("timed out waiting for the notes to show \(description); they showed:\n\(last)", sourceLocation: sourceLocation)
        throw TmuxError(message: "timed out waiting for notes: \(description)")
    }

    /// PgDn finishes a step's typing at once, then moves on: pressed (unhurried, so no
    /// press skips a step) until the status bar shows `status`.
    static func advance(_ demo: TmuxSession, to status: String) throws {
        for _ in 0..<6 {
            try demo.send("NPage")
            let deadline = Date().addingTimeInterval(3)
            while Date() < deadline {
                if try demo.screen().contains(status) { return }
                usleep(50_000)
            }
        }
        try demo.waitFor(text: status, seconds: 1)
    }

    // MARK: porttutor notes

    /// The notes follow every step of lesson 1 as the presenter advances, at each projector
    /// size: the step, its notes or title, what will be typed, the answer, the next step
    /// (which the following page then is), the time; and say when the demo ends.
    @Test(arguments: sizes)
    func notesFollowEveryStepOfALesson(_ size: String) throws {
        let folders = try Folders()
        defer { folders.remove() }
        let demo = try Self.demo(folders, ["what-is-a-port"], size: size)
        try demo.waitFor(text: "DEMO · 1.1")
        try Self.startNotes(beside: demo, folders)
        var expectedTitle: String?
        for step in 1...6 {
            let notes = try Self.waitForNotes(demo, "step \(step)/6") { $0.contains("· step \(step)/6") }
            let lines = notes.split(separator: "\n").map(String.init)
            let title = try #require(lines.first { $0.hasPrefix("▶ ") }).dropFirst(2)
                .replacingOccurrences(of: "  ✔ done", with: "").trimmingCharacters(in: .whitespaces)
            if let expectedTitle { #expect(title == expectedTitle, "the page after \"Next:\" at \(size)") }
            #expect(lines.contains { $0.contains("on this step · planned") }, "the time line at \(size):\n\(notes)")
            #expect(notes.contains("Notes:"), "notes or the title at \(size)")
            #expect(notes.contains("Typed:"), "what will be typed at \(size)")
            let next = try #require(lines.first { $0.hasPrefix("Next: ") }, "the next step at \(size):\n\(notes)")
            if step < 6 {
                #expect(next.hasPrefix("Next: 1.\(step + 1) "))
                expectedTitle = String(next.dropFirst("Next: 1.\(step + 1) ".count))
            } else {
                #expect(next.hasPrefix("Next: Lesson 2: Talking to yourself"), "\(next)")
            }
            if step == 2 {
                #expect(notes.contains("Question: ") && notes.contains("Answer: 80"), "the answer for the presenter:\n\(notes)")
            }
            if step == 6 {
                #expect(notes.contains("Connections: ss -tln"), "the command the autopilot types:\n\(notes)")
            }
            // The demo itself shows the same step.
            try demo.waitFor(text: "DEMO · 1.\(step)")
            if step < 6 {
                try Self.advance(demo, to: "DEMO · 1.\(step + 1)")
            }
        }
        try Self.waitForNotes(demo, "the clock counting") { $0.contains("0:02 on this step") || $0.contains("0:03 on this step") }
        try demo.send("q")
        _ = try demo.waitForExit()
        let ended = try Self.waitForNotes(demo, "the end of the demo") { $0.contains("NOTES-EXIT=") }
        #expect(ended.contains("The demo ended.") && ended.contains("NOTES-EXIT=0"), "\(ended)")
    }

    /// A rehearsal records each step's time; the next demo's notes show it ("rehearsed:").
    /// The notes of a step with notes show them, and the line the autopilot will type.
    @Test func aRehearsalsTimesShowInTheNextDemosNotes() throws {
        let folders = try Folders()
        defer { folders.remove() }
        let rehearsal = try Self.demo(folders, ["talking-to-yourself"])
        try rehearsal.waitFor(text: "DEMO · 2.1")
        try Self.startNotes(beside: rehearsal, folders)
        let first = try Self.waitForNotes(rehearsal, "step 1") { $0.contains("· step 1/7") }
        #expect(first.contains("Point at the Connections pane"), "the step's own notes:\n\(first)")
        #expect(first.contains("Listener: nc -l \(Self.listenPort)"), "what will be typed:\n\(first)")
        #expect(first.contains("not rehearsed yet"))
        try Self.waitForNotes(rehearsal, "four seconds on step 1") { $0.contains("0:04 on this step") }
        try rehearsal.send("q")
        _ = try rehearsal.waitForExit()
        let times = try String(contentsOf: folders.state.appendingPathComponent("porttutor/rehearsal-times.json"), encoding: .utf8)
        #expect(times.contains("talking-to-yourself") && times.contains("start-listener"), "\(times)")

        let presentation = try Self.demo(folders, ["talking-to-yourself"])
        try presentation.waitFor(text: "DEMO · 2.1")
        try Self.startNotes(beside: presentation, folders)
        let notes = try Self.waitForNotes(presentation, "the rehearsed time") { $0.contains("rehearsed: 0:0") }
        #expect(notes.contains("· step 1/7"), "\(notes)")
        try presentation.send("q")
        _ = try presentation.waitForExit()
    }

    @Test func notesWithoutADemoSayWhatToDo() throws {
        let folders = try Folders()
        defer { folders.remove() }
        let env = folders.environment.map { "\($0.key)=\($0.value)" }
        let result = try Command.run(["/usr/bin/env"] + env + [TmuxSession.binaryPath, "notes"])
        #expect(result.status != 0)
        #expect(result.output.contains("No demo is running") && result.output.contains("porttutor --demo"), "\(result.output)")
    }

    // MARK: --record

    /// The recording is an asciicast v2 file: a header with the terminal's size, then
    /// timed output events whose text is what the terminal showed.
    @Test(arguments: sizes)
    func recordWritesAnAsciicastFile(_ size: String) throws {
        let folders = try Folders()
        defer { folders.remove() }
        let cast = folders.lessons.appendingPathComponent("class.cast")
        let demo = try Self.demo(folders, ["--record", cast.path, "what-is-a-port"], size: size)
        try demo.waitFor(text: "DEMO · 1.1")
        // A question: the first Page Down reveals its answer, the next moves on.
        try demo.send("NPage")
        try demo.waitFor(text: "Answer: ")
        try demo.send("NPage")
        try demo.waitFor(text: "DEMO · 1.2")
        // A resize reaches the screen through the recorder, and the recording notes it.
        let (columns, rows) = Self.size(size)
        try demo.resize(columns: columns + 10, rows: rows + 2)
        try demo.waitFor("the screen redrawn \(columns + 10) wide") { screen in
            // The status bar's "? keys" at the new right edge (capture-pane drops the last blank).
            screen.split(separator: "\n").contains { $0.hasPrefix(" DEMO · 1.2") && $0.hasSuffix("? keys") && $0.count >= columns + 9 }
        }
        try demo.send("q")
        let exit = try demo.waitForExit()
        #expect(exit.status == "EXIT=0", "\(exit.status)")
        #expect(terminalIsSane(exit.stty), "the terminal is restored after recording: \(exit.stty)")

        let lines = try String(contentsOf: cast, encoding: .utf8).split(separator: "\n")
        let header = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        #expect(header["version"] as? Int == 2 && header["width"] as? Int == columns && header["height"] as? Int == rows)
        #expect((header["env"] as? [String: String])?["TERM"] != nil && header["timestamp"] is Int)
        var output = ""
        var resizes: [String] = []
        var last = 0.0
        for line in lines.dropFirst() {
            let event = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [Any], "\(line)")
            let time = try #require(event[0] as? Double)
            #expect(time >= last, "times never go back")
            last = time
            #expect(["o", "r"].contains(event[1] as? String))
            if event[1] as? String == "o" { output += try #require(event[2] as? String) }
            if event[1] as? String == "r" { resizes.append(try #require(event[2] as? String)) }
        }
        // Only changed cells are written, so step 2 shows in its own words, not its status.
        #expect(output.contains("DEMO · 1.1") && output.contains("browser"), "the recording holds what the room saw")
        #expect(output.contains("\u{1B}[?1049h"), "from the very first byte (the alternate screen)")
        #expect(resizes.last == "\(columns + 10)x\(rows + 2)", "the resize is recorded: \(resizes)")

        if let asciinema = Self.asciinema {
            // asciinema 2.2's cat opens /dev/tty, which CI (no terminal) lacks: script(1) lends it one.
            let cat = try Command.run(["/usr/bin/env", "ASCIINEMA=\(asciinema)", "CAST=\(cast.path)",
                                       "script", "-qec", "\"$ASCIINEMA\" cat \"$CAST\"", "/dev/null"])
            #expect(cat.status == 0 && cat.output.contains("DEMO · 1.1") && cat.output.contains("browser"),
                    "asciinema cat reads it: \(cat.output.prefix(300))")
        }
    }

    @Test func recordKeepsAFileThatIsNotARecording() throws {
        let folders = try Folders()
        defer { folders.remove() }
        let plan = folders.lessons.appendingPathComponent("lesson-plan.txt")
        try "my lesson plan\n".write(to: plan, atomically: true, encoding: .utf8)
        let result = try Command.run([TmuxSession.binaryPath, "--demo", "--record", plan.path])
        #expect(result.status != 0 && result.output.contains("is not an asciicast recording") && result.output.contains("--force"),
                "\(result.output)")
        #expect(try String(contentsOf: plan, encoding: .utf8) == "my lesson plan\n")
    }

    /// asciinema, where installed (`scripts/install-deps.sh --test` installs it).
    static var asciinema: String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/usr/local/bin"
        return path.split(separator: ":").map { "\($0)/asciinema" }.first(where: FileManager.default.isExecutableFile)
    }

    // MARK: Themes and terminals

    /// `--theme light` paints dark text on white; `--theme dark` does not: tmux's capture
    /// with colours shows the difference.
    @Test func lightAndDarkThemesLookDifferent() throws {
        let folders = try Folders()
        defer { folders.remove() }
        var screens: [String: String] = [:]
        for theme in ["light", "dark"] {
            let demo = try Self.demo(folders, ["--theme", theme, "what-is-a-port"])
            try demo.waitFor(text: "DEMO · 1.1")
            screens[theme] = try demo.screenWithColours()
            try demo.send("q")
            _ = try demo.waitForExit()
        }
        let light = try #require(screens["light"])
        let dark = try #require(screens["dark"])
        let whiteBackground = ["\u{1B}[47m", ";47m", "\u{1B}[30;47m"]
        #expect(whiteBackground.contains { light.contains($0) } && light.contains("30"), "black on white:\n\(light.prefix(400).debugDescription)")
        #expect(!whiteBackground.contains { dark.contains($0) }, "the dark theme paints no white background")
        #expect(light != dark)
    }

    /// `--theme auto` (the default) asks the terminal its background: tmux answers OSC 11
    /// with its window's colour, so a white window gets the light theme; NO_COLOR keeps it
    /// monochrome even then.
    @Test func autoThemeFollowsTheTerminalsBackground() throws {
        let folders = try Folders()
        defer { folders.remove() }
        let white = "set -g window-style bg=white\nset -g window-active-style bg=white\n"
        // swift test sets NO_COLOR=1, which the panes inherit; empty means unset (no-color.org).
        let demo = try Self.demo(folders, ["what-is-a-port"], environment: ["NO_COLOR": ""], tmuxConfig: white)
        try demo.waitFor(text: "DEMO · 1.1")
        let light = try demo.screenWithColours()
        #expect(light.contains("30") && light.contains("47m"), "black on white:\n\(light.prefix(300).debugDescription)")
        try demo.send("q")
        _ = try demo.waitForExit()

        let mono = try Self.demo(folders, ["what-is-a-port"], environment: ["NO_COLOR": "1"], tmuxConfig: white)
        try mono.waitFor(text: "DEMO · 1.1")
        let screen = try mono.screenWithColours()
        let colours = (30...37).map { "[\($0)m" } + (40...47).map { "[\($0)m" } + (30...37).map { ";\($0)m" }
        #expect(!colours.contains { screen.contains($0) } && !screen.contains("47m"), "no colour under NO_COLOR:\n\(screen.prefix(300).debugDescription)")
        try mono.send("q")
        _ = try mono.waitForExit()
    }

    /// vt100's terminfo has no Page keys; a clicker's ESC [ 6 ~ and ESC [ 5 ~ still move.
    @Test func pageKeysWorkUnderVT100() throws {
        let folders = try Folders()
        defer { folders.remove() }
        let demo = try Self.demo(folders, ["what-is-a-port"], environment: ["TERM": "vt100"])
        try demo.waitFor(text: "DEMO · 1.1")
        // A question: the first Page Down reveals its answer, the next moves on.
        try demo.send("NPage")
        try demo.waitFor(text: "Answer: ")
        try demo.send("NPage")
        try demo.waitFor(text: "DEMO · 1.2")
        try demo.send("NPage")
        try demo.waitFor(text: "Answer: ")
        try demo.send("NPage")
        try demo.waitFor(text: "DEMO · 1.3")
        try demo.send("PPage")
        try demo.waitFor(text: "DEMO · 1.2")
        try demo.send("q")
        let exit = try demo.waitForExit()
        #expect(exit.status == "EXIT=0" && terminalIsSane(exit.stty))
    }

    /// TERM=dumb cannot move the cursor: a message saying what to do, a failing status,
    /// and no screen left behind.
    @Test func dumbTerminalIsToldWhatToDo() throws {
        let folders = try Folders()
        defer { folders.remove() }
        let demo = try Self.demo(folders, ["what-is-a-port"], environment: ["TERM": "dumb"])
        let exit = try demo.waitForExit()
        let screen = try demo.screen().replacingOccurrences(of: "\n", with: "")
        #expect(exit.status == "EXIT=1", "\(exit.status)")
        #expect(screen.contains("cannot move its cursor") && screen.contains("TERM=xterm-256color"), "\(screen)")
        #expect(terminalIsSane(exit.stty))
    }
}
