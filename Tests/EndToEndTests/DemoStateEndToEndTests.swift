import Foundation
import Testing

/// Demo mode's state is the presenter's, at 64x20, 80x24 and 160x45: a rehearsal leaves
/// the learner's progress alone and the talk starts again at step 1; going back from the
/// end of lesson 2 to step 3 sets the panes up for it (nc listening, telnet connected)
/// instead of typing into a shell; `a` reveals a question's answer to the room.
///
/// Ports: a copy of the lessons on 18610 (nc), 18611 (the web server) and 18612 (the
/// on-your-own port), one session at a time.
@Suite(.serialized) struct DemoStateEndToEndTests {
    static let sizes = ["64x20", "80x24", "160x45"]
    static let ports = ["8080": 18610, "8088": 18611, "9090": 18612]

    static func size(_ name: String) -> (columns: Int, rows: Int) {
        let parts = name.split(separator: "x").compactMap { Int($0) }
        return (parts[0], parts[1])
    }

    @Test(arguments: sizes)
    func rehearseGoBackRevealThenPresent(_ sizeName: String) throws {
        let (columns, rows) = Self.size(sizeName)
        let lessons = try LessonsCopy.make(tag: "dstate", ports: Self.ports)
        defer { try? FileManager.default.removeItem(at: lessons) }
        let stateHome = lessons.appendingPathComponent("state")
        let progressFile = stateHome.appendingPathComponent("porttutor/progress.json")
        try FileManager.default.createDirectory(at: progressFile.deletingLastPathComponent(), withIntermediateDirectories: true)
        let saved = #"{"lastLesson":"talking-to-yourself","lessons":{"talking-to-yourself":{"completed":["start-listener"],"skipped":[],"current":"client-to-listener","finished":false}}}"#
        try saved.write(to: progressFile, atomically: true, encoding: .utf8)
        let arguments = ["--demo", "talking-to-yourself", "--lessons", lessons.path, "--web-port", "18611"]
        let environment = ["XDG_STATE_HOME": stateHome.path]
        let check = ScreenCheck(columns: columns, rows: rows, size: sizeName)

        // The rehearsal opens at step 1 though the learner is at step 3.
        let rehearsal = try TmuxSession(arguments, columns: columns, rows: rows, environment: environment)
        var screen = try rehearsal.waitFor(text: "DEMO · 2.1")
        check.fits(screen, step: "2.1")
        for _ in 0..<5 { try rehearsal.send("+") }
        try rehearsal.waitFor(text: "80 cps")

        // Straight to the on-your-own step: set up (the whole conversation replayed), then done.
        try rehearsal.send("g", "7", "Enter")
        try rehearsal.waitFor(text: "DEMO · 2.7")
        try rehearsal.waitFor("the 9090 conversation done", seconds: 40) {
            $0.contains("✔ the connection to port 18612 is closed") && !$0.contains("SETTING UP")
        }

        // Back four steps, as a presenter pressing Page Up: step 3 needs nc listening and
        // telnet connected, not the state the end of the lesson left.
        for _ in 0..<4 { try rehearsal.send("PPage") }
        screen = try rehearsal.waitFor(text: "DEMO · 2.3")
        check.showsTitle("Type from the client", number: 3, of: 7, in: screen)
        screen = try rehearsal.waitFor("step 3 set up, then its own line sent", seconds: 30) { s in
            guard let listener = ScreenCheck.pane("Listener", in: s), let client = ScreenCheck.pane("Client", in: s) else { return false }
            return !s.contains("SETTING UP") && listener.contains("hello from telnet") && client.contains("hello from telnet")
                && s.contains("✔ the listener receives your line")
        }
        check.fits(screen, step: "2.3 after going back")
        #expect(!screen.contains("command not found"), "nothing typed into a shell that no longer fits:\n\(screen)")
        #expect(!screen.contains("9090"), "the end of the lesson's panes are gone:\n\(screen)")
        #expect(ScreenCheck.pane("Listener", in: screen)?.contains("connected to 127.0.0.1") == true, "nc has its caller:\n\(screen)")
        #expect(ScreenCheck.pane("Client", in: screen)?.contains("connected to 127.0.0.1:18610") == true, "telnet is connected:\n\(screen)")

        // The question two steps on, revealed to the room with a.
        try rehearsal.send("Space")
        try rehearsal.waitFor(text: "DEMO · 2.4")
        try rehearsal.waitFor(text: "✔ the client receives your line")
        try rehearsal.send("Space")
        screen = try rehearsal.waitFor(text: "Question: Which IPv4 address")
        #expect(!screen.contains("Answer:"))
        #expect(ScreenCheck.pane("Client", in: screen)?.contains("Trying 127.0.0.1") == true,
                "the pane the question is about is on screen:\n\(screen)")
        try rehearsal.send("a")
        screen = try rehearsal.waitFor(text: "Answer: 127.0.0.1")
        check.fits(screen, step: "2.5 revealed")
        #expect(screen.contains("Why: Every address"), "the why, too:\n\(screen)")
        try rehearsal.send("Space")
        try rehearsal.waitFor(text: "DEMO · 2.6")
        try rehearsal.send("q")
        _ = try rehearsal.waitForExit()
        #expect(try String(contentsOf: progressFile, encoding: .utf8) == saved, "the learner's progress is untouched")

