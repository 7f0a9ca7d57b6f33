import Foundation
import Testing

/// Runs the built porttutor in a real terminal (a detached tmux session on a private
/// server), types keys into it and reads the screen back, as a person would.
final class TmuxSession {
    let socketName: String
    let target = "e2e"
    /// The session's private progress folder, removed with the session.
    let stateHome: String

    /// Starts `arguments` under a shell that, when porttutor exits, prints its status and
    /// the terminal modes (`stty -a`) so tests can check the terminal was restored.
    /// `launcher` comes before the binary (`setpriv ...` to run it as another user);
    /// `binary` replaces the build's own (a copy another user may run, or a copy alone in a
    /// folder); `directory` is the folder it starts in.
    init(_ arguments: [String] = [], columns: Int = 80, rows: Int = 24, environment: [String: String] = [:],
         launcher: [String] = [], binary: String? = nil, directory: String? = nil,
         socketPrefix: String = "porttutor-e2e", tmuxConfig: String? = nil) throws {
        socketName = "\(socketPrefix)-\(getpid())-\(UUID().uuidString.prefix(8))"
        let binary = binary ?? Self.binaryPath
        // Each session keeps its progress in a folder of its own, never the user's.
        stateHome = FileManager.default.temporaryDirectory.appendingPathComponent("\(socketName)-state").path
        var environment = environment
        if environment["XDG_STATE_HOME"] == nil { environment["XDG_STATE_HOME"] = stateHome }
        let env = environment.map { "\($0.key)=\(Self.quote($0.value))" }.joined(separator: " ")
        let command = "\(env) \((launcher + [binary]).map(Self.quote).joined(separator: " ")) \(arguments.map(Self.quote).joined(separator: " ")); " +
            "echo \"EXIT=$?\"; stty -a | tr '\\n' ' '; echo; echo STTY-DONE; exec sleep 600"
        // A tmux configuration of the test's own (the terminal's colours), else none.
        var configPath = "/dev/null"
        if let tmuxConfig {
            configPath = stateHome + ".tmux.conf"
            try tmuxConfig.write(toFile: configPath, atomically: true, encoding: .utf8)
        }
        try tmux(["-f", configPath, "new-session", "-d", "-s", target, "-x", "\(columns)", "-y", "\(rows)"]
                 + (directory.map { ["-c", $0] } ?? []) + ["sh", "-c", command])
        // A fixed size regardless of any client: the window is what we say it is.
        _ = try? tmux(["set-option", "-t", target, "window-size", "manual"])
    }

    deinit {
        // Belt and braces beside Command's clean signal mask: end the pane's whole process
        // group, so no porttutor outlives its test holding ports.
        if let shell = try? tmux(["display-message", "-p", "-t", target, "#{pane_pid}"]),
           let pid = Int32(shell.trimmingCharacters(in: .whitespacesAndNewlines)), pid > 1 {
            kill(-pid, SIGKILL)
        }
        _ = try? tmux(["kill-server"])
        try? FileManager.default.removeItem(atPath: stateHome)
        try? FileManager.default.removeItem(atPath: stateHome + ".tmux.conf")
    }

    /// The porttutor binary: PORTTUTOR_BIN, or the debug build in this checkout.
    static var binaryPath: String {
        if let path = ProcessInfo.processInfo.environment["PORTTUTOR_BIN"] { return path }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug/porttutor").path
    }

    static func quote(_ s: String) -> String {
        "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// Runs one tmux command and returns what it printed.
    @discardableResult
    func tmux(_ args: [String]) throws -> String {
        let result = try Command.run(["tmux", "-L", socketName] + args)
        if result.status != 0 {
            throw TmuxError(message: "tmux \(args.joined(separator: " ")): \(result.output)")
        }
        return result.output
    }

    /// Sends tmux key names (`Tab`, `F1`, `C-c`, `Enter`) or, with `literal`, text as typed.
    func send(_ keys: String..., literal: Bool = false) throws {
        try tmux(["send-keys", "-t", target] + (literal ? ["-l"] : []) + keys)
    }

    func type(_ text: String) throws { try send(text, literal: true) }

    /// The screen as text, one line per row.
    func screen() throws -> String {
        try tmux(["capture-pane", "-p", "-t", target])
    }

    /// The screen with its colours and attributes, as escape sequences (`capture-pane -e`).
    func screenWithColours() throws -> String {
        try tmux(["capture-pane", "-e", "-p", "-t", target])
    }

    func resize(columns: Int, rows: Int) throws {
        try tmux(["resize-window", "-t", target, "-x", "\(columns)", "-y", "\(rows)"])
    }

    /// The process id of porttutor inside the pane.
    func porttutorPID() throws -> Int32 {
        let shell = try tmux(["display-message", "-p", "-t", target, "#{pane_pid}"])
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let children = try String(contentsOfFile: "/proc/\(shell)/task/\(shell)/children", encoding: .utf8)
        guard let pid = children.split(separator: " ").first.flatMap({ Int32($0) }) else {
            throw TmuxError(message: "porttutor is not running under shell \(shell)")
        }
        return pid
    }

    /// Waits until the screen satisfies `condition` (or fails the test after `seconds`).
    /// This is a wait for an event, not a timing assertion.
    @discardableResult
    func waitFor(_ description: String, seconds: Double = 15,
                 sourceLocation: SourceLocation = #_sourceLocation,
                 _ condition: (String) -> Bool) throws -> String {
        let deadline = Date().addingTimeInterval(seconds)
        var last = ""
        var previous: String?
        while Date() < deadline {
            last = try screen()
            // porttutor writes a frame in pieces, and a capture can catch one half drawn
            // (the new top, the old bottom): a match counts once the screen holds still.
            if condition(last) && last == previous { return last }
            previous = last
            usleep(50_000)
        }
        Issue.record("timed out waiting for \(description); the screen was:\n\(last)", sourceLocation: sourceLocation)
        throw TmuxError(message: "timed out waiting for \(description)")
    }

    @discardableResult
    func waitFor(text: String, seconds: Double = 15, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        try waitFor("\"\(text)\"", seconds: seconds, sourceLocation: sourceLocation) { $0.contains(text) }
    }

    /// The presenter's Space until `text` shows: on an open question the first Space
    /// reveals the answer (`Revealed: Space goes on.`), and the next one goes on.
    func presenterNext(until text: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        try send("Space")
        let screen = try waitFor("\"\(text)\" or a revealed answer", sourceLocation: sourceLocation) {
            $0.contains(text) || $0.contains("Revealed: Space goes on.")
        }
        if !screen.contains(text) {
            try send("Space")
            try waitFor(text: text, sourceLocation: sourceLocation)
        }
    }

    /// Waits for porttutor to exit; returns its exit line and the `stty -a` line.
    func waitForExit(sourceLocation: SourceLocation = #_sourceLocation) throws -> (status: String, stty: String) {
        let text = try waitFor("porttutor to exit", sourceLocation: sourceLocation) { $0.contains("STTY-DONE") }
        let joined = text.replacingOccurrences(of: "\n", with: "")
        let status = text.split(separator: "\n").first { $0.hasPrefix("EXIT=") }.map(String.init) ?? ""
        return (status, joined)
    }
}

struct TmuxError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

/// `stty -a` shows `echo` and `icanon` (not `-echo`, `-icanon`) on a sane terminal.
func terminalIsSane(_ stty: String) -> Bool {
    let words = Set(stty.split(whereSeparator: { $0 == " " || $0 == ";" }).map(String.init))
    return words.contains("echo") && words.contains("icanon") && !words.contains("-echo") && !words.contains("-icanon")
}
