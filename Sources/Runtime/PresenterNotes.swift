import SafeText
import Tutor
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Demo mode's presenter notes, written to a second terminal (`/dev/pts/N`) or a file as
/// each step begins. Opened non-blocking: a stuck terminal never stalls the room's screen.
public final class PresenterNotes: IOSource {
    private let descriptor: Int32

    /// Opens `path` for writing (appending to a file); throws a clear message when it cannot.
    public init(path: String) throws {
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_NONBLOCK | O_CLOEXEC | O_NOCTTY, 0o644)
        guard fd >= 0 else {
            throw RuntimeError.message("cannot open the notes output \(path): \(String(cString: strerror(errno))). Give a terminal such as /dev/pts/3 (run `tty` in it) or a file path.")
        }
        descriptor = fd
    }

    public var pollRequests: [PollRequest] { [] }
    public var nextDeadline: Duration? { nil }
    public func handle(descriptor: Int32, revents: Int16, now: Duration) -> [Event] { [] }
    public func deadlineReached(now: Duration) -> [Event] { [] }

    /// `Effect.presenterNotes`.
    public func send(_ text: String) -> [Event] {
        // The notes quote lesson text, and the terminal they go to runs no sanitiser of its own.
        let safe = SafeText.multiline(untrusted: text)
        let bytes = Array(("\n" + String(repeating: "─", count: 60) + "\n" + safe + "\n").utf8)
        _ = bytes.withUnsafeBufferPointer { write(descriptor, $0.baseAddress, $0.count) }
        return []
    }

    public func shutDown() { close(descriptor) }
}
