#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Asks the terminal its background colour before ncurses starts (`--theme auto`): the
/// question goes out, the terminal's modes are set to hand its answer over unechoed, and
/// the answer is read with a short timeout. A terminal that says nothing leaves the choice
/// to the caller (dark).
public enum BackgroundQuery {
    /// How long a silent terminal can hold up the start.
    public static let timeout: Duration = .milliseconds(250)

    /// The background the terminal on standard input and output reports, or nil.
    public static func ask(timeout: Duration = BackgroundQuery.timeout) -> TerminalBackground? {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else { return nil }
        var saved = termios()
        guard tcgetattr(STDIN_FILENO, &saved) == 0 else { return nil }
        var quiet = saved
        quiet.c_lflag &= ~tcflag_t(ICANON | ECHO)
        withUnsafeMutableBytes(of: &quiet.c_cc) { cc in
            cc[Int(VMIN)] = 0
            cc[Int(VTIME)] = 0
        }
        guard tcsetattr(STDIN_FILENO, TCSANOW, &quiet) == 0 else { return nil }
        // Whatever is left unread (a late answer) is dropped, not typed into the lesson.
        defer { tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved) }
        let query = BackgroundColorReply.query
        guard query.withUnsafeBufferPointer({ write(STDOUT_FILENO, $0.baseAddress, $0.count) }) == query.count else {
            return nil
        }
        var received: [UInt8] = []
        let start = ContinuousClock.now
        while received.count < 1024 {
            let left = timeout - (ContinuousClock.now - start)
            if left <= .zero { break }
            var fds = [pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)]
            let milliseconds = Int32(left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000 + 1)
            let ready = poll(&fds, 1, milliseconds)
            if ready < 0 && errno == EINTR { continue }
            if ready <= 0 { break }
            var buffer = [UInt8](repeating: 0, count: 256)
            let count = read(STDIN_FILENO, &buffer, buffer.count)
            if count <= 0 { break }
            received += buffer[0..<count]
            if let reply = BackgroundColorReply(in: received) { return reply.background }
            if BackgroundColorReply.containsDeviceAttributes(received) { return nil }
        }
        return nil
    }
}
