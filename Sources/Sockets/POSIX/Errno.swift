#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SocketsCore
import ToolCommands
import NetworkTypes

extension Errno {
    /// The current thread's `errno`, with the C library's words for it.
    static var current: Errno { Errno(system: errno) }

    /// An error number from a system call, keeping `strerror`'s words for it.
    init(system code: Int32) {
        self.init(rawValue: code, message: String(cString: strerror(code)))
    }

    var isWouldBlock: Bool { rawValue == EAGAIN || rawValue == EWOULDBLOCK }
}
