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

    /// Starts `argv` with `actions`, plus the two things every program a test starts needs:
    /// no descriptor inherited beyond 0-2 (the tmux server lives on after the test and would
    /// keep copies of whatever other suites had open, client sockets that then never close),
    /// and every signal at its default with none blocked (the test runner's threads block
    /// most signals; a tmux server started with that mask never finishes `kill-server`, and a
    /// program inherits the runner's ignored SIGPIPE).
    static func spawn(_ argv: [String], actions: inout posix_spawn_file_actions_t) throws -> pid_t {
        SpawnHygiene.closeOthers(&actions)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t(), all = sigset_t()
        sigemptyset(&none)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var pid: pid_t = 0
        let cArgs = argv.map { strdup($0) } + [nil]
        defer { cArgs.forEach { free($0) } }
        let spawned = posix_spawnp(&pid, argv[0], &actions, &attributes, cArgs, environ)
        guard spawned == 0 else {
            throw TmuxError(message: "cannot run \(argv[0]): \(String(cString: strerror(spawned)))")
        }
        return pid
    }
}
