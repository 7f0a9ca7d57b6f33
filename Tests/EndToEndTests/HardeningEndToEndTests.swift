import Foundation
import Testing

/// issue 14's loop and signals, on the built binary in a real terminal.
///
/// Ports: 18571-18579, the web server on 18589 (other suites run at the same time).
@Suite(.serialized) struct HardeningEndToEndTests {
    /// After a flood the "… N not shown" line appears, and then the loop goes back to
    /// sleep: no timer left behind (a deadline recomputed as now + 250 ms woke it 4 times a
    /// second for ever). Counted as the main thread's voluntary context switches (each sleep
    /// in poll is one), in a network namespace of porttutor's own, where a shell beside it
    /// sends the flood as soon as the listener takes connections.
    @Test func afterAFloodTheSummaryShowsAndTheLoopSleepsAgain() throws {
        let port = 18571
        let isolated = (try? Command.run(["unshare", "--net", "true"]).status) == 0
        let flood = "until exec 3<>/dev/tcp/127.0.0.1/\(port); do sleep 0.2; done 2>/dev/null; yes | head -c 2000000 >&3"
        let launcher = isolated
            ? ["unshare", "--net", "sh", "-c", "ip link set lo up; bash -c '\(flood)' & exec \"$0\" \"$@\""]
            : []
        let tmux = try TmuxSession(["tutor", "--web-port", "18587"], columns: 160, rows: 50, launcher: launcher)
        try tmux.waitFor("all five panes") { s in PanesEndToEndTests.titles.allSatisfy(s.contains) }
        try tmux.run("nc -l \(port)", in: .listener)
        try tmux.waitFor(.listener, contains: "Listening on 127.0.0.1 \(port)")
        if !isolated { try floodLoopback(port: UInt16(port), bytes: 2 << 20) }
        try tmux.waitFor(.listener, contains: "not shown")
        try tmux.focus(.lesson)
        let woken = try Self.wakeUps(of: tmux, over: 6)
        #expect(woken <= (isolated ? 6 + 4 : 6 * 3), "after the flood porttutor woke \(woken) times in 6 s")
        try tmux.quitAndCheckTerminal()
    }

    /// An idle porttutor wakes about once a second: its tick, the socket table's refresh
    /// and the rest keep one beat (they drifted apart, two wake-ups a second). Measured in a
    /// network namespace of its own, so no other test's loopback traffic wakes its capture.
    @Test func anIdlePorttutorWakesAboutOnceASecond() throws {
        let isolated = (try? Command.run(["unshare", "--net", "true"]).status) == 0
        let launcher = isolated ? ["unshare", "--net", "sh", "-c", "ip link set lo up; exec \"$0\" \"$@\""] : []
        let tmux = try TmuxSession(["tutor", "--web-port", "18588"], columns: 80, rows: 24, launcher: launcher)
        try tmux.waitFor(text: "5 Packets")
        let woken = try Self.wakeUps(of: tmux, over: 6)
        #expect(woken <= (isolated ? 6 + 4 : 6 * 2 + 4), "an idle porttutor woke \(woken) times in 6 s")
        try tmux.quitAndCheckTerminal()
    }

    /// porttutor wide enough for every pane, its web server on this suite's port.
    static func session(_ arguments: [String] = []) throws -> TmuxSession {
        let tmux = try TmuxSession(["tutor", "--web-port", "18589"] + arguments, columns: 160, rows: 50)
        try tmux.waitFor("all five panes") { s in PanesEndToEndTests.titles.allSatisfy(s.contains) }
        return tmux
    }

    /// Voluntary context switches of porttutor's main thread over `seconds`, after 2 s to settle.
    static func wakeUps(of tmux: TmuxSession, over seconds: UInt32) throws -> Int {
        let pid = try tmux.porttutorPID()
        sleep(2)
        let before = try voluntarySwitches(pid)
        sleep(seconds)
        return try voluntarySwitches(pid) - before
    }

