#if canImport(Glibc)
import Glibc
#endif

/// A program a test starts with nothing to read or write (a capture writing to /dev/null),
/// stopped with Ctrl-C (SIGINT) as a learner stops it, by its own pid.
public final class QuietTool {
    public let pid: pid_t
    private var reaped = false

    public init(_ argv: [String]) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        pid = try SpawnHygiene.spawn(argv, actions: &actions)
    }

    /// SIGINT, and SIGKILL if it is still there after a bounded wait; reaps it.
    public func stop() {
        guard !reaped else { return }
        reaped = true
        kill(pid, SIGINT)
        var status: Int32 = 0
        for _ in 0..<100 {
            if waitpid(pid, &status, WNOHANG) == pid { return }
            usleep(30_000)
        }
        kill(pid, SIGKILL)
        waitpid(pid, &status, 0)
    }

    deinit { stop() }
}
