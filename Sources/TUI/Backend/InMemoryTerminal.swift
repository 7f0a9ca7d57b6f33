import Tutor
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A terminal in memory, as ratatui's TestBackend: tests queue what a learner would send
/// and read back the frame the loop drew (text, roles, reverse video, cursor). What ncurses
/// would hand over goes through the same `NcursesRead.decode` as the real terminal.
public final class InMemoryTerminal: TerminalBackend {
    public private(set) var size: TerminalSize
    /// The last frame drawn, as the learner would see it now.
    public private(set) var frame: Frame?
    public private(set) var framesDrawn = 0
    public private(set) var isEnded = false

    private enum Pending {
        case read(NcursesRead)
        case decoded(TerminalInput)
    }

    private var pending: [Pending] = []
    /// A pipe with a byte in it while input waits, so poll() wakes as for a real terminal.
    private let wakeRead: Int32
    private let wakeWrite: Int32

    public init(size: TerminalSize) throws(TerminalError) {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { throw TerminalError(description: "pipe failed: errno \(errno)") }
        for fd in fds {
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        }
        wakeRead = fds[0]
        wakeWrite = fds[1]
        self.size = size
    }

    deinit {
        close(wakeRead)
        close(wakeWrite)
    }

    // MARK: What tests send

    /// Raw bytes, as ncurses passes on everything that is not a known escape sequence:
    /// UTF-8 text, control bytes (0x11 is Ctrl-Q), ESC then a character (Alt).
    public func send(bytes: [UInt8]) {
        let scalars = String(decoding: bytes, as: UTF8.self).unicodeScalars
        enqueue(scalars.map { .read(.character($0.value)) })
    }

    /// Text typed, one character after another.
    public func type(_ text: String) {
        send(bytes: Array(text.utf8))
    }

    /// What ncurses reports: key codes (`KEY_UP`), mouse reports, resizes.
    public func send(_ reads: [NcursesRead]) {
        enqueue(reads.map { .read($0) })
    }

    /// A key already decoded.
    public func press(_ key: Key) {
        enqueue([.decoded(.key(key))])
    }

    /// A left click at a cell.
    public func click(x: Int, y: Int) {
        enqueue([.decoded(.mousePress(x: x, y: y))])
    }

    /// The window changed size, reported as ncurses reports it (KEY_RESIZE).
    public func resize(to newSize: TerminalSize) {
        size = newSize
        enqueue([.read(.resized(newSize))])
    }

    private func enqueue(_ items: [Pending]) {
        guard !items.isEmpty else { return }
        pending += items
        var byte: UInt8 = 1
        _ = write(wakeWrite, &byte, 1)
    }

    // MARK: TerminalBackend

    public var inputDescriptor: Int32 { wakeRead }

    public func readInput() -> [TerminalInput] {
        var drained = [UInt8](repeating: 0, count: 64)
        while read(wakeRead, &drained, drained.count) > 0 {}
        var inputs: [TerminalInput] = []
        var reads: [NcursesRead] = []
        for item in pending {
            switch item {
            case .read(let read):
                reads.append(read)
            case .decoded(let input):
                inputs += NcursesRead.decode(reads) + [input]
                reads = []
            }
        }
        pending = []
        return inputs + NcursesRead.decode(reads)
    }

    public func draw(_ frame: Frame) {
        guard frame.screen.size == size else { return }
        self.frame = frame
        framesDrawn += 1
    }

    public func resizeToTerminal() -> TerminalSize { size }

    public func end() { isEnded = true }
}
