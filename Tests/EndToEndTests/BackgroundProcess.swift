import Foundation
import TestSupport
#if canImport(Glibc)
import Glibc
#endif
import Testing

/// A real program the test runs beside porttutor (`nc -l`, `nc`, `curl`): its standard
/// input is a pipe the test writes to, its output goes to a file the test reads. Stopped
/// (SIGTERM, then reaped) when the test lets go of it.
final class BackgroundProcess {
    let argv: [String]
    let pid: pid_t
    private var input: Int32
    private let outputPath: String
    private var exitStatus: Int32?

    init(_ argv: [String]) throws {
        // A peer that goes away must not kill the test runner with SIGPIPE.
        SpawnHygiene.ignoreBrokenPipes()
        self.argv = argv
        outputPath = FileManager.default.temporaryDirectory
            .appendingPathComponent("porttutor-bg-\(getpid())-\(UUID().uuidString)").path
        var fds: [Int32] = [-1, -1]
        // Close-on-exec, so no other child (the tmux server) keeps this program's input open.
        guard pipe(&fds) == 0 else { throw TmuxError(message: "pipe: errno \(errno)") }
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, fds[0], 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let child: pid_t
        do {
            child = try Command.spawn(argv, actions: &actions)
        } catch {
            close(fds[0])
            close(fds[1])
            throw error
        }
        close(fds[0])
        pid = child
        input = fds[1]
    }

    deinit {
        stop()
        unlink(outputPath)
    }

    /// Writes to the program's standard input.
    func write(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { Glibc.write(input, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw TmuxError(message: "writing to \(argv[0]): errno \(errno)") }
            offset += n
        }
    }

    func write(_ text: String) throws { try write(Array(text.utf8)) }

    /// Ends the program's standard input (EOF).
    func closeInput() {
        if input >= 0 { close(input) }
        input = -1
    }

    /// Everything the program has printed so far (standard output and error).
    var output: String {
        (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
    }

    /// Waits until the program has printed `text` (or fails the test after `seconds`).
    @discardableResult
    func waitForOutput(_ text: String, seconds: Double = 15,
                       sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            let now = output
            if now.contains(text) { return now }
            usleep(50_000)
        }
        Issue.record("timed out waiting for \(argv[0]) to print \"\(text)\"; it printed:\n\(output)",
                     sourceLocation: sourceLocation)
        throw TmuxError(message: "timed out waiting for \(argv.joined(separator: " ")) to print \(text)")
    }

    /// Waits for the program to exit by itself; returns its exit status (128+N for signal N),
    /// or nil if it still runs after `seconds`.
    func waitForExit(seconds: Double = 15) -> Int32? {
        if let exitStatus { return exitStatus }
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            var status: Int32 = 0
            let reaped = waitpid(pid, &status, WNOHANG)
            if reaped == pid {
                let exited = status & 0x7F == 0
                exitStatus = exited ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
                return exitStatus
            }
            if reaped < 0 && errno != EINTR { return nil }
            usleep(50_000)
        }
        return nil
    }

    /// Stops the program if it still runs.
    func stop() {
        closeInput()
        guard exitStatus == nil else { return }
        kill(pid, SIGTERM)
        if waitForExit(seconds: 5) == nil {
            kill(pid, SIGKILL)
            _ = waitForExit(seconds: 5)
        }
    }
}

/// Waits until something listens on TCP `port` on 127.0.0.1, as `ss` sees it.
func waitUntilListening(port: Int, seconds: Double = 15, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        let result = try Command.run(["ss", "-Htln", "sport = :\(port)"])
        if result.output.contains(":\(port)") { return }
        usleep(50_000)
    }
    Issue.record("nothing listens on port \(port)", sourceLocation: sourceLocation)
    throw TmuxError(message: "nothing listens on port \(port)")
}
