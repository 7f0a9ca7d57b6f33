#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `--record FILE.cast`: runs porttutor's screen in a pseudo-terminal this process owns and
/// relays it, like `script` and `asciinema rec` do: what the screen writes goes to the real
/// terminal unchanged and, with its time, to an asciicast file; what is typed goes to the
/// screen. The screen is a child process, so the recording captures exactly the bytes the
/// terminal receives while each process keeps one thread and one poll loop (a screen
/// writing into a pty that its own thread must drain could block on a large frame).
public final class RecordingRelay {
    private let cast: Int32
    private var encoder = AsciicastEncoder()
    private let start = ContinuousClock.now

    /// Opens (creates or truncates) the cast file. The caller decided it may be written.
    public init(castPath: String) throws {
        let fd = open(castPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOCTTY, 0o644)
        guard fd >= 0 else {
            throw RuntimeError.message("cannot write the recording \(castPath): \(String(cString: strerror(errno))).")
        }
        cast = fd
    }

    deinit { close(cast) }

    /// Whether `path` may be written: it does not exist, or it is an asciicast (a class
    /// recorded again), or `force` says so. Throws the reason otherwise.
    public static func checkTarget(_ path: String, force: Bool) throws {
        guard !force else { return }
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK)
        if fd < 0 {
            if errno == ENOENT { return }
            throw RuntimeError.message("cannot check \(path) before recording over it: \(String(cString: strerror(errno))).")
        }
        defer { close(fd) }
        var info = stat()
        if fstat(fd, &info) == 0, info.st_mode & S_IFMT != S_IFREG {
            throw RuntimeError.message("\(path) is not a regular file; give a file name for the recording, such as class.cast.")
        }
        var head = [UInt8](repeating: 0, count: 256)
        let count = max(0, read(fd, &head, head.count))
        if info.st_size == 0 || isAsciicastHeader(Array(head[0..<count])) { return }
        throw RuntimeError.message("\(path) exists and is not an asciicast recording; porttutor will not write over it. Choose another name (class.cast), or add --force to replace it.")
    }

    /// The start of an asciicast v2 file: a JSON object whose version is 2.
    static func isAsciicastHeader(_ bytes: [UInt8]) -> Bool {
        let text = String(decoding: bytes, as: UTF8.self)
        guard text.hasPrefix("{") else { return false }
        let compact = text.filter { !$0.isWhitespace }
        return compact.contains("\"version\":2,") || compact.contains("\"version\":2}")
    }

    /// Runs `executable` with `arguments` in a new pseudo-terminal of the real one's size,
    /// relaying until it ends; returns its exit status (128 + the signal that killed it).
    public func run(executable: String, arguments: [String], title: String) throws -> Int32 {
        var size = winsize()
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1,
              ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0 else {
            throw RuntimeError.message("--record needs a terminal: standard input and output must be one.")
        }
        let pty = try PseudoTerminal(size: size)
        defer { close(pty.primary) }
        let env = getenv
        record(AsciicastEncoder.header(width: Int(size.ws_col), height: Int(size.ws_row), timestamp: time(nil),
                                       term: env("TERM").map { String(cString: $0) },
                                       shell: env("SHELL").map { String(cString: $0) }, title: title))
        let signals = try SignalPipe()
        let child = try pty.spawn(executable: executable, arguments: arguments)
        var saved = termios()
        let hasModes = tcgetattr(STDIN_FILENO, &saved) == 0
        if hasModes {
            var raw = saved
            cfmakeraw(&raw)
            tcsetattr(STDIN_FILENO, TCSANOW, &raw)
        }
        defer { if hasModes { tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved) } }

        var status: Int32?
        var screenOpen = true
        var inputOpen = true
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while screenOpen {
            var fds = [pollfd(fd: pty.primary, events: Int16(POLLIN), revents: 0),
                       pollfd(fd: inputOpen ? STDIN_FILENO : -1, events: Int16(POLLIN), revents: 0),
                       pollfd(fd: signals.readDescriptor, events: Int16(POLLIN), revents: 0)]
            if poll(&fds, 3, -1) < 0 {
                if errno == EINTR { continue }
                throw RuntimeError.system("poll", errno)
            }
            if fds[0].revents != 0 {
                let count = read(pty.primary, &buffer, buffer.count)
                if count > 0 {
                    relay(buffer[0..<count])
                } else if !(count < 0 && (errno == EINTR || errno == EAGAIN)) {
                    screenOpen = false  // EIO: every copy of the screen's side is closed
                }
            }
            if fds[1].revents != 0 {
                let count = read(STDIN_FILENO, &buffer, buffer.count)
                if count > 0 {
                    writeAll(pty.primary, buffer[0..<count])
                } else if !(count < 0 && (errno == EINTR || errno == EAGAIN)) {
                    // The real terminal went away: the screen is told as a terminal would tell it.
                    inputOpen = false
                    kill(child, SIGHUP)
                }
            }
            if fds[2].revents != 0 {
                for sig in signals.drain() {
                    switch sig {
                    case SIGWINCH:
                        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0 {
                            _ = ioctl(pty.primary, UInt(TIOCSWINSZ), &size)
                            record(AsciicastEncoder.resize(columns: Int(size.ws_col), rows: Int(size.ws_row), at: seconds))
                        }
                    case SIGCHLD:
                        if status == nil { status = Self.reap(child, wait: false) }
                    default:
                        kill(child, sig)  // SIGINT, SIGTERM, SIGHUP: the screen decides
                    }
                }
            }
        }
        if let rest = encoder.finish(at: seconds) { record(rest) }
        return status ?? Self.reap(child, wait: true) ?? 1
    }

    private var seconds: Double {
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    private func relay(_ bytes: ArraySlice<UInt8>) {
        writeAll(STDOUT_FILENO, bytes)
        if let line = encoder.output(bytes, at: seconds) { record(line) }
    }

    private func record(_ line: [UInt8]) {
        writeAll(cast, line[...])
    }

    private func writeAll(_ fd: Int32, _ bytes: ArraySlice<UInt8>) {
        var offset = bytes.startIndex
        while offset < bytes.endIndex {
            let written = bytes[offset...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if written < 0 && (errno == EINTR || errno == EAGAIN) { continue }
            if written <= 0 { return }
            offset += written
        }
    }

    /// The child's exit status once it ended; nil while it runs (without `wait`).
    private static func reap(_ child: pid_t, wait: Bool) -> Int32? {
        var raw: Int32 = 0
        let result = waitpid(child, &raw, wait ? 0 : WNOHANG)
        guard result == child else { return nil }
        let signal = raw & 0x7F
        return signal == 0 ? (raw >> 8) & 0xFF : 128 + signal
    }
}

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
