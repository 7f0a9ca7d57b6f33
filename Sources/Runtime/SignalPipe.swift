#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Turns signals into bytes on a pipe, so the run loop's poll() sees them like any input
/// (the self-pipe trick). The handler only writes one byte: async-signal-safe.
public final class SignalPipe {
    public let readDescriptor: Int32
    private let writeDescriptor: Int32

    // Unsafe by necessity, at the C boundary: the signal handler can reach only a global;
    // it is set before the handlers are installed and only read by them.
    nonisolated(unsafe) private static var writeEnd: Int32 = -1

    /// SIGQUIT is a request to quit like SIGTERM: caught here, it also keeps Swift's crash
    /// backtracer (which answers SIGQUIT by default) from drawing over the screen.
    public static let watched: [Int32] = [SIGWINCH, SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGCHLD]

    public init() throws {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { throw RuntimeError.system("pipe", errno) }
        for fd in fds {
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        }
        readDescriptor = fds[0]
        writeDescriptor = fds[1]
        SignalPipe.writeEnd = fds[1]
        for sig in SignalPipe.watched {
            var action = sigaction()
            #if canImport(Glibc)
            action.__sigaction_handler.sa_handler = { sig in SignalPipe.note(sig) }
            #else
            action.__sigaction_u.__sa_handler = { sig in SignalPipe.note(sig) }
            #endif
            action.sa_flags = Int32(truncatingIfNeeded: SA_RESTART)
            sigemptyset(&action.sa_mask)
            sigaction(sig, &action, nil)
        }
        // Writing to a socket whose peer left must be an error to report, not a death.
        signal(SIGPIPE, SIG_IGN)
    }

    deinit {
        for sig in SignalPipe.watched { signal(sig, SIG_DFL) }
        SignalPipe.writeEnd = -1
        close(readDescriptor)
        close(writeDescriptor)
    }

    private static func note(_ sig: Int32) {
        var byte = UInt8(truncatingIfNeeded: sig)
        let saved = errno
        _ = write(writeEnd, &byte, 1)
        errno = saved
    }

    /// The signals delivered since the last call, in order, without duplicates in a row.
    public func drain() -> [Int32] {
        var signals: [Int32] = []
        var buffer = [UInt8](repeating: 0, count: 64)
        while true {
            let n = read(readDescriptor, &buffer, buffer.count)
            if n <= 0 { break }
            for b in buffer[0..<n] where signals.last != Int32(b) { signals.append(Int32(b)) }
        }
        return signals
    }
}

/// A failure of the runtime itself, with the system call and errno in words.
public enum RuntimeError: Error, CustomStringConvertible {
    case system(String, Int32)
    case message(String)

    public var description: String {
        switch self {
        case .system(let call, let code): "\(call) failed: \(String(cString: strerror(code)))"
        case .message(let text): text
        }
    }
}
