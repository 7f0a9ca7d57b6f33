import Foundation
import TestSupport

/// Runs a program to completion with posix_spawn and waitpid, its output captured in a
/// file. (Not Foundation's Process: a daemon the program starts, like the tmux server,
/// would hold a pipe open for ever, and Process's own reaping was seen to hang here.)
/// Every program starts through `spawn`, clean of the test runner's signals and descriptors.
enum Command {
    struct Result {
        var status: Int32
        var output: String
    }

    static func run(_ argv: [String], input: String? = nil) throws -> Result {
        let outputPath = FileManager.default.temporaryDirectory
            .appendingPathComponent("porttutor-cmd-\(getpid())-\(UUID().uuidString)").path
        defer { unlink(outputPath) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let pid = try spawn(argv, actions: &actions)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let output = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        let exited = status & 0x7F == 0
        return Result(status: exited ? (status >> 8) & 0xFF : 128 + (status & 0x7F), output: output)
    }

    /// Starts `argv` with `actions`, clean of the test runner's signals and descriptors
    /// (``SpawnHygiene/spawn(_:actions:)``): the tmux server lives on after the test and
    /// would keep copies of whatever other suites had open, and a tmux server started with
    /// the runner's signal mask never finishes `kill-server`.
    static func spawn(_ argv: [String], actions: inout posix_spawn_file_actions_t) throws -> pid_t {
        do {
            return try SpawnHygiene.spawn(argv, actions: &actions)
        } catch let failed as SpawnHygiene.SpawnFailed {
            throw TmuxError(message: failed.description)
        }
    }
}