    /// Every signal that ends porttutor leaves the terminal as it found it: modes (stty),
    /// the normal screen, the cursor, no mouse reporting and no keypad mode (tmux's own
    /// record of the pane's modes says so). The ones that ask it to quit (SIGTERM, SIGHUP,
    /// SIGINT, SIGQUIT) end it with 128 + the signal, and SIGQUIT draws no backtrace.
    @Test(arguments: [("SIGTERM", SIGTERM), ("SIGHUP", SIGHUP), ("SIGINT", SIGINT), ("SIGQUIT", SIGQUIT),
                      ("SIGUSR1", SIGUSR1), ("SIGALRM", SIGALRM), ("SIGSEGV", SIGSEGV), ("SIGABRT", SIGABRT)])
    func everySignalLeavesTheTerminalRestored(_ name: String, _ signal: Int32) throws {
        let tmux = try TmuxSession(columns: 80, rows: 24)
        try tmux.waitFor(text: "5 Packets")
        kill(try tmux.porttutorPID(), signal)
        let exit = try tmux.waitForExit()
        #expect(exit.status == "EXIT=\(128 + signal)", "\(name)")
        #expect(terminalIsSane(exit.stty), "\(name) left the terminal broken: \(exit.stty)")
        let modes = try tmux.tmux(["display-message", "-p", "-t", tmux.target,
                                   "alternate=#{alternate_on} keypad=#{keypad_flag} cursorkeys=#{keypad_cursor_flag} "
                                   + "cursor=#{cursor_flag} mouse=#{mouse_any_flag}#{mouse_standard_flag}#{mouse_button_flag}"])
        #expect(modes.trimmingCharacters(in: .whitespacesAndNewlines)
                == "alternate=0 keypad=0 cursorkeys=0 cursor=1 mouse=000", "\(name)")
        let screen = try tmux.screen()
        #expect(!screen.contains("5 Packets"), "the normal screen is back after \(name)")
        #expect(!screen.contains("Backtrace") && !screen.contains("crashed"), "\(name) drew a backtrace:\n\(screen)")
    }

    /// A progress file porttutor cannot use is told in a status-bar line that fits 80
    /// columns, whole, and told again in full on exit; a folder or a FIFO in its place is
    /// named for what it is, and a FIFO does not hang the start.
    @Test(arguments: ["garbage", "folder", "fifo"])
    func anUnusableProgressFileIsToldInEightyColumnsAndAgainOnExit(_ kind: String) throws {
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("porttutor-harden-\(getpid())-\(kind)")
        let folder = state.appendingPathComponent("porttutor")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: state) }
        let file = folder.appendingPathComponent("progress.json").path
        let (notice, detail): (String, String)
        switch kind {
        case "folder":
            #expect(mkdir(file, 0o700) == 0)
            notice = "Progress not saved: progress.json is a folder, not a file (details on exit)."
            detail = "but that is a folder, not a file"
        case "fifo":
            #expect(mkfifo(file, 0o600) == 0)
            notice = "Progress not saved: progress.json is a FIFO, not a file (details on exit)."
            detail = "but that is a FIFO, not a file"
        default:
            try Data("{\"version\": 1, \"lessons\": ".utf8).write(to: URL(fileURLWithPath: file))
            notice = "Saved progress set aside (not valid JSON); details on exit."
            detail = "It was moved to \(folder.path)/progress.json.corrupt-"
        }
        let tmux = try TmuxSession(columns: 80, rows: 24, environment: ["XDG_STATE_HOME": state.path])
        let screen = try tmux.waitFor(text: "5 Packets")
        let bottom = screen.split(separator: "\n", omittingEmptySubsequences: false).last { !$0.isEmpty } ?? ""
        #expect(bottom.contains(notice), "the whole notice on the status bar: \(bottom)")
        try tmux.send("F10")
        _ = try tmux.waitForExit()
        let after = try tmux.tmux(["capture-pane", "-p", "-J", "-t", tmux.target])
        #expect(after.contains(detail), "told again on exit:\n\(after)")
    }

    /// A lesson's pattern that a backtracking engine takes minutes on (`^(a+)+b` against 25
    /// bytes from a peer) costs nothing: the screen stays live and SIGTERM ends porttutor.
    @Test func aHostilePatternCannotFreezeTheLoop() throws {
        let port = 18572
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("porttutor-harden-slow-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try """
            id: slow
            title: Slow
            summary: A pattern that backtracks.
            steps:
              - id: listen
                title: Listen
                pane: listener
                text: Listen, and wait for a b.
                perform: nc -l \(port)
                checks:
                  - received: {by: listener, pattern: '^(a+)+b', port: \(port)}
                hints: [none]
            """.write(to: folder.appendingPathComponent("01-slow.yaml"), atomically: true, encoding: .utf8)
        let tmux = try Self.session(["--lessons", folder.path])
        try tmux.run("nc -l \(port)", in: .listener)
        try tmux.waitFor(.listener, contains: "Listening on 127.0.0.1 \(port)")
        try sendLine(String(repeating: "a", count: 25), port: UInt16(port))
        try tmux.waitFor(.listener, contains: String(repeating: "a", count: 25))
        try tmux.focus(.client)  // the screen still answers keys
        kill(try tmux.porttutorPID(), SIGTERM)
        let exit = try tmux.waitForExit()
        #expect(exit.status == "EXIT=143")
    }

    /// Connects, sends one line, and keeps the connection open a moment.
    private func sendLine(_ line: String, port: UInt16) throws {
        let peer = try connectLoopback(port: port)
        defer { close(peer) }
        let bytes = Array((line + "\n").utf8)
        _ = bytes.withUnsafeBytes { send(peer, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        usleep(200_000)
    }

    private func connectLoopback(port: UInt16) throws -> Int32 {
        let peer = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(peer, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { close(peer); throw TmuxError(message: "connect to \(port): errno \(errno)") }
        return peer
    }

    /// Connects to the listener, sends `bytes` and closes.
    private func floodLoopback(port: UInt16, bytes: Int) throws {
        let peer = try connectLoopback(port: port)
        defer { close(peer) }
        let chunk = [UInt8](repeating: UInt8(ascii: "y"), count: 64 * 1024)
        var sent = 0
        while sent < bytes {
            let n = chunk.withUnsafeBytes { send(peer, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { throw TmuxError(message: "send: errno \(errno)") }
            sent += n
        }
    }

    /// The main thread's voluntary context switches (/proc/PID/status).
    static func voluntarySwitches(_ pid: Int32) throws -> Int {
        let status = try String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix("voluntary_ctxt_switches:") }),
              let value = Int(line.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) else {
            throw TmuxError(message: "no voluntary_ctxt_switches in /proc/\(pid)/status")
        }
        return value
    }
}
