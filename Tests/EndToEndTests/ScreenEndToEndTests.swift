import Foundation
import Testing

/// The built binary in a real terminal: panes, focus, zoom, help, resize, quitting.
@Suite(.serialized) struct ScreenEndToEndTests {
    static let titles = ["1 Lesson", "2 Listener", "3 Client", "4 Connections", "5 Packets"]

    @Test func startsMovesFocusZoomsHelpsResizesAndQuits() throws {
        let tmux = try TmuxSession(columns: 80, rows: 24)
        let first = try tmux.waitFor(text: "5 Packets")
        for title in Self.titles { #expect(first.contains(title), "\(title) missing at 80x24") }
        #expect(first.contains("▶1 Lesson"), "the Lesson pane has focus first")

        try tmux.send("Tab")
        try tmux.waitFor(text: "▶2 Listener")
        try tmux.send("BTab")
        try tmux.waitFor(text: "▶1 Lesson")
        try tmux.send("M-4")
        try tmux.waitFor(text: "▶4 Connections")

        try tmux.send("F2")
        let zoomed = try tmux.waitFor("zoomed Connections alone") { !$0.contains("1 Lesson") && $0.contains("▶4 Connections") }
        #expect(!zoomed.contains("5 Packets"))
        try tmux.send("F2")
        try tmux.waitFor(text: "5 Packets")

        try tmux.send("F1")
        try tmux.waitFor(text: "Keys (any key closes)")
        try tmux.send("x")
        try tmux.waitFor("help closed") { !$0.contains("Keys (any key closes)") }

        try tmux.resize(columns: 120, rows: 40)
        let wide = try tmux.waitFor("a 120-column screen") { $0.split(separator: "\n").first?.count ?? 0 >= 119 }
        for title in Self.titles { #expect(wide.contains(title), "\(title) missing at 120x40") }
        try tmux.resize(columns: 40, rows: 20)
        try tmux.waitFor("the stacked layout") { s in
            Self.titles.allSatisfy(s.contains) && (s.split(separator: "\n").first?.count ?? 99) <= 40
        }
        try tmux.resize(columns: 25, rows: 8)
        try tmux.waitFor(text: "Terminal too small")
        try tmux.resize(columns: 80, rows: 24)
        try tmux.waitFor(text: "5 Packets")

        try tmux.send("F10")
        let exit = try tmux.waitForExit()
        #expect(exit.status == "EXIT=0")
        #expect(terminalIsSane(exit.stty), "terminal left in raw mode: \(exit.stty)")
    }

    @Test func typingAtAPromptEditsAndEchoes() throws {
        let tmux = try TmuxSession(columns: 120, rows: 40)
        try tmux.waitFor(text: "5 Packets")
        try tmux.send("M-5")
        try tmux.type("tcpdump -Q 8O8O")
        try tmux.send("BSpace", "BSpace", "BSpace", "BSpace")
        try tmux.type("8080")
        try tmux.waitFor(text: "$ tcpdump -Q 8080")
        try tmux.send("Enter")
        try tmux.waitFor(text: "Understood:")
        try tmux.send("Up")
        try tmux.waitFor("the command recalled from history") { s in
            s.components(separatedBy: "$ tcpdump -Q 8080").count - 1 >= 2
        }
        try tmux.send("C-q")
        #expect(terminalIsSane(try tmux.waitForExit().stty))
    }

    @Test func mouseClickFocusesAPane() throws {
        let tmux = try TmuxSession(columns: 80, rows: 24)
        try tmux.waitFor(text: "5 Packets")
        // An X10 mouse report: button 1 pressed at column 10, row 20 (1-based, plus 32).
        try tmux.type("\u{1B}[M \(UnicodeScalar(32 + 10)!)\(UnicodeScalar(32 + 20)!)")
        try tmux.waitFor(text: "▶5 Packets")
        try tmux.send("F10")
        _ = try tmux.waitForExit()
    }

    @Test(arguments: ["C-c", "SIGTERM", "SIGHUP", "SIGINT"])
    func everyWayOutRestoresTheTerminal(_ way: String) throws {
        let tmux = try TmuxSession(columns: 80, rows: 24)
        try tmux.waitFor(text: "5 Packets")
        if way.hasPrefix("SIG") {
            let signal: Int32 = way == "SIGTERM" ? SIGTERM : way == "SIGHUP" ? SIGHUP : SIGINT
            kill(try tmux.porttutorPID(), signal)
        } else {
            try tmux.send(way)
        }
        let exit = try tmux.waitForExit()
        // A signal ends porttutor with 128 + its number, as shells expect; Ctrl-C is a key.
        let status = way == "SIGTERM" ? 143 : way == "SIGHUP" ? 129 : way == "SIGINT" ? 130 : 0
        #expect(exit.status == "EXIT=\(status)", "\(way)")
        #expect(terminalIsSane(exit.stty), "\(way) left the terminal broken: \(exit.stty)")
        let screen = try tmux.screen()
        #expect(!screen.contains("5 Packets"), "the normal screen is back after \(way)")
    }

    @Test func aCrashStillRestoresTheTerminal() throws {
        let tmux = try TmuxSession(columns: 80, rows: 24)
        try tmux.waitFor(text: "5 Packets")
        kill(try tmux.porttutorPID(), SIGSEGV)
        let exit = try tmux.waitForExit()
        #expect(exit.status != "EXIT=0")
        #expect(terminalIsSane(exit.stty), "a crash left the terminal broken: \(exit.stty)")
    }

    @Test func withoutATerminalItSaysWhatItNeeds() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: TmuxSession.binaryPath)
        process.arguments = []
        let err = Pipe()
        process.standardError = err
        process.standardOutput = Pipe()
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationStatus != 0)
        #expect(message.contains("needs a terminal"))
    }
}
