#if canImport(Glibc)
import Glibc
#endif

/// What every test that starts long-lived tools needs, as suites run in parallel in one
/// process. Shared by the suites that spawn real programs (nc, telnet, tcpdump, tmux).
public enum SpawnHygiene {
    typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
    /// glibc ≥ 2.34; Swift's Glibc module hides it, so it is looked up by name.
    nonisolated(unsafe) static let addCloseFrom: AddCloseFrom? = dlsym(dlopen(nil, RTLD_NOW), "posix_spawn_file_actions_addclosefrom_np")
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
}
