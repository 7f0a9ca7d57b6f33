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
