import TestSupport
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A real program started by a test, with its standard input open for "typing".
///
/// Started clean with ``SpawnHygiene/spawn(_:actions:)``: threads of the test runner block
/// most signals, and a child started with that mask would ignore Ctrl-C (SIGINT) and SIGTERM.
/// Always stopped by its own pid, never by name.
final class RealProcess {
    let pid: pid_t
    private var input: Int32
    private var exited = false

    struct PipeFailed: Error {
        var code: Int32
    }

    init(_ arguments: [String]) throws {
        SpawnHygiene.ignoreBrokenPipes()
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw PipeFailed(code: errno) }
        let devNull = open("/dev/null", O_WRONLY)
        defer {
            close(fds[0])
            close(devNull)
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, fds[0], 0)
        posix_spawn_file_actions_adddup2(&actions, devNull, 1)
        posix_spawn_file_actions_adddup2(&actions, devNull, 2)
        posix_spawn_file_actions_addclose(&actions, fds[1])
        do {
            pid = try SpawnHygiene.spawn(arguments, actions: &actions)
        } catch {
            close(fds[1])
            throw error
        }
        input = fds[1]
        _ = fcntl(input, F_SETFD, FD_CLOEXEC)
    }

    /// Types `text` into the program, as a learner would in its terminal.
    func type(_ text: String) {
        type(bytes: Array(text.utf8))
    }

    func type(bytes: [UInt8]) {
        guard input >= 0 else { return }
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(input, buffer.baseAddress! + offset, buffer.count - offset)
                if written <= 0 { return }
                offset += written
            }
        }
    }

    var isRunning: Bool {
        guard !exited else { return false }
        var status: Int32 = 0
        if waitpid(pid, &status, WNOHANG) == pid { exited = true }
        return !exited
    }

    /// Ctrl-C.
    func interrupt() {
        if isRunning { kill(pid, SIGINT) }
    }

    /// SIGTERM, then SIGKILL if it has not gone after a while; reaps the child.
    func stop() {
        if input >= 0 {
            close(input)
            input = -1
        }
        guard isRunning else { return }
        kill(pid, SIGTERM)
        if !waitUntil(seconds: 3, { !isRunning }) {
            kill(pid, SIGKILL)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
            exited = true
        }
    }

    deinit { stop() }
}

/// Waits for a condition, polling: the tests wait for real programs but never assert on time.
func waitUntil(seconds: Double = 10, _ condition: () throws -> Bool) rethrows -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if try condition() { return true }
        Thread.sleep(forTimeInterval: 0.03)
    }
    return try condition()
}