        // The talk itself starts at step 1 again.
        let talk = try TmuxSession(arguments, columns: columns, rows: rows, environment: environment)
        screen = try talk.waitFor(text: "DEMO · 2.1")
        check.showsTitle("Start a listener with nc", number: 1, of: 7, in: screen)
        try talk.send("q")
        let exit = try talk.waitForExit()
        #expect(exit.status == "EXIT=0")
        #expect(try String(contentsOf: progressFile, encoding: .utf8) == saved)
    }
}

/// Demo mode run by a user who may not capture (nobody, in a network namespace of its own,
/// so the shipped lessons' ports are free): lesson 5's packet step plays its own recording,
/// titled as one, says why in the Packets title, and ticks from it.
@Suite struct DemoWithoutCaptureEndToEndTests {
    /// Root makes the namespace and drops to nobody, as `setpriv` does for a class machine.
    static var asNobody: [String] {
        ["unshare", "--net", "sh", "-c", #"ip link set lo up && exec "$@""#, "sh"] + LabFixture.asLearner
    }

    @Test(.enabled(if: getuid() == 0, "needs root to make a namespace and become nobody"),
          arguments: DemoStateEndToEndTests.sizes)
    func packetStepsPlayTheirRecording(_ sizeName: String) throws {
        let (columns, rows) = DemoStateEndToEndTests.size(sizeName)
        let check = ScreenCheck(columns: columns, rows: rows, size: sizeName)
        // A copy of porttutor and the lessons nobody may read, with a home of its own.
        let copy = try LabFixture()
        defer { copy.remove() }
        let tmux = try TmuxSession(["--demo", "watching-packets", "--lessons", copy.lessons], columns: columns, rows: rows,
                                   environment: ["HOME": copy.home, "XDG_RUNTIME_DIR": copy.runtime],
                                   launcher: Self.asNobody, binary: copy.binary)
        try tmux.waitFor(text: "DEMO · 5.1")
        for _ in 0..<5 { try tmux.send("+") }
        // Step 3: set up (nc, telnet, the tcpdump a recording stands for), then the line typed.
        try tmux.send("g", "3", "Enter")
        let screen = try tmux.waitFor("the recording of the step's packet played and ticked it", seconds: 40) { s in
            s.contains("DEMO · 5.3") && !s.contains("SETTING UP") && s.contains("✔ a packet carries your line to port 8080")
        }
        check.fits(screen, step: "5.3 without capture")
        let packets = try #require(ScreenCheck.pane("Packets", in: screen), "the Packets pane on screen:\n\(screen)")
        #expect(packets.contains("recordings, capture not allowed: 2 packets"), "titled as a recording, and why:\n\(screen)")
        #expect(ScreenCheck.pane("Client", in: screen)?.contains("my password is swordfish") == true, "typed live:\n\(screen)")
        #expect(!screen.contains("permission"), "no capture error at every tcpdump:\n\(screen)")

        // The recording's header, scrolled back to with [ (Page Up is the clicker's back).
        try tmux.send("5", "[", "[", "[")
        try tmux.waitFor("the recording's line, scrolled back to") { s in
            ScreenCheck.pane("Packets", in: s)?.contains("Replaying a recording: a client's line to nc") == true
        }
        try tmux.send("q")
        #expect(try tmux.waitForExit().status == "EXIT=0")
    }
}
