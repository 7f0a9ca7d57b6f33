#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A pseudo-terminal pair: this process keeps the primary side; the child's standard
/// input, output and error are the other side, which becomes its controlling terminal.
struct PseudoTerminal {
    let primary: Int32
    let secondaryPath: String

    init(size: winsize) throws {
        let calls = PTYCalls.shared
        let fd = calls.openpt(O_RDWR | O_NOCTTY)
        guard fd >= 0, calls.grantpt(fd) == 0, calls.unlockpt(fd) == 0, let name = calls.ptsname(fd) else {
            throw RuntimeError.system("posix_openpt", errno)
        }
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        var size = size
        _ = ioctl(fd, UInt(TIOCSWINSZ), &size)
        primary = fd
        secondaryPath = String(cString: name)
    }

    /// Starts the child in a session of its own whose controlling terminal is the
    /// secondary side, with the default signal handling and mask.
    func spawn(executable: String, arguments: [String]) throws -> pid_t {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for sig in SignalPipe.watched + [SIGPIPE] { sigaddset(&defaults, sig) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        // A new session first, so opening the terminal below makes it the controlling one.
        posix_spawnattr_setflags(&attributes, Int16(PTYCalls.spawnNewSession | Int32(POSIX_SPAWN_SETSIGMASK) | Int32(POSIX_SPAWN_SETSIGDEF)))
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, secondaryPath, O_RDWR, 0)
        posix_spawn_file_actions_adddup2(&actions, 0, 1)
        posix_spawn_file_actions_adddup2(&actions, 0, 2)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid = pid_t()
        #if canImport(Glibc)
        let environment = environ
        #else
        let environment = _NSGetEnviron().pointee
        #endif
        let result = posix_spawn(&pid, executable, &actions, &attributes, argv, environment)
        guard result == 0 else {
            throw RuntimeError.message("cannot start porttutor's screen for the recording (\(executable)): \(String(cString: strerror(result))).")
        }
        return pid
    }
}

/// The pseudo-terminal calls Swift's Glibc module hides (they need `_XOPEN_SOURCE`), looked
/// up once with `dlsym`, as `GNUExtensions` does in Sockets, so no C shim is needed.
struct PTYCalls: Sendable {
    typealias Open = @convention(c) (Int32) -> Int32
    typealias OnDescriptor = @convention(c) (Int32) -> Int32
    typealias Name = @convention(c) (Int32) -> UnsafeMutablePointer<CChar>?

    let openpt: Open
    let grantpt: OnDescriptor
    let unlockpt: OnDescriptor
    let ptsname: Name

    static let shared: PTYCalls = {
        let libc = dlopen(nil, RTLD_NOW)
        func find<T>(_ name: String, _ type: T.Type) -> T {
            // Every libc has these four (POSIX): their absence is a broken system.
            guard let symbol = dlsym(libc, name) else { fatalError("libc has no \(name)") }
            return unsafeBitCast(symbol, to: type)
        }
        return PTYCalls(openpt: find("posix_openpt", Open.self), grantpt: find("grantpt", OnDescriptor.self),
                        unlockpt: find("unlockpt", OnDescriptor.self), ptsname: find("ptsname", Name.self))
    }()

    /// POSIX_SPAWN_SETSID: from <spawn.h> under _GNU_SOURCE on glibc; Darwin's own value.
    #if canImport(Glibc)
    static let spawnNewSession: Int32 = 0x80
    #else
    static let spawnNewSession: Int32 = Int32(POSIX_SPAWN_SETSID)
    #endif
}
