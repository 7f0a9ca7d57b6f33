#if canImport(Glibc)
import Glibc
#endif

/// What every test that starts long-lived tools needs, as suites run in parallel in one
/// process. Shared by the suites that spawn real programs (nc, telnet, tcpdump, tmux).
public enum SpawnHygiene {
    typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
    /// glibc ≥ 2.34; Swift's Glibc module hides it, so it is looked up by name.
    static let addCloseFrom: AddCloseFrom? = dlsym(dlopen(nil, RTLD_NOW), "posix_spawn_file_actions_addclosefrom_np")
        .map { unsafeBitCast($0, to: AddCloseFrom.self) }

    /// The child closes every descriptor from 3 up: otherwise a tool that runs for the whole
    /// test keeps copies of whatever other suites had open at that instant (a socket that
    /// then never closes, the write end of a pipe whose reader never sees its end).
    public static func closeOthers(_ actions: inout posix_spawn_file_actions_t) {
        _ = addCloseFrom?(&actions, 3)
    }

    /// Writing to a tool that has already exited must fail the write, not kill the whole
    /// test process with SIGPIPE (children get the default action back when spawned).
    public static func ignoreBrokenPipes() {
        signal(SIGPIPE, SIG_IGN)
    }

    /// A program that could not be started: `posix_spawnp`'s error.
    public struct SpawnFailed: Error, CustomStringConvertible {
        public var argv: [String]
        public var code: Int32
        public var description: String { "cannot run \(argv.first ?? ""): \(String(cString: strerror(code)))" }
    }

    /// Starts `argv` with `actions`, plus the two things every program a test starts needs:
    /// no descriptor inherited beyond 0-2 (``closeOthers(_:)``), and every signal at its
    /// default with none blocked (the test runner's threads block most signals; a child
    /// started with that mask ignores Ctrl-C and SIGTERM, and a daemon never finishes).
    public static func spawn(_ argv: [String], actions: inout posix_spawn_file_actions_t) throws -> pid_t {
        closeOthers(&actions)
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
        guard spawned == 0 else { throw SpawnFailed(argv: argv, code: spawned) }
        return pid
    }
}
